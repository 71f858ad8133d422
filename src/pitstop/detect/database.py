"""Which database the project runs in production, and how its tests reach it.

The engine and major version come from a `postgres:<version>` image in `compose.yaml` or
`docker-compose.yml`, else from the settings; the default is PostgreSQL 16. The tests reach
it through `DATABASE_URL` when the settings read that variable, else through discrete
variables (`DB_HOST`, `POSTGRES_HOST`, `DJANGO_DB_NAME`, ...) whose names are taken from the
settings. From the text alone (`database_text`): `DATABASES = {}` means no database; SQLite
that is only the default of a URL the settings read (`dj_database_url.config(default=
"sqlite:..."`), no SQLite ENGINE written anywhere) means PostgreSQL when the project depends
on a PostgreSQL driver (production and CI set the URL, the default is for a laptop); a
switch (`DB=postgres`) and a database forced under `GITHUB_WORKFLOW` are kept for the test
job.

`confirm` then checks that by executing the test settings (see `settings_probe`) with the
test job's variables and `CI=true`: the style comes from what they really read; a selector
variable (`DB=postgres`) is found when they fall back to SQLite; a host and port they force
under CI give the service a fixed port mapping; and when they never reach PostgreSQL, no
service is started.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from pitstop.detect import database_text, postgres_version
from pitstop.detect._files import read_text
from pitstop.detect.dependencies import Dependencies
from pitstop.detect.settings_probe import Probe

COMPOSE_FILES = ("compose.yaml", "compose.yml", "docker-compose.yml", "docker-compose.yaml")
DEFAULT_VERSION = "16"
DISCRETE = re.compile(
    r"['\"]((?:DJANGO_)?(?:DB|POSTGRES|DATABASE|PG)_?(?:NAME|DB|USER|PASSWORD|HOST|PORT))['\"]"
)
DRIVERS = ("psycopg", "psycopg-binary", "psycopg2", "psycopg2-binary")


@dataclass(frozen=True)
class Database:
    engine: str
    version: str
    name: str
    style: str  # "url" or "discrete"
    variables: tuple[str, ...]
    switch: tuple[tuple[str, str], ...] = ()  # what selects PostgreSQL: (("DB", "postgres"),)
    forced_host: str | None = None  # the settings ignore our host and port under CI
    forced_port: str | None = None
    user: str = "postgres"  # the service's account (the settings may force theirs)
    password: str = "postgres"
    confirmed: bool = False  # the test settings were executed and resolved to PostgreSQL
    # The settings connect with no password (linkding's LD_DB_PASSWORD unset): the service
    # trusts its connections (POSTGRES_HOST_AUTH_METHOD=trust), as such a deployment does.
    trust: bool = False

    @property
    def service_port(self) -> str | None:
        """The fixed host port of the service, None when the runner picks a free one."""
        return self.forced_port

    def url(self, port: str = "5432", name: str | None = None) -> str:
        """A URL to the CI service on `port` (another database on it when `name` is given)."""
        host = self.forced_host or "localhost"
        port = self.forced_port or port
        return f"postgres://{self.user}:{self.password}@{host}:{port}/{name or self.name}"

    def env(self, port: str = "5432") -> dict[str, str]:
        """The variables the tests need to reach the CI service on `port`."""
        host = self.forced_host or "localhost"
        port = self.forced_port or port
        url = self.url(port)
        if self.style == "url":
            return {"DATABASE_URL": url, **dict(self.switch)}
        values = {
            "NAME": self.name,
            "DB": self.name,
            "USER": self.user,
            "PASSWORD": self.password,
            "HOST": host,
            "PORT": port,
        }
        return {**{var: values[_suffix(var)] for var in self.variables}, **dict(self.switch)}


def _suffix(variable: str) -> str:
    for suffix in ("PASSWORD", "NAME", "USER", "HOST", "PORT", "DB"):
        if variable.endswith(suffix):
            return suffix
    raise AssertionError(variable)


def detect(
    root: Path, settings_text: str, project_name: str, deps: Dependencies | None = None
) -> Database:
    version = postgres_version.detect(root, settings_text).version
    switch = database_text.switch(settings_text)
    engine = _engine_from_text(settings_text, deps, switch)
    discrete = tuple(sorted(set(DISCRETE.findall(settings_text))))
    style = "url" if database_text.reads_url(settings_text) or not discrete else "discrete"
    name = re.sub(r"[^a-z0-9_]", "_", project_name.lower()) or "app"
    db = Database(engine, version, name, style, discrete if style == "discrete" else (), switch)
    forced = database_text.forced(settings_text) if engine == "postgresql" else None
    if forced is None:
        return db
    return replace(
        db,
        forced_host=forced.host or "localhost",
        forced_port=forced.port or "5432",
        name=forced.name or db.name,
        user=forced.user or db.user,
        password=forced.password or db.password,
    )


def _engine_from_text(
    text: str, deps: Dependencies | None, switch: tuple[tuple[str, str], ...]
) -> str:
    if database_text.empty(text):
        return "none"
    if switch or not _only_sqlite(text):
        return "postgresql"
    driver = deps is not None and any(deps.declared(name) for name in DRIVERS)
    return "postgresql" if driver and database_text.sqlite_only_by_default(text) else "sqlite"


def _compose_version(root: Path) -> str | None:
    for name in COMPOSE_FILES:
        text = read_text(root / name) or ""
        found = re.search(r"image:\s*['\"]?(?:docker\.io/)?(?:library/)?postgres:(\d+)", text)
        if found:
            return found[1]
    return None


def _settings_version(text: str) -> str | None:
    found = re.search(r"postgres(?:ql)?[ _:-]?(\d{2})\b", text, re.I)
    return found[1] if found else None


def _only_sqlite(text: str) -> bool:
    return "sqlite3" in text and "postgres" not in text.lower() and "DATABASE_URL" not in text


SELECTOR = re.compile(
    r"^(?:DJANGO_)?(?:DB|DATABASE)(?:_?(?:ENGINE|BACKEND|TYPE|VENDOR|KIND))?$"
    r"|^(?:DJANGO_)?USE_(?:POSTGRES|POSTGRESQL|PG|PSQL)$|^(?:DJANGO_)?(?:POSTGRES|PG)$"
)
SELECTOR_VALUES = ("postgres", "postgresql", "1", "true", "True")
PROBE_PORT = "15432"  # not 5432, so a port the settings force is told apart from ours
Run = Callable[[dict[str, str]], Probe]


def confirm(db: Database, run: Run) -> tuple[Database, Probe, list[str]]:
    """Execute the test settings as the test job will; return what they really need, the
    last import (what the test job's settings read and require) and notes for init."""
    # What the text said is forced is what this import checks: start from the job's own.
    db = replace(db, forced_host=None, forced_port=None, user="postgres", password="postgres")
    db, probe = _restyle(db, run(db.env(PROBE_PORT)), run)
    if not probe.database.postgresql and db.engine == "postgresql":
        db, probe = _find_switch(db, probe, run)
        if probe.database.postgresql:  # the PostgreSQL branch may read other variables
            db, probe = _restyle(db, probe, run)
    if not probe.database.postgresql:
        engine = _engine(probe.database.engine)
        used = "no database" if engine == "none" else engine
        note = f"the test settings use {used} even with the database variables set"
        return replace(db, engine=engine, confirmed=True), probe, [note + "; no PostgreSQL service"]
    notes = [f"the test settings reach PostgreSQL (checked by importing them{_with(db)})"]
    resolved = probe.database
    if (resolved.host or "localhost", resolved.port) != ("localhost", PROBE_PORT):
        host, port = resolved.host or "localhost", resolved.port or "5432"
        db = replace(
            db,
            forced_host=host,
            forced_port=port,
            name=resolved.name or db.name,
            user=resolved.user or db.user,
            password=resolved.password or db.password,
            trust=not resolved.password,
        )
        notes.append(
            f"under CI the settings force {host}:{port} (database {db.name}, user {db.user}): "
            "the service is published on that port with that database and user "
            "(so `pitstop run` needs that port free)"
        )
        if db.trust:
            notes.append(
                "the settings connect without a password: the service trusts its connections "
                "(POSTGRES_HOST_AUTH_METHOD=trust)"
            )
        if not resolved.host:
            notes.append("the settings leave HOST empty (a Unix socket): the service is TCP only")
    return replace(db, engine="postgresql", confirmed=True), probe, notes


def _restyle(db: Database, probe: Probe, run: Run) -> tuple[Database, Probe]:
    """Give the variables the settings really read (URL or discrete), and import again."""
    styled = _style(db, probe.read)
    return (db, probe) if styled == db else (styled, run(styled.env(PROBE_PORT)))


def _style(db: Database, read: tuple[str, ...]) -> Database:
    if "DATABASE_URL" in read:
        return replace(db, style="url", variables=())
    discrete = tuple(sorted(name for name in read if DISCRETE.fullmatch(f"'{name}'")))
    if discrete:
        return replace(db, style="discrete", variables=discrete)
    return db


def _find_switch(db: Database, probe: Probe, run: Run) -> tuple[Database, Probe]:
    for name in (n for n in probe.read if SELECTOR.match(n)):
        for value in SELECTOR_VALUES:
            switched = replace(db, switch=((name, value),))
            attempt = run(switched.env(PROBE_PORT))
            if attempt.database.postgresql:
                return switched, attempt
    return db, probe


def _with(db: Database) -> str:
    return "".join(f", with {name}={value}" for name, value in db.switch)


def _engine(engine: str) -> str:
    if not engine or engine.endswith(".dummy"):  # `DATABASES = {}`
        return "none"
    for known in ("postgresql", "sqlite", "mysql", "oracle"):
        if known in engine or (known == "postgresql" and "postgis" in engine):
            return known
    return engine.rsplit(".", 1)[-1] or "unknown"
