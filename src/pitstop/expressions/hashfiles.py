"""`hashFiles()`: GitHub's digest of the files matching glob patterns in the workspace.

GitHub's runner globs with @actions/glob (`pitstop.github.glob`: ordered patterns, implicit
descendants, `*` matching names starting with a dot) and hashes in the order the glob yields
files, keeping only files inside the workspace. The result is the hex sha256 of the
concatenated binary sha256 digests of the matched files, or '' when no file matched.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

from pitstop.github.glob import GlobError, glob, parse_patterns

FOLLOW_SYMLINKS_OPTION = "--follow-symbolic-links"


class HashFilesError(Exception):
    """A pattern GitHub rejects, or a file that cannot be read."""


def hash_files(arguments: Sequence[str], workspace: str | None) -> str:
    root = Path(workspace).absolute() if workspace else Path.cwd()
    follow = bool(arguments) and arguments[0].startswith("--")
    if follow and arguments[0].lower() != FOLLOW_SYMLINKS_OPTION:
        raise HashFilesError(
            f"Invalid glob option {arguments[0]}, available option: '{FOLLOW_SYMLINKS_OPTION}'."
        )
    lines = "\n".join(arguments[1:] if follow else arguments).split("\n")
    workspace_prefix = str(root).rstrip("/") + "/"
    digest = hashlib.sha256()
    matched = False
    try:
        for file in glob(parse_patterns(lines, root), follow_symlinks=follow):
            if not str(file).startswith(workspace_prefix) or file.is_dir():
                continue
            digest.update(_file_digest(file))
            matched = True
    except GlobError as exc:
        raise HashFilesError(str(exc)) from None
    return digest.hexdigest() if matched else ""


def _file_digest(path: Path) -> bytes:
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 16), b""):
                digest.update(block)
    except OSError as exc:
        raise HashFilesError(f"cannot read '{path}': {exc.strerror}") from None
    return digest.digest()
