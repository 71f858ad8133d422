"""The end-of-job secret scrub: no secret stays in a file the run wrote, and nothing outside
the run directory is ever written.

A file is never rewritten in place: its masked text goes to a temporary file in the same
folder, which then replaces the file by `rename`, so a hard link or a symlink is never written
through. A file that shares its inode with another name (`st_nlink > 1`, as uv's and pip's
cache hard links do) is not touched at all, since the other name may lie outside the run
directory (the user's cache); nor is a symlink, and a symlinked folder is never entered.
Files with other links that still hold a secret are reported, never silently kept.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from pitstop.runner.masking import Masker

_SHOWN = 5  # paths named in a report; the rest are counted


@dataclass
class Scrubbed:
    """What a scrub did: files masked, and files left alone that still hold a secret."""

    masked: list[Path] = field(default_factory=list)
    linked: list[Path] = field(default_factory=list)  # other hard links: not rewritten

    def notes(self, root: Path) -> list[str]:
        if not self.linked:
            return []
        names = [_relative(path, root) for path in self.linked[:_SHOWN]]
        more = len(self.linked) - _SHOWN
        listed = ", ".join(names) + (f" and {more} more" if more > 0 else "")
        return [
            f"secret left in {len(self.linked)} file(s) with other hard links, not rewritten "
            f"(another name of the file may be outside the run directory): {listed}"
        ]


def scrub_tree(masker: Masker, root: Path, since: float | None = None) -> Scrubbed:
    """Mask every regular file under `root` (modified at or after `since`, when given)."""
    done = Scrubbed()
    if not masker.values or not root.is_dir():
        return done
    # os.walk never enters a symlinked folder (followlinks=False): every folder it reaches
    # is inside `root` by construction.
    for directory, _, names in os.walk(root, followlinks=False):
        for name in names:
            path = Path(directory, name)
            _scrub_entry(masker, path, since, done)
    return done


def scrub_file(masker: Masker, path: Path) -> Scrubbed:
    """Mask one file by the same rules (a job's log)."""
    done = Scrubbed()
    if masker.values:
        _scrub_entry(masker, path, None, done)
    return done


def _scrub_entry(masker: Masker, path: Path, since: float | None, done: Scrubbed) -> None:
    try:
        info = path.lstat()
    except OSError:
        return
    if not stat.S_ISREG(info.st_mode):
        return  # symlinks, FIFOs, sockets, devices: never opened
    if since is not None and info.st_mtime < since - 1:
        return
    data = _read(path)
    if data is None:
        return
    masked = masker.mask(data.decode("utf-8", errors="surrogateescape"))
    new = masked.encode("utf-8", errors="surrogateescape")
    if new == data:
        return
    if info.st_nlink > 1:
        done.linked.append(path)
        return
    if _replace(path, new, info):
        done.masked.append(path)


def _read(path: Path) -> bytes | None:
    """The file's bytes, opened without following a symlink swapped in since `lstat`."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return None
    with open(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            return None
        return handle.read()


def _replace(path: Path, data: bytes, info: os.stat_result) -> bool:
    """Write `data` next to `path`, then rename it over `path` (never through a link)."""
    try:
        fd, name = tempfile.mkstemp(dir=path.parent, prefix=".pitstop-scrub-")
    except OSError:
        return False
    temp = Path(name)
    try:
        with open(fd, "wb") as handle:
            handle.write(data)
        temp.chmod(stat.S_IMODE(info.st_mode))
        temp.replace(path)
    except OSError:
        with contextlib.suppress(OSError):
            temp.unlink()
        return False
    return True


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)
