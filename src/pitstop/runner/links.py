"""Symbolic links in a snapshot never lead out of it.

A repository may hold links that resolve outside the workspace: an absolute one
(`config -> /home/you/project/settings.py`) or a relative one with enough `..`. In a run
on your machine, a step writing through such a link (`echo x > config`) would write into
your checkout or anywhere else. So, once per run, every link of the snapshot whose target
(fully resolved, links within links included) is outside the snapshot is replaced by a
dangling link to `<outside>/<that target>`, a path inside the run dir that does not exist:
reading it fails as it would on a fresh runner where your paths do not exist, and writing
through it lands in the run dir. Links within the repository are kept as they are.
"""

from __future__ import annotations

import os
from pathlib import Path


def contain_links(root: Path, outside: Path) -> list[str]:
    """Re-point the links under `root` that escape it; the relative paths of those links."""
    root = root.resolve()
    moved: list[str] = []
    for link in _links(root):
        target = os.path.realpath(link)
        if Path(target).is_relative_to(root):
            continue
        link.unlink()
        link.symlink_to(outside / target.lstrip("/"))
        moved.append(link.relative_to(root).as_posix())
    return moved


def _links(root: Path) -> list[Path]:
    found: list[Path] = []
    pending = [root]
    while pending:
        directory = pending.pop()
        with os.scandir(directory) as entries:
            for entry in entries:
                if entry.is_symlink():
                    found.append(Path(entry.path))
                elif entry.is_dir(follow_symlinks=False) and entry.path != str(root / ".git"):
                    pending.append(Path(entry.path))
    return found
