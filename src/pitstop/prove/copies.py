"""Isolated copies of a project, each a fresh git repository with one commit."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from pitstop.github import git

# Without git: what a push would not carry (virtualenvs are also found by their pyvenv.cfg).
IGNORED = {".venv", "node_modules", "__pycache__", ".git", ".tox", ".nox", ".mypy_cache"}
HINT = "pitstop prove needs git and a project folder it can read"
GIT_IDENTITY = ("-c", "user.name=pitstop prove", "-c", "user.email=prove@pitstop.invalid")


def _run_git(cwd: Path, *args: str) -> str:
    """git as prove runs it: its own identity, a failure is a PitstopError."""
    return git.run(cwd, *GIT_IDENTITY, *args, hint=HINT)


def project_files(project: Path) -> list[str]:
    """The files a push would carry: tracked and untracked-but-not-ignored (or all files)."""
    if (project / ".git").exists():
        listed = _run_git(project, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
        return sorted({name for name in listed.split("\0") if (project / name).is_file()})
    found: list[str] = []
    for folder, dirs, files in os.walk(project):  # symlinked folders are not followed
        here = Path(folder)
        dirs[:] = [d for d in dirs if d not in IGNORED and not (here / d / "pyvenv.cfg").exists()]
        found += [(here / f).relative_to(project).as_posix() for f in files if (here / f).is_file()]
    return sorted(found)


def snapshot(project: Path, destination: Path, branch: str) -> Path:
    """Copy the project's files into `destination` and commit them on `branch`."""
    destination.mkdir(parents=True)
    for name in project_files(project):
        target = destination / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(project / name, target, follow_symlinks=False)
    _run_git(destination, "init", "--quiet", f"--initial-branch={branch}")
    commit(destination, "pitstop prove: the project as it is")
    return destination


def commit(repository: Path, message: str) -> None:
    _run_git(repository, "add", "--all")
    _run_git(repository, "commit", "--quiet", "--allow-empty", "--no-verify", "-m", message)
