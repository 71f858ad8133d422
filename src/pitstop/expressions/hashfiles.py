"""`hashFiles()`: GitHub's digest of the files matching glob patterns in the workspace."""

from __future__ import annotations

from collections.abc import Sequence


def hash_files(patterns: Sequence[str], workspace: str | None) -> str:
    raise NotImplementedError
