"""Restored venvs handed back to the store at the end of a job, and taken by the next restore.

A venv restored from the store (`venv_store.restore`) is a tree of hard links to the saved
files, plus the few files with the venv's own path written in (`bin/` scripts, `pyvenv.cfg`).
Deleting it when its job is over and linking a new one for the next job with the same key
costs about a second of `unlink`/`link`/`mkdir` system calls each for the reference project's
dev lock (15,000 entries). Instead, a job that ended clean (no process left, its services
stopped, not cancelled) parks each venv it restored in `<store>/<key>/spares/` with one
rename, and the next restore of that key takes one with another rename, rewrites its
own-path files, and swaps it in.

A spare is parked, and taken, only when it is exactly what a new clone would be (`_Exact`):

- each folder holds the names the saved one holds, no more and no fewer;
- each file is the saved file itself (the same inode), and the saved file is unchanged (its
  size and modification time are the manifest's); or it is one of the own-path files, a file
  of its own with the saved content, the spare's path in place of the saved venv's, and the
  mode a clone gives it;
- each symlink points where the saved one does, and each folder has the mode and owner a
  clone's folders get.

The check is one pass of `lstat` over both trees and writes nothing; anything else and the
spare is not parked (it stays in the job's folder) or, when taken, is deleted and the venv is
cloned as before. A rename cannot cross file systems, so a job folder on another file system
than the store never parks or takes a spare.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import tempfile
from pathlib import Path

from pitstop.actions import venv_seeds
from pitstop.runner.venv_store import MANIFEST, VENV

SPARES = "spares"
KEEP = 4  # spares per environment: about as many as one run's jobs use at once
ORIGIN = "origin"  # in each spare's folder: the path its venv had (written into bin/)


def park(store: Path, key: str, venv: Path) -> bool:
    """Move `venv`, restored from the environment `key`, among its spares if it is still
    exactly a clone of it; False (and `venv` where it was) otherwise."""
    entry = store / key
    spares = entry / SPARES
    try:
        saved = _Saved.load(entry)
        spares.mkdir(exist_ok=True)
        if len(list(spares.iterdir())) >= KEEP or not saved.exact(venv, str(venv).encode()):
            return False
        slot = Path(tempfile.mkdtemp(prefix="spare-", dir=spares))
    except (OSError, ValueError):
        return False
    try:
        (slot / ORIGIN).write_text(str(venv), encoding="utf-8")
        venv.rename(slot / VENV)
    except OSError:  # e.g. another file system: the venv stays in the job's folder
        shutil.rmtree(slot, ignore_errors=True)
        return False
    return True


def take(store: Path, key: str, venv: Path) -> bool:
    """Replace `venv` by a spare of the environment `key`; False when there is none that is
    still exact (those are deleted). `venv` is untouched unless a spare took its place."""
    entry = store / key
    try:
        saved = _Saved.load(entry)
        slots = sorted(slot.name for slot in (entry / SPARES).iterdir())
    except (OSError, ValueError):
        return False
    claimed = venv.with_name(f"{venv.name}.taking")
    for slot in slots:
        shutil.rmtree(claimed, ignore_errors=True)
        try:
            (entry / SPARES / slot).rename(claimed)  # one taker wins each spare
            origin = (claimed / ORIGIN).read_bytes()
        except OSError:
            continue
        if saved.exact(claimed / VENV, origin) and _swap(saved, claimed, venv):
            (entry / MANIFEST).touch()  # used: kept by `venv_store.evict`
            return True
        shutil.rmtree(claimed, ignore_errors=True)
    return False


def _swap(saved: _Saved, claimed: Path, venv: Path) -> bool:
    """Write `venv`'s own path into the claimed spare's own-path files and put it in place."""
    new = str(venv).encode()
    aside = venv.with_name(f"{venv.name}.replaced")
    shutil.rmtree(aside, ignore_errors=True)
    try:
        for path, content in saved.own_path_files(claimed / VENV):
            path.write_bytes(content.replace(saved.origin, new))
        venv.rename(aside)
    except OSError:
        return False
    try:
        (claimed / VENV).rename(venv)
    except OSError:
        aside.rename(venv)  # as it was
        return False
    shutil.rmtree(aside, ignore_errors=True)
    shutil.rmtree(claimed, ignore_errors=True)
    return True


class _Saved:
    """A stored environment: its tree, the path its files name, and its manifest."""

    def __init__(self, root: Path, origin: bytes, files: dict[str, str]) -> None:
        self.root, self.origin, self.files = root, origin, files
        self.mode = 0o777 & ~_umask()  # a clone's folders: made by mkdir under this umask
        self.device = root.stat().st_dev

    @classmethod
    def load(cls, entry: Path) -> _Saved:
        manifest = json.loads((entry / MANIFEST).read_text(encoding="utf-8"))
        files = manifest.get("files") if isinstance(manifest, dict) else None
        if not isinstance(files, dict):
            raise ValueError("no manifest")
        origin = (entry / VENV / venv_seeds.ORIGIN).read_bytes()
        return cls(entry / VENV, origin, files)

    def exact(self, venv: Path, origin: bytes) -> bool:
        """`venv` (whose own-path files name `origin`) is what a clone would be now."""
        check = _Exact(self, origin)
        try:
            whole = check.folder(str(self.root), str(venv), "")
        except OSError:
            return False
        # every file the manifest names was there (the saved venv's own origin file aside)
        return whole and check.seen == len(self.files) - (venv_seeds.ORIGIN in self.files)

    def own_path_files(self, venv: Path) -> list[tuple[Path, bytes]]:
        """The own-path files of a clone at `venv`, each with the saved content."""
        found = []
        for name in self.files:
            if _own_path_name(name):
                content = (self.root / name).read_bytes()
                if self.origin in content:
                    found.append((venv / name, content))
        return found


class _Exact:
    """One pass over a saved tree and a venv, comparing them (see the module docstring).
    Paths are plain strings here, as in `venv_store`: some 15,000 entries per venv."""

    def __init__(self, saved: _Saved, origin: bytes) -> None:
        self.saved, self.origin = saved, origin
        self.owner = (os.geteuid(), os.getegid())
        self.seen = 0

    def folder(self, saved: str, venv: str, relative: str) -> bool:
        info = os.lstat(venv)
        if not stat.S_ISDIR(info.st_mode) or not self._made_here(info, self.saved.mode):
            return False
        with os.scandir(saved) as scanned:
            entries = {e.name: e for e in scanned if relative or e.name != venv_seeds.ORIGIN}
        with os.scandir(venv) as scanned:
            mine = {e.name: e for e in scanned}
        if mine.keys() != entries.keys():
            return False
        return all(self._entry(entries[name], mine[name], relative) for name in entries)

    def _entry(self, entry: os.DirEntry[str], mine: os.DirEntry[str], relative: str) -> bool:
        """One saved entry against the venv's: the inode numbers come with the folder
        listing, so a file costs one `lstat` (of the inode they share)."""
        name = f"{relative}/{entry.name}" if relative else entry.name
        if entry.is_symlink():
            return mine.is_symlink() and os.readlink(mine.path) == os.readlink(entry.path)  # noqa: PTH115 - see above
        if entry.is_dir():
            return not mine.is_symlink() and self.folder(entry.path, mine.path, name)
        self.seen += 1
        if _own_path_name(name):  # a few dozen files: Path is fine
            content = Path(entry.path).read_bytes()
            if self.saved.origin in content:
                return self._own_path_file(content, entry, mine, name)
        if mine.inode() != entry.inode():
            return False
        shared = mine.stat(follow_symlinks=False)
        # the saved file itself unchanged (`venv_store.restore` drops an entry where it is not)
        return self._as_saved(name, shared) and shared.st_dev == self.saved.device

    def _own_path_file(
        self, content: bytes, entry: os.DirEntry[str], mine: os.DirEntry[str], name: str
    ) -> bool:
        """A file the clone wrote: the saved `content` with this venv's path in it."""
        saved, info = entry.stat(follow_symlinks=False), mine.stat(follow_symlinks=False)
        mode = stat.S_IMODE(saved.st_mode) | 0o200
        if not (stat.S_ISREG(info.st_mode) and info.st_nlink == 1 and self._made_here(info, mode)):
            return False
        changed = content.replace(self.saved.origin, self.origin)
        return self._as_saved(name, saved) and Path(mine.path).read_bytes() == changed

    def _as_saved(self, name: str, info: os.stat_result) -> bool:
        return self.saved.files.get(name) == f"{info.st_size}:{info.st_mtime_ns}"

    def _made_here(self, info: os.stat_result, mode: int) -> bool:
        return stat.S_IMODE(info.st_mode) == mode and (info.st_uid, info.st_gid) == self.owner


def _own_path_name(name: str) -> bool:
    return name.startswith("bin/") or name == "pyvenv.cfg"


def _umask() -> int:
    """This process's umask, read without changing it (other threads create files)."""
    try:
        status = Path("/proc/self/status").read_text(encoding="utf-8")
    except OSError:
        return 0o7777  # unknown: no folder can match, so no spare is parked or taken
    for line in status.splitlines():
        if line.startswith("Umask:"):
            return int(line.split()[1], 8)
    return 0o7777
