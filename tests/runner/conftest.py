from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Ada Tester",
    "GIT_AUTHOR_EMAIL": "ada@example.com",
    "GIT_COMMITTER_NAME": "Ada Tester",
    "GIT_COMMITTER_EMAIL": "ada@example.com",
    "GIT_CONFIG_NOSYSTEM": "1",
}

Git = Callable[..., str]


@pytest.fixture
def git(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Git:
    """Run git with a fixed identity and no global config: git(repo, "commit", ...)."""
    home = tmp_path / "home"
    home.mkdir()
    for key, value in {**GIT_ENV, "HOME": str(home)}.items():
        monkeypatch.setenv(key, value)

    def run(repo: Path, *args: str) -> str:
        done = subprocess.run(
            ["git", "-C", str(repo), *args], capture_output=True, text=True, check=True
        )
        return done.stdout.strip()

    return run


@pytest.fixture
def repo(tmp_path: Path, git: Git) -> Path:
    """A repository on branch main with one commit of a few files."""
    root = tmp_path / "shop"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "gc.auto", "0")
    (root / "README.md").write_text("shop\n")
    (root / "src").mkdir()
    (root / "src" / "app.py").write_text("print('hi')\n")
    script = root / "run.sh"
    script.write_text("#!/bin/sh\necho run\n")
    script.chmod(0o755)
    (root / ".gitignore").write_text("*.log\n.venv/\n")
    (root / "link.py").symlink_to("src/app.py")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "first commit")
    return root
