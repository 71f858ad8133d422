"""`postgres:<tag>`: a native PostgreSQL server of the tag's major version.

It behaves like the official image seen from the job: the superuser, password, database and
initdb arguments come from POSTGRES_USER / POSTGRES_PASSWORD / POSTGRES_DB /
POSTGRES_INITDB_ARGS, host connections authenticate with POSTGRES_HOST_AUTH_METHOD
(scram-sha-256 by default), and the port is mapped as Docker maps it. Each start gets its own
cluster in the request's data dir, and the server is stopped (never left behind) by `stop()`
or by its watchdog if pitstop dies.
"""

from __future__ import annotations

import functools
import os
import shlex
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from pitstop.errors import PitstopError
from pitstop.services import pgbinaries, pgfetch, pgtemplate
from pitstop.services.base import ServiceRequest
from pitstop.services.diagnostics import reported_at, tail
from pitstop.services.health import Probe, Waiting, health_base_env, run_probe, wait_healthy
from pitstop.services.image import major_from_tag, parse_image
from pitstop.services.native import NativeService
from pitstop.services.options import HealthCheck, ServiceOptions, parse_options
from pitstop.services.ports import Binding, bind
from pitstop.services.supervisor import ServerSpec, Supervised
from pitstop.services.unprivileged import Account, private_home, service_account

CONTAINER_PORT = 5432
READY = HealthCheck(interval=1.0, timeout=5.0, retries=60)  # "accepts connections", 60 s
SOCKET_PATH_MAX = 90  # a unix socket path must fit in 107 bytes, with "/.s.PGSQL.NNNNN"
# A throwaway test server need not survive a power cut: skip the fsyncs.
SERVER_SETTINGS = ("fsync=off", "synchronous_commit=off", "full_page_writes=off")


@dataclass(frozen=True)
class ImageSettings:
    """The image's environment variables, with the image's defaults."""

    user: str
    password: str | None
    db: str
    initdb_args: tuple[str, ...]
    host_auth_method: str


def image_settings(env: Mapping[str, str]) -> ImageSettings:
    user = env.get("POSTGRES_USER") or "postgres"
    password = env.get("POSTGRES_PASSWORD") or None
    method = env.get("POSTGRES_HOST_AUTH_METHOD") or "scram-sha-256"
    if password is None and method != "trust":
        raise PitstopError(
            "the postgres image refuses to start without a superuser password: "
            "POSTGRES_PASSWORD is empty or unset",
            hint="set POSTGRES_PASSWORD in the service's env (e.g. from a secret), or set "
            "POSTGRES_HOST_AUTH_METHOD: trust to allow connections without a password "
            "(not recommended)",
        )
    try:
        initdb_args = tuple(shlex.split(env.get("POSTGRES_INITDB_ARGS", "")))
    except ValueError as exc:
        raise PitstopError(f"cannot parse POSTGRES_INITDB_ARGS: {exc}") from None
    return ImageSettings(user, password, env.get("POSTGRES_DB") or user, initdb_args, method)


def hba_conf(method: str) -> str:
    """Like the image: the unix socket is trusted (it is the container's inside), every host
    connection authenticates with the host auth method, even from 127.0.0.1."""
    return (
        "# Written by pitstop, as the postgres image sets it up.\n"
        "local all all trust\n"
        "local replication all trust\n"
        f"host all all all {method}\n"
        f"host replication all all {method}\n"
    )


@dataclass(frozen=True)
class Layout:
    """Where a cluster lives: `home` (owned by the server's user) holds the data dir and
    the unix socket; the log is in the run dir. `private` homes are removed by stop()."""

    home: Path
    pgdata: Path
    socket_dir: Path
    log: Path
    private: tuple[Path, ...] = ()


def make_layout(data_dir: Path, account: Account | None, service_id: str) -> Layout:
    data_dir.mkdir(parents=True, exist_ok=True)
    log = data_dir / "postgres.log"
    if account is not None:
        home = private_home(account, f"{service_id}-")
        link = data_dir / "pgdata"
        if link.is_symlink():  # left by an earlier start in the same folder
            link.unlink()
        link.symlink_to(home / "pgdata")
        return Layout(home, home / "pgdata", home, log, (home, link))
    data_dir.chmod(0o700)
    private: tuple[Path, ...] = ()
    socket_dir = data_dir
    if len(str(socket_dir)) > SOCKET_PATH_MAX:
        socket_dir = Path(tempfile.mkdtemp(prefix="pitstop-pg-"))
        private = (socket_dir,)
    return Layout(data_dir, data_dir / "pgdata", socket_dir, log, private)


class PostgresService(NativeService):
    """A running server; satisfies `RunningService`."""

    def __init__(
        self,
        service_id: str,
        install: pgbinaries.PgInstall,
        binding: Binding,
        layout: Layout,
        warnings: tuple[str, ...],
    ) -> None:
        super().__init__(service_id, binding, warnings)
        self.install = install
        self.layout = layout

    @property
    def description(self) -> str:
        return f"{self.install.describe()} on localhost:{self.port}, log {self.layout.log}"

    def client_env(self, base: Mapping[str, str] | None = None) -> dict[str, str]:
        """An environment whose client tools (psql, pg_isready) reach this server."""
        env = dict(os.environ if base is None else base)
        env["PATH"] = os.pathsep.join([str(self.install.bindir), env.get("PATH", os.defpath)])
        env["PGHOST"] = str(self.layout.socket_dir)
        env["PGPORT"] = str(self.port)
        return env

    def _clean_up(self) -> None:
        for path in self.layout.private:
            if path.is_symlink():
                path.unlink()
            else:
                shutil.rmtree(path, ignore_errors=True)


def matches(image: str) -> bool:
    return parse_image(image).official_name == "postgres"


def start(request: ServiceRequest) -> PostgresService:
    service = request.service
    options = parse_options(service.options)
    env = {**options.env, **request.env}
    # The conventional CI password "postgres" is a literal in the workflow (GitHub masks only
    # secrets, which the job's masker still hides); masking it would hide every path and
    # image name in the message.
    password = env.get("POSTGRES_PASSWORD", "")
    with reported_at(service, [password] if password != "postgres" else []):
        return _start(request, options, env)


def _start(
    request: ServiceRequest, options: ServiceOptions, env: dict[str, str]
) -> PostgresService:
    service = request.service
    settings = image_settings(env)
    major = major_from_tag(parse_image(service.image).tag)
    found, not_fetched = pgfetch.complete(major, pgbinaries.installs())
    choice = pgbinaries.choose(major, found, request.version_mismatch, service.image, not_fetched)
    account = service_account()
    install = pgbinaries.usable_by(choice.install, account)
    binding = bind(service.id, service.ports, CONTAINER_PORT)
    warnings = (
        *([choice.warning] if choice.warning else []),
        *binding.notes,
        *lacking_contrib(service.id, service.image, install),
    )
    layout = make_layout(request.data_dir, account, service.id)
    server = PostgresService(
        service.id, install, binding, layout, (*warnings, *options.notes(service.id))
    )
    try:
        password_set = _initialise(server, settings, account)
        _launch(server, account)
        _wait(server, READY, None, env)
        _first_session(server, settings, set_password=not password_set)
        if options.health.command is not None:
            _wait(server, options.health, options.health.command, env)
    except BaseException:
        server.stop()
        raise
    return server


def lacking_contrib(service_id: str, image: str, install: pgbinaries.PgInstall) -> list[str]:
    """A loud line when the server cannot create extensions the official image can."""
    missing = install.missing_contrib()
    if not missing:
        return []
    return [
        f"service {service_id}: {install.describe()} lacks contrib extensions the {image} "
        f"image has: {', '.join(missing)}. A step that creates one (a migration's CREATE "
        "EXTENSION) fails here for that reason alone: such a failure was not checked, it is "
        f"no verdict on the code. {pgbinaries.how_to_get_contrib(install.major)}"
    ]


# The postgres image initialises its cluster with en_US.utf8. The nearest locale this machine's
# libc has gives the same character classes and case mapping for non-ASCII text (full-text
# search, lower(), ILIKE); "C" would treat every non-ASCII letter as punctuation.
IMAGE_LOCALES = ("en_US.UTF-8", "C.UTF-8")


@functools.cache
def cluster_locale() -> str:
    """The image's locale when this machine has it, else C.UTF-8, else C (`locale -a`)."""
    try:
        listed = subprocess.run(
            ["locale", "-a"], capture_output=True, text=True, timeout=10, check=False
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return "C"
    have = {_normal(line) for line in listed.split()}
    return next((name for name in IMAGE_LOCALES if _normal(name) in have), "C")


def _normal(locale: str) -> str:
    """`C.utf8`, `C.UTF-8` and `c.utf-8` name one locale."""
    return locale.lower().replace("-", "")


def _initialise(server: PostgresService, settings: ImageSettings, account: Account | None) -> bool:
    """Make the cluster: a copy of the template for its key, else initdb (pgtemplate.py).
    True when the superuser's password is already set."""
    layout = server.layout
    if settings.initdb_args:  # never templated
        _initdb(server, settings, account, with_password=True)
    else:
        cache = pgbinaries.cache_dir()
        name = pgtemplate.key(server.install, settings.user, cluster_locale())
        template = pgtemplate.stored(cache, name)
        if template is None or not pgtemplate.copy(template, layout.pgdata, account):
            _initdb(server, settings, account, with_password=False)
            pgtemplate.keep(layout.pgdata, cache, name)
    (layout.pgdata / "pg_hba.conf").write_text(hba_conf(settings.host_auth_method), "utf-8")
    return bool(settings.initdb_args) or settings.password is None


def _initdb(
    server: PostgresService, settings: ImageSettings, account: Account | None, with_password: bool
) -> None:
    layout = server.layout
    pwfile = layout.home / ".pwfile"
    argv = [str(server.install.tool("initdb")), "-D", str(layout.pgdata), "-U", settings.user]
    argv += ["-E", "UTF8", f"--locale={cluster_locale()}", "--no-sync"]
    if with_password and settings.password is not None:
        pwfile.write_text(settings.password + "\n", encoding="utf-8")
        pwfile.chmod(0o600)
        if account is not None:
            os.chown(pwfile, account.uid, account.gid)
        argv.append(f"--pwfile={pwfile}")
    try:
        done = _run_as(argv + list(settings.initdb_args), account, layout.home)
    finally:
        pwfile.unlink(missing_ok=True)
    if not done.ok:
        raise PitstopError(
            f"service {server.service_id}: initdb failed (exit {done.code})"
            + "".join(f"\n    {line}" for line in done.output.splitlines()[-20:]),
            hint="check POSTGRES_INITDB_ARGS" if settings.initdb_args else None,
        )


def _run_as(argv: list[str], account: Account | None, cwd: Path) -> Probe:
    """Run a server tool (initdb) as the service's user and capture its output."""
    done = subprocess.run(
        argv,
        env=_server_env(cwd),
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        user=account.uid if account else None,
        group=account.gid if account else None,
        extra_groups=[] if account else None,
        timeout=300,
        check=False,
    )
    return Probe(done.returncode == 0, done.stdout.decode("utf-8", "replace"), done.returncode)


def _server_env(home: Path) -> dict[str, str]:
    return {"PATH": os.defpath, "HOME": str(home), "LC_ALL": "C", "LANG": "C"}


def _launch(server: PostgresService, account: Account | None) -> None:
    layout = server.layout
    argv = [str(server.install.tool("postgres")), "-D", str(layout.pgdata)]
    settings = (
        "listen_addresses=localhost",
        f"port={server.port}",
        f"unix_socket_directories={layout.socket_dir}",
        *SERVER_SETTINGS,
    )
    for setting in settings:
        argv += ["-c", setting]
    server.supervised = Supervised.launch(
        ServerSpec(
            argv=argv,
            env=_server_env(layout.home),
            log=str(layout.log),
            cwd=str(layout.home),
            user=(account.uid, account.gid) if account else None,
            stop_signal=int(signal.SIGINT),  # what `pg_ctl stop -m fast` sends
            cleanup=tuple(str(path) for path in layout.private),
        )
    )


def _wait(
    server: PostgresService, check: HealthCheck, command: str | None, env: Mapping[str, str]
) -> None:
    """Wait until the server accepts connections (command None) or its health cmd passes."""
    supervised = server.supervised
    assert supervised is not None
    if command is None:
        argv = [str(server.install.tool("pg_isready")), "-q", "-t", "5"]
        describe = "pg_isready (the server accepts connections)"
        probe_env = server.client_env()
    else:
        argv = ["/bin/sh", "-c", command]
        describe = command
        probe_env = server.client_env({**health_base_env(), **env})
    wait_healthy(
        Waiting(
            service_id=server.service_id,
            check=check,
            probe=lambda: run_probe(argv, probe_env, check.timeout),
            alive=supervised.alive,
            describe=describe,
            log_tail=lambda: tail(str(server.layout.log)),
        )
    )


def _first_session(server: PostgresService, settings: ImageSettings, set_password: bool) -> None:
    """What the image's entrypoint does once the server runs, over the trusted unix socket:
    give the superuser POSTGRES_PASSWORD (when the cluster is a template's copy, which has
    none) and create POSTGRES_DB. The SQL goes on stdin, never in a command line."""
    statements = []
    if set_password and settings.password is not None:
        role = settings.user.replace('"', '""')
        secret = settings.password.replace("'", "''")
        statements.append(f"ALTER ROLE \"{role}\" PASSWORD '{secret}';")
    if settings.db != "postgres":
        name = settings.db.replace('"', '""')
        statements.append(f'CREATE DATABASE "{name}";')
    if not statements:
        return
    argv = [str(server.install.tool("psql")), "-X", "-q", "-v", "ON_ERROR_STOP=1"]
    argv += ["-U", settings.user, "-d", "postgres", "-f", "-"]
    what = "could not set POSTGRES_PASSWORD or create POSTGRES_DB"
    try:
        done = subprocess.run(
            argv,
            input="\n".join(statements).encode() + b"\n",
            env=server.client_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            timeout=60,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise PitstopError(f"service {server.service_id}: {what}: {exc}") from exc
    if done.returncode != 0:
        output = done.stdout.decode("utf-8", "replace")
        raise PitstopError(
            f"service {server.service_id}: {what}"
            + "".join(f"\n    {line}" for line in output.splitlines())
        )
