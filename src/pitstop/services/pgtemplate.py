"""A freshly initialised PostgreSQL cluster, made once and copied for each job.

`initdb` is most of a PostgreSQL service's start (0.4 s of 0.55 s here); copying what it made
(about 1,000 files) takes 0.05 s. The first start with a given key runs initdb as before and
keeps a copy of the new cluster, before the server ever runs on it, in pitstop's cache
(`<cache>/postgresql/clusters/<key>/`); later starts copy that instead of running initdb.

The copy is what initdb would make: its output is a function of the server binaries, its
arguments and the locale, and the key holds them all (the binaries' folder, version and the
`initdb` executable's size and modification time; the superuser; the locale). What initdb
would also take:

- the superuser's password: the template is made without one, and the service sets it after
  the server starts (`ALTER ROLE` over the unix socket, which a fresh cluster trusts), so
  neither a password nor a hash of one is ever kept in the cache;
- `POSTGRES_INITDB_ARGS`: a cluster made with extra arguments (a WAL folder elsewhere, an
  authentication method that needs the password at initdb time) is never templated; initdb
  runs every time.

What differs is the system identifier initdb draws from the clock, which no client reads.

A template no start has copied for 14 days (its folder's modification time, touched at each
copy) is dropped when another is stored: new server binaries leave the old one behind.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import tempfile
import time
from pathlib import Path

from pitstop.services import pgbinaries
from pitstop.services.unprivileged import Account

FOLDER = "clusters"
UNUSED_DAYS = 14


def key(install: pgbinaries.PgInstall, user: str, locale: str) -> str:
    initdb = install.tool("initdb").stat()
    parts = [str(install.bindir), install.version, initdb.st_size, initdb.st_mtime_ns]
    parts += [user, locale]
    return hashlib.sha256(json.dumps(parts).encode()).hexdigest()[:32]


def stored(cache: Path, name: str) -> Path | None:
    template = cache / FOLDER / name
    return template if template.is_dir() else None


def copy(template: Path, pgdata: Path, account: Account | None) -> bool:
    """Copy `template` to `pgdata` (which must not exist), owned by `account`; False if the
    copy failed, leaving nothing behind (the caller runs initdb instead)."""
    try:
        shutil.copytree(template, pgdata, symlinks=True, copy_function=shutil.copy)
        if account is not None:
            for folder, folders, files in os.walk(pgdata):
                os.chown(folder, account.uid, account.gid)
                for entry in (*folders, *files):
                    path = Path(folder, entry)
                    os.chown(path, account.uid, account.gid, follow_symlinks=False)
    except OSError:
        shutil.rmtree(pgdata, ignore_errors=True)
        return False
    with contextlib.suppress(OSError):
        os.utime(template)  # in use: not dropped
    return True


def keep(pgdata: Path, cache: Path, name: str) -> None:
    """Store a copy of a cluster initdb just made, once per key (a concurrent start that
    stored it first wins); a failure only means the next start runs initdb too."""
    clusters = cache / FOLDER
    try:
        clusters.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=clusters))
        try:
            shutil.copytree(pgdata, staging / "data", symlinks=True)
            (staging / "data").rename(clusters / name)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    except OSError:
        return
    _drop_unused(clusters, time.time() - UNUSED_DAYS * 86400)


def _drop_unused(clusters: Path, before: float) -> None:
    for template in clusters.iterdir():
        with contextlib.suppress(OSError):
            if template.stat().st_mtime < before:  # a staging folder a crash left, too
                shutil.rmtree(template)
