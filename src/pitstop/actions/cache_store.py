"""A local, content-addressed cache store with GitHub's key-matching rules.

Layout under `Stores.cache_dir` (one folder per repository: `pitstop run` passes
`<pitstop cache>/cache/<repository scope>`, so another repository's caches are never seen):
- `blobs/<sha256>.tar.gz`: the archives, named by their digest (equal content is kept once);
- `entries/<ref scope>/<version>/<sha256 of key>.json`: one immutable entry per (branch, key,
  version), naming its blob and its creation time. The ref scope is a digest of the git ref
  the entry was saved from (`refs/heads/main`); the empty scope is `entries/<version>/`.

Scopes, as on GitHub: a restore searches the scopes in the order given (the run's ref, then
the base branch of a pull request, then the default branch), each with every key in turn;
a save goes to the run's ref only.

The version is a digest of the `path` lines as written and the compression, as actions/cache
computes it, so a different path set never matches. Lookup tries each key in order (the
primary key, then the restore keys): an exact match first, then the newest entry whose key
starts with it. An existing entry is never overwritten: caches are immutable on GitHub.
Paths inside the workspace are stored relative to it, paths under the home folder relative
to it, so a cache restores into the next run's (different) workspace. A restore never
replaces an existing file under the home folder: that home is the user's own.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import shutil
import tarfile
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pitstop.github import git

# Names another folder for a run's store; `pitstop prove` gives all its copies of one project
# one folder in its work folder, so a defect's run restores what the clean run saved.
STORE_VARIABLE = "PITSTOP_ACTIONS_CACHE"
COMPRESSION = "gzip"
VERSION_SALT = "1.0"


@dataclass(frozen=True)
class Entry:
    key: str
    version: str
    created_ns: int
    blob: str  # sha256 of the archive
    size: int


@dataclass(frozen=True)
class Roots:
    """Where relative archive names are anchored, and (`confine`) where a restore may write."""

    workspace: Path
    home: Path
    confine: Path | None = None  # the job's folder: nothing is restored outside it
    shared: tuple[Path, ...] = ()  # pitstop's package caches: skipped on restore, silently

    def name_for(self, path: Path) -> str:
        for prefix, root in (("workspace", self.workspace), ("home", self.home)):
            if path.is_relative_to(root):
                relative = path.relative_to(root).as_posix()
                return prefix if relative == "." else f"{prefix}/{relative}"
        return "absolute" + path.as_posix()

    def path_for(self, name: str) -> Path:
        prefix, _, rest = name.partition("/")
        if prefix not in ("workspace", "home", "absolute"):
            raise ValueError(f"not a pitstop cache archive name: {name!r}")
        if ".." in Path(rest).parts:
            raise ValueError(f"not a pitstop cache archive name: {name!r}")
        roots = {"workspace": self.workspace, "home": self.home, "absolute": Path("/")}
        return roots[prefix] / rest

    def is_shared(self, destination: Path, resolve: Resolve = os.path.realpath) -> bool:
        real = Path(resolve(os.fspath(destination.parent))) / destination.name
        if real.is_symlink():
            real = Path(os.path.realpath(real))
        return any(real.is_relative_to(folder) for folder in self.shared)

    def allows(self, destination: Path, resolve: Resolve = os.path.realpath) -> bool:
        """True when writing `destination` stays inside `confine` (links resolved)."""
        if self.confine is None:
            return True
        real = Path(resolve(os.fspath(destination.parent))) / destination.name
        return real.is_relative_to(self._confine_real)

    @functools.cached_property
    def _confine_real(self) -> Path:
        assert self.confine is not None
        return self.confine.resolve()


Resolve = Callable[[str], str]  # a folder's path -> where it really is (os.path.realpath)


class _Folders:
    """Where folders really are (`os.path.realpath`), remembered during one restore. Only an
    extracted link can change where a path leads, so each one forgets them all."""

    def __init__(self) -> None:
        self._real: dict[str, str] = {}

    def real(self, folder: str) -> str:
        found = self._real.get(folder)
        if found is None:
            found = self._real[folder] = os.path.realpath(folder)
        return found

    def forget(self) -> None:
        self._real.clear()


def for_repository(cache_root: Path, repo: Path, environ: Mapping[str, str]) -> Path:
    """The store of this repository's caches under pitstop's cache folder, as on GitHub one per
    repository (another's entries are never seen), unless PITSTOP_ACTIONS_CACHE names one."""
    chosen = environ.get(STORE_VARIABLE)
    return Path(chosen) if chosen else cache_root / "cache" / git.scope(repo)


def seed(store: Path, source: Path) -> bool:
    """Start an empty `store` with every entry and blob of `source`, which is only read.

    Entries and blobs are immutable (a save writes new files and links them into place), so
    they are hard-linked, never copied: a store can be gigabytes. Where a link cannot be made
    (another file system, say) the store stays empty, and False says it was not seeded."""
    try:
        for folder, _dirs, files in os.walk(source):
            target = store / Path(folder).relative_to(source)
            target.mkdir(parents=True, exist_ok=True)
            for name in files:
                if not name.endswith(".tmp"):  # not a save under way in another run
                    os.link(Path(folder) / name, target / name)
    except OSError:
        shutil.rmtree(store, ignore_errors=True)
        return False
    return True


def version(path_lines: Sequence[str]) -> str:
    return hashlib.sha256("|".join([*path_lines, COMPRESSION, VERSION_SALT]).encode()).hexdigest()


def _scope_dir(store: Path, scope: str) -> Path:
    if not scope:
        return store / "entries"
    return store / "entries" / f"ref-{hashlib.sha256(scope.encode()).hexdigest()[:16]}"


def entries(store: Path, version: str, scope: str = "") -> list[Entry]:
    folder = _scope_dir(store, scope) / version
    if not folder.is_dir():
        return []
    return [Entry(**json.loads(f.read_text(encoding="utf-8"))) for f in folder.glob("*.json")]


def find(
    store: Path, keys: Sequence[str], version: str, scopes: Sequence[str] = ("",)
) -> Entry | None:
    """GitHub's rule: per scope in order, per key in order, an exact match, else the newest
    prefix match."""
    for scope in scopes:
        known = entries(store, version, scope)
        for key in keys:
            exact = [e for e in known if e.key == key]
            if exact:
                return exact[0]
            prefixed = [e for e in known if e.key.startswith(key)]
            if prefixed:
                return max(prefixed, key=lambda e: e.created_ns)
    return None


def exists(store: Path, key: str, version: str, scope: str = "") -> bool:
    return _entry_file(store, key, version, scope).exists()


def save(
    store: Path,
    key: str,
    version: str,
    paths: Sequence[Path],
    roots: Roots,
    since: float | None = None,
    scope: str = "",
) -> Entry | None:
    """Archive `paths` under `key` in `scope`; None when the key exists already there.

    With `since`, files under your home folder older than that are left out: on GitHub the
    folder starts empty, so the cache holds only what the job put there, never your machine's
    whole `~/.cache/uv`."""
    if exists(store, key, version, scope):
        return None
    blob, size = _archive(store, paths, roots, since)
    entry = Entry(key, version, time.time_ns(), blob, size)
    target = _entry_file(store, key, version, scope)
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", dir=target.parent, delete=False, suffix=".tmp") as tmp:
        json.dump(entry.__dict__, tmp)
    try:
        os.link(tmp.name, target)  # fails if another job saved the key meanwhile
    except FileExistsError:
        return None
    finally:
        Path(tmp.name).unlink()
    return entry


@dataclass(frozen=True)
class Restored:
    kept: int  # existing files under the home folder, kept as they were
    refused: list[str]  # paths outside `Roots.confine`: not written


def restore(store: Path, entry: Entry, roots: Roots) -> Restored:
    """Extract the entry, never outside `roots.confine` (the job's folder).

    Under the home folder an existing file is never replaced: `~/.cache/pip` and friends are
    content-addressed, and anything else was put there by the job itself.
    """
    kept = 0
    refused: list[str] = []
    folders = _Folders()
    with tarfile.open(store / "blobs" / f"{entry.blob}.tar.gz", "r:gz") as archive:
        for member in archive.getmembers():
            destination = roots.path_for(member.name)
            if roots.is_shared(destination, folders.real):
                continue
            if not roots.allows(destination, folders.real):
                refused.append(str(destination))
                continue
            in_home = member.name.startswith("home/")
            if (
                in_home
                and not member.isdir()
                and (destination.exists() or destination.is_symlink())
            ):
                kept += 1
                continue
            if member.islnk():  # a hard link names another member: link to where it went
                destination.unlink(missing_ok=True)
                os.link(roots.path_for(member.linkname), destination)
                folders.forget()
                continue
            member.name = destination.name
            destination.parent.mkdir(parents=True, exist_ok=True)
            _extract(archive, member, destination.parent)
            if not (member.isfile() or member.isdir()):
                folders.forget()
    return Restored(kept, refused)


def _extract(archive: tarfile.TarFile, member: tarfile.TarInfo, folder: Path) -> None:
    if member.issym() or member.isfile():
        (folder / member.name).unlink(missing_ok=True)
    if member.isfile():
        _write_file(archive, member, folder / member.name)
        return
    options: dict[str, Any] = {}
    if hasattr(tarfile, "tar_filter"):  # Python >= 3.11.4; keeps absolute venv symlinks
        options["filter"] = "tar"
    archive.extract(member, folder, **options)


def _write_file(archive: tarfile.TarFile, member: tarfile.TarInfo, path: Path) -> None:
    """A regular file as tarfile's "tar" filter writes it: its bytes, its permission bits
    without set-id and group/other write, its modification time; never through a link."""
    source = archive.extractfile(member)
    assert source is not None  # a regular file always has content
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
    with os.fdopen(os.open(path, flags, 0o600), "wb") as target:
        shutil.copyfileobj(source, target)
    os.chmod(path, member.mode & 0o755)  # noqa: PTH101 - one call per restored file
    os.utime(path, (member.mtime, member.mtime))


def _archive(
    store: Path, paths: Sequence[Path], roots: Roots, since: float | None = None
) -> tuple[str, int]:
    blobs = store / "blobs"
    blobs.mkdir(parents=True, exist_ok=True)
    chosen = set(paths)

    def job_files_only(member: tarfile.TarInfo) -> tarfile.TarInfo | None:
        """Under your home, a file older than the job is your machine's, not the job's."""
        mine = member.name.startswith("home/") and not member.isdir()
        return None if since is not None and mine and member.mtime < since else member

    tmp = tempfile.NamedTemporaryFile(dir=blobs, delete=False, suffix=".tmp")  # noqa: SIM115
    try:
        with tmp, tarfile.open(fileobj=tmp, mode="w:gz") as archive:
            for path in sorted(chosen):
                if any(parent in chosen for parent in path.parents):
                    continue  # archived with its folder
                name = roots.name_for(path)
                archive.add(path, arcname=name, recursive=True, filter=job_files_only)
        digest = hashlib.sha256(Path(tmp.name).read_bytes()).hexdigest()
    except BaseException:  # an interrupted save leaves no half-written blob behind
        Path(tmp.name).unlink(missing_ok=True)
        raise
    target = blobs / f"{digest}.tar.gz"
    if target.exists():
        Path(tmp.name).unlink()
    else:
        Path(tmp.name).rename(target)
    return digest, target.stat().st_size


def _entry_file(store: Path, key: str, version: str, scope: str = "") -> Path:
    name = f"{hashlib.sha256(key.encode()).hexdigest()}.json"
    return _scope_dir(store, scope) / version / name
