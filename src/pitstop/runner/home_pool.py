"""Job homes handed on: a job that left its home exactly as it found it passes it to the next.

Making a fresh home (`job_home.create`) is a dozen folders and links, and on some disks each
of those calls costs a tenth of a millisecond or more; most jobs never write to `~` at all.
So a job's home comes from this pool when one is free, and goes back to it at the job's end
only when nothing in it changed. "Unchanged" is checked, never assumed from timestamps: every
entry of the home is the same file system object (device and inode) with the same type,
mode, owner, link count, extended attributes and content (a folder's names, a link's
target, a file's bytes) as when the home was made, and every folder lists exactly the names
it had. A home in that state cannot be told from a fresh one by anything a step reads except
its timestamps. A job whose processes outlived its steps, or that was cancelled, keeps its
home (something may still be writing to it), as does any job whose home changed: it stays in
the job's folder for you to read, and the next job gets a fresh one.

A handed-on home is renamed into each job's folder in turn (`<job dir>/home`), so HOME and
the XDG folders are always inside the job running; the job that handed it on has no `home`
folder left. Homes still in the pool are deleted with the snapshot when the run ends.
"""

from __future__ import annotations

import itertools
import os
import stat
import threading
from dataclasses import dataclass
from pathlib import Path

from pitstop.runner import job_home

LARGEST_FILE = 1 << 20  # bytes: a home's files are pitstop's small git config


@dataclass(frozen=True)
class Entry:
    """One file system object of a home, as a step could observe it (timestamps aside)."""

    path: str  # relative to the home; "" for the home itself
    device: int
    inode: int
    mode: int
    owner: tuple[int, int]
    links: int
    size: int  # 0 for a folder (its names are its content)
    xattrs: tuple[tuple[str, bytes], ...]
    # A folder's names, a link's target, a file's bytes (None: a file too large to read).
    content: tuple[str, ...] | str | bytes | None


State = tuple[Entry, ...]


@dataclass(frozen=True)
class Lease:
    """A home lent to one job, and the state it must be in to be handed on."""

    home: Path
    state: State
    git_config: str


class HomePool:
    def __init__(self, folder: Path, package_caches: Path | None) -> None:
        self.folder = folder  # where free homes wait, inside the run dir
        self.package_caches = package_caches
        self._lock = threading.Lock()
        self._free: dict[str, list[tuple[Path, State]]] = {}  # by the homes' git config
        self._names = itertools.count()
        self._made = False

    def take(self, home: Path, git_config: str) -> tuple[Lease, dict[str, str]]:
        """Make `home` (new) a job's home: a free one moved there, or a fresh one."""
        with self._lock:
            free = self._free.get(git_config)
            found = free.pop() if free else None
        if found is not None:
            try:
                found[0].rename(home)
                env = job_home.variables(home, self.package_caches)
                return Lease(home, found[1], git_config), env
            except OSError:  # the spare home is gone (a cleaner, a full disk): make a new one
                pass
        env = job_home.prepare(home, self.package_caches, git_config)
        return Lease(home, state(home), git_config), env

    def give_back(self, lease: Lease) -> bool:
        """Hand the home on if it is exactly as it was lent; whether it was."""
        if not unchanged(lease.home, lease.state):
            return False
        with self._lock:
            if not self._made:
                self.folder.mkdir(parents=True, exist_ok=True)
                self._made = True
            spare = self.folder / str(next(self._names))
        lease.home.rename(spare)
        with self._lock:
            self._free.setdefault(lease.git_config, []).append((spare, lease.state))
        return True


def state(home: Path) -> State:
    """Every entry of `home`, folders before what they hold, names in sorted order."""
    base = os.fspath(home)
    entries: list[Entry] = []
    pending = [""]
    while pending:
        relative = pending.pop()
        entry = _entry(base, relative)
        entries.append(entry)
        if isinstance(entry.content, tuple):
            pending.extend(_join(relative, name) for name in reversed(entry.content))
    return tuple(entries)


def unchanged(home: Path, expected: State) -> bool:
    """Whether `home` is still in the `expected` state. Every folder's names are compared, so
    an added entry shows in its folder's; it stops at the first difference."""
    if any(entry.content is None and stat.S_ISREG(entry.mode) for entry in expected):
        return False  # a file too large to compare: never handed on
    base = os.fspath(home)
    try:
        return all(_entry(base, entry.path) == entry for entry in expected)
    except OSError:  # an entry gone, or turned unreadable
        return False


# Runs for every entry of every job's home, so on strings with `os`, not Path objects.
def _entry(home: str, relative: str) -> Entry:
    path = f"{home}/{relative}" if relative else home
    info = os.lstat(path)
    folder = stat.S_ISDIR(info.st_mode)
    content: tuple[str, ...] | str | bytes | None = None
    if folder:
        content = tuple(sorted(os.listdir(path)))  # noqa: PTH208
    elif stat.S_ISLNK(info.st_mode):
        content = os.readlink(path)  # noqa: PTH115
    elif stat.S_ISREG(info.st_mode) and info.st_size <= LARGEST_FILE:
        with open(path, "rb") as handle:
            content = handle.read()
    return Entry(
        relative,
        info.st_dev,
        info.st_ino,
        info.st_mode,
        (info.st_uid, info.st_gid),
        info.st_nlink,
        0 if folder else info.st_size,
        _xattrs(path),
        content,
    )


def _xattrs(path: str) -> tuple[tuple[str, bytes], ...]:
    try:
        names = os.listxattr(path, follow_symlinks=False)
        return tuple(
            (name, os.getxattr(path, name, follow_symlinks=False)) for name in sorted(names)
        )
    except OSError:  # a file system without extended attributes
        return ()


def _join(relative: str, name: str) -> str:
    return f"{relative}/{name}" if relative else name
