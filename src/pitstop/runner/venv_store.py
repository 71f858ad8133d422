"""Built virtual environments, kept by everything their install depended on, and reused.

A pinned pip install (`pitstop.runner.installs`) gives the same environment whenever the
interpreter, the environment it starts from, the command, the files it reads and pip's
settings are the same. `key` hashes exactly those; after a successful install the venv is
saved under its key (`<store>/<key>/venv`, a copy, files read-only, with a manifest of
every file's size and modification time). Before the same install in a later job or run,
`restore` replaces the job's venv with a clone of the saved one (hard links for the
libraries, its own paths rewritten in `bin/` and `pyvenv.cfg`), and the install step still
runs: pip finds every pinned package installed and exits in a second, and anything it
rejects still fails the step.

Nothing a job does reaches the store: a file changed through a hard link changes its size
or modification time, the next `restore` compares the manifest and drops the entry, and the
install runs from scratch. Store files are read-only, so a non-root job cannot write
through at all.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import platform
import shutil
import stat
import time
from collections.abc import Mapping
from pathlib import Path

from pitstop.actions import venv_seeds
from pitstop.runner.installs import Install

SWITCH = "PITSTOP_VENV_STORE"
VERSION = "1"  # bump when the layout or the key changes
MANIFEST = "manifest.json"
UNUSED_FOR = 14 * 24 * 3600.0  # seconds an environment is kept without being used
VENV = "venv"
CACHES = "__pycache__"  # also written by Python itself when a module is imported


def enabled(env: Mapping[str, str]) -> bool:
    """Reuse is on unless PITSTOP_VENV_STORE=off (then every pinned install starts empty)."""
    return env.get(SWITCH, "").strip().lower() != "off"


def key(install: Install) -> str:
    venv = install.venv
    config = (venv / "pyvenv.cfg").read_text(encoding="utf-8")
    python = (venv / "bin" / "python").resolve()
    facts = {
        "version": VERSION,
        "machine": platform.machine(),
        "python": [str(python), _stat_text(python)],
        "pyvenv.cfg": sorted(line for line in config.splitlines() if str(venv) not in line),
        "before": fingerprint(venv),
        "script": install.script,
        "cwd": install.cwd,
        "files": [(name, _sha256(path)) for name, path in install.files],
        "env": list(install.env),
    }
    text = json.dumps(facts, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def fingerprint(venv: Path) -> str:
    """What is in `venv` now: every file's path and size (bin/ by name: its scripts name
    the venv's own path), without Python's byte-code caches."""
    entries = []
    for path, size in _files(venv, skip_caches=True):
        relative = path.relative_to(venv)
        if relative.parts[0] == "bin" or relative.as_posix() == "pyvenv.cfg":
            entries.append(relative.as_posix())
        else:
            entries.append(f"{relative.as_posix()} {size}")
    return hashlib.sha256("\n".join(sorted(entries)).encode()).hexdigest()


def restore(store: Path, key_: str, venv: Path) -> bool:
    """Replace `venv` by the saved environment for `key_`; False when there is none (or it
    no longer matches its manifest, and is dropped). One pass over the saved tree checks
    each file against the manifest and links it into a staging folder, which then takes
    the venv's place; `venv` is untouched unless the whole clone succeeded."""
    entry = store / key_
    try:
        manifest = json.loads((entry / MANIFEST).read_text(encoding="utf-8"))
        origin = (entry / VENV / venv_seeds.ORIGIN).read_bytes()
    except (OSError, ValueError):
        return False
    files = manifest.get("files") if isinstance(manifest, dict) else None
    staging = venv.with_name(f"{venv.name}.restoring")
    shutil.rmtree(staging, ignore_errors=True)
    clone = _Clone(entry / VENV, staging, origin, str(venv).encode(), files or {})
    try:
        intact = isinstance(files, dict) and clone.run() and not clone.unseen
    except OSError as exc:
        if exc.errno == errno.EXDEV:  # the job's folder is on another file system: no reuse
            shutil.rmtree(staging, ignore_errors=True)
            return False
        intact = False
    if not intact:
        shutil.rmtree(staging, ignore_errors=True)
        shutil.rmtree(entry, ignore_errors=True)
        return False
    shutil.rmtree(venv)
    staging.rename(venv)
    (entry / MANIFEST).touch()  # used: kept by `evict`
    return True


def evict(store: Path, now: float, max_age_s: float = UNUSED_FOR) -> None:
    """Drop the environments no run has used for `max_age_s` (a lock that changed leaves
    its old environment behind), and staging folders a crashed save left."""
    if not store.is_dir():
        return
    for entry in store.iterdir():
        marker = entry / MANIFEST if not entry.name.endswith(".partial") else entry
        try:
            unused = now - marker.stat().st_mtime > max_age_s
        except OSError:
            unused = now - entry.stat().st_mtime > max_age_s
        if unused:
            shutil.rmtree(entry, ignore_errors=True)


class _Clone:
    """Hard-link a saved venv's files into `target` (its own path written into `bin/` and
    `pyvenv.cfg`), checking each against the manifest: a changed file stops the clone.
    Paths are plain strings here: some 15,000 files per venv, and `Path` objects cost a
    third of the time."""

    def __init__(
        self, source: Path, target: Path, origin: bytes, new: bytes, files: dict[str, str]
    ) -> None:
        self.source, self.target, self.origin, self.new = source, target, origin, new
        self.unseen = dict(files)
        self.unseen.pop(venv_seeds.ORIGIN, None)

    def run(self) -> bool:
        self.target.mkdir()
        return self._folder(str(self.source), str(self.target), "")

    def _folder(self, source: str, target: str, relative: str) -> bool:
        with os.scandir(source) as entries:
            for entry in entries:
                name = f"{relative}/{entry.name}" if relative else entry.name
                destination = f"{target}/{entry.name}"
                if entry.is_symlink():
                    os.symlink(os.readlink(entry.path), destination)  # noqa: PTH211, PTH115 - see above
                elif entry.is_dir():
                    os.mkdir(destination)  # noqa: PTH102 - thousands: no Path objects
                    if not self._folder(entry.path, destination, name):
                        return False
                elif name != venv_seeds.ORIGIN and not self._file(entry, name, destination):
                    return False
        return True

    def _file(self, entry: os.DirEntry[str], name: str, target: str) -> bool:
        info = entry.stat(follow_symlinks=False)
        if self.unseen.pop(name, None) != f"{info.st_size}:{info.st_mtime_ns}":
            return False
        if name.startswith("bin/") or name == "pyvenv.cfg":
            data = Path(entry.path).read_bytes()  # a few dozen files: Path is fine
            if self.origin in data:
                Path(target).write_bytes(data.replace(self.origin, self.new))
                Path(target).chmod(info.st_mode | 0o200)
                return True
        os.link(entry.path, target)
        return True


def save(store: Path, key_: str, venv: Path) -> None:
    """Keep `venv` as the environment for `key_` (the first save wins)."""
    entry = store / key_
    if (entry / MANIFEST).exists():
        return
    store.mkdir(parents=True, exist_ok=True)
    evict(store, time.time())
    staging = store / f"{key_}.{os.getpid()}.{id(venv)}.partial"
    shutil.rmtree(staging, ignore_errors=True)
    try:
        shutil.copytree(venv, staging / VENV, symlinks=True)
        (staging / VENV / venv_seeds.ORIGIN).write_text(str(venv), encoding="utf-8")
        files = {}
        for path, _ in _files(staging / VENV):
            mode = path.lstat().st_mode
            if stat.S_ISREG(mode):
                path.chmod(mode & ~0o222)
                files[str(path.relative_to(staging / VENV))] = _stat_text(path)
        manifest = {"origin": str(venv), "files": files}
        (staging / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
        if (entry / MANIFEST).exists():  # another job saved it meanwhile
            raise FileExistsError(entry)
        shutil.rmtree(entry, ignore_errors=True)  # a half-written one, without a manifest
        staging.rename(entry)
    except OSError:  # another job saved it first, or the disk is full: no reuse, no harm
        shutil.rmtree(staging, ignore_errors=True)


def _files(root: Path, skip_caches: bool = False) -> list[tuple[Path, int]]:
    found = []
    for directory, dirs, names in os.walk(root):
        if skip_caches:
            dirs[:] = [d for d in dirs if d != CACHES]
        for name in names:
            path = Path(directory, name)
            found.append((path, path.lstat().st_size))
    return found


def _stat_text(path: Path) -> str:
    info = path.lstat()
    return f"{info.st_size}:{info.st_mtime_ns}"


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
