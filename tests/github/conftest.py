from __future__ import annotations

from tests.runner.conftest import git, repo

__all__ = ["git", "repo"]  # the runner's real-git fixtures, shared
