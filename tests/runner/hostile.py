"""Helpers for the hostile-workflow tests: a fingerprint of a folder, and a run of the CLI
with the user's HOME and pitstop's own folders pointed at temporary directories."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pitstop import cli


def fingerprint(root: Path) -> dict[str, str]:
    """Every entry under `root` (hidden, ignored and untracked ones included): its kind,
    mode, and content or link target. Equal fingerprints: byte-identical trees."""
    found: dict[str, str] = {}
    for directory, dirs, files in os.walk(root):
        for name in sorted(dirs + files):
            path = Path(directory, name)
            stat = path.lstat()
            relative = path.relative_to(root).as_posix()
            if path.is_symlink():
                found[relative] = f"link {path.readlink()}"
            elif path.is_file():
                digest = hashlib.sha256(path.read_bytes()).hexdigest()
                found[relative] = f"file {stat.st_mode:o} {digest}"
            else:
                found[relative] = f"dir {stat.st_mode:o}"
    return found


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(repo), "-c", "user.name=T", "-c", "user.email=t@example.com", *args],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


def make_repo(root: Path, files: dict[str, str], workflow: str) -> Path:
    root.mkdir(parents=True)
    git(root, "init", "-q", "-b", "main")
    for name, text in {**files, ".github/workflows/ci.yml": textwrap.dedent(workflow)}.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    git(root, "add", "-A")
    git(root, "commit", "-qm", "init")
    return root


@dataclass
class Home:
    """The user's HOME (a temporary one) with a life of its own in it."""

    path: Path

    def populate(self) -> None:
        for name, text in {
            ".bashrc": "export PS1='me$ '\n",
            ".gitconfig": "[user]\n\tname = Real User\n\temail = real@example.com\n",
            ".ssh/id_ed25519": "PRIVATE KEY\n",
            ".config/app/settings.ini": "[app]\nmine = 1\n",
            ".cache/pip/wheel.txt": "a cached wheel\n",
            ".cache/pre-commit/README": "the user's pre-commit store\n",
        }.items():
            (self.path / name).parent.mkdir(parents=True, exist_ok=True)
            (self.path / name).write_text(text)


def run(repo: Path, run_dir: Path, *extra: str) -> tuple[int, dict[str, Any]]:
    result = run_dir.parent / f"{run_dir.name}.json"
    argv = ["run", "-C", str(repo), "--run-dir", str(run_dir), "--json", str(result), *extra]
    code = cli.main(argv)
    document: dict[str, Any] = json.loads(result.read_text()) if result.exists() else {}
    return code, document
