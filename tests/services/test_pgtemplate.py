"""A PostgreSQL service's cluster is initdb's once, then a copy of it: same server, same roles."""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from pitstop.services import pgtemplate, postgres
from pitstop.services.postgres import PostgresService

from .test_postgres import ENV, PASSWORD, psql, request


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PITSTOP_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache" / "postgresql" / pgtemplate.FOLDER


@pytest.fixture
def started() -> Iterator[list[PostgresService]]:
    servers: list[PostgresService] = []
    yield servers
    for server in servers:
        server.stop()


def _start(tmp_path: Path, servers: list[PostgresService], env: dict[str, str]) -> PostgresService:
    server = postgres.start(request(tmp_path / f"svc{len(servers)}", env=env))
    servers.append(server)
    return server


def _system_id(server: PostgresService) -> str:
    done = subprocess.run(
        [str(server.install.tool("pg_controldata")), "-D", str(server.layout.pgdata)],
        capture_output=True,
        text=True,
        env={"LC_ALL": "C"},
        check=True,
    )
    line = next(x for x in done.stdout.splitlines() if x.startswith("Database system identifier"))
    return line.split(":")[1].strip()


def _holds_a_password(folder: Path) -> bool:
    return any(
        b"SCRAM-SHA-256$" in path.read_bytes() for path in folder.rglob("*") if path.is_file()
    )


def test_the_second_start_copies_the_first_clusters_template(
    tmp_path: Path, cache: Path, started: list[PostgresService]
) -> None:
    first = _start(tmp_path, started, dict(ENV))
    templates = list(cache.iterdir())
    assert len(templates) == 1
    second = _start(tmp_path, started, dict(ENV))
    assert list(cache.iterdir()) == templates
    # initdb draws the system identifier from the clock: equal ones mean a copy
    assert _system_id(second) == _system_id(first)
    # the copy has what the image's entrypoint sets up: the password, the database
    assert psql(second, "select current_database()", PASSWORD).stdout.strip() == "app"
    wrong = psql(second, "select 1", "not-the-password")
    assert wrong.returncode != 0 and "password authentication failed" in wrong.stderr
    # the template never held a password, nor a hash of one
    assert not _holds_a_password(templates[0])


def test_another_superuser_or_password_gets_the_right_roles(
    tmp_path: Path, cache: Path, started: list[PostgresService]
) -> None:
    _start(tmp_path, started, dict(ENV))
    other = _start(tmp_path, started, {**ENV, "POSTGRES_PASSWORD": "another-pw"})
    assert len(list(cache.iterdir())) == 1  # the password is not part of the key
    assert psql(other, "select 1", "another-pw").stdout.strip() == "1"
    assert psql(other, "select 1", PASSWORD).returncode != 0
    renamed = _start(tmp_path, started, {**ENV, "POSTGRES_USER": "someone_else"})
    assert len(list(cache.iterdir())) == 2  # the superuser is initdb's: another template
    assert psql(renamed, "select current_user", PASSWORD, user="someone_else").returncode == 0
    assert psql(renamed, "select 1", PASSWORD, user="app_user").returncode != 0


def test_initdb_arguments_are_never_templated(
    tmp_path: Path, cache: Path, started: list[PostgresService]
) -> None:
    env = {**ENV, "POSTGRES_INITDB_ARGS": "--data-checksums"}
    first = _start(tmp_path, started, env)
    second = _start(tmp_path, started, env)
    assert not cache.exists() or not list(cache.iterdir())
    assert _system_id(first) != _system_id(second)  # initdb ran each time
    assert psql(second, "select current_setting('data_checksums')", PASSWORD).stdout == "on\n"
    # a cluster initdb gave a password holds its hash: the check of the template can see one
    assert _holds_a_password(first.layout.pgdata)


def test_a_template_unused_for_two_weeks_is_dropped_when_another_is_stored(
    tmp_path: Path, cache: Path, started: list[PostgresService]
) -> None:
    _start(tmp_path, started, dict(ENV))
    (used,) = cache.iterdir()
    stale = cache / "made-by-older-binaries"
    (stale / "global").mkdir(parents=True)
    weeks_ago = time.time() - (pgtemplate.UNUSED_DAYS + 1) * 86400
    for folder in (stale, used):
        os.utime(folder, (weeks_ago, weeks_ago))
    _start(tmp_path, started, dict(ENV))  # copies `used`: in use again
    assert used.stat().st_mtime > weeks_ago
    _start(tmp_path, started, {**ENV, "POSTGRES_USER": "another"})  # stores a second one
    assert used.exists() and not stale.exists()
    assert len(list(cache.iterdir())) == 2
