"""The repository's default branch, from git itself."""

from __future__ import annotations

import subprocess
from pathlib import Path

DEFAULT_BRANCH = "main"


def detect(root: Path) -> str:
    """`origin`'s HEAD when known, else `init.defaultBranch`-style local main/master."""
    remote = _git(root, "symbolic-ref", "--short", "refs/remotes/origin/HEAD")
    if remote:
        return remote.split("/", 1)[-1]
    for name in ("main", "master"):
        if _git(root, "rev-parse", "--verify", "--quiet", f"refs/heads/{name}"):
            return name
    return _git(root, "symbolic-ref", "--short", "HEAD") or DEFAULT_BRANCH


def _git(root: Path, *args: str) -> str:
    try:
        done = subprocess.run(
            ["git", "-C", str(root), *args], capture_output=True, text=True, check=False
        )
    except FileNotFoundError:
        return ""
    return done.stdout.strip() if done.returncode == 0 else ""
