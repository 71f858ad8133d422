"""Which database the project runs in production, and how its tests reach it.

The engine and major version come from a `postgres:<version>` image in `compose.yaml` or
`docker-compose.yml`, else from the settings; the default is PostgreSQL 16. The tests reach
it through `DATABASE_URL` when the settings read that variable, else through discrete
variables (`DB_HOST`, `POSTGRES_HOST`, ...) whose names are taken from the settings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from pitstop.detect import postgres_version
from pitstop.detect._files import read_text

COMPOSE_FILES = ("compose.yaml", "compose.yml", "docker-compose.yml", "docker-compose.yaml")
DEFAULT_VERSION = "16"
DISCRETE = re.compile(
    r"['\"]((?:DB|POSTGRES|DATABASE|PG)_?(?:NAME|DB|USER|PASSWORD|HOST|PORT))['\"]"
)


@dataclass(frozen=True)
class Database:
    engine: str
    version: str
    name: str
    style: str  # "url" or "discrete"
    variables: tuple[str, ...]

    def env(self, port: str = "5432") -> dict[str, str]:
        """The variables the tests need to reach the CI service on `port`."""
        url = f"postgres://postgres:postgres@localhost:{port}/{self.name}"
        if self.style == "url":
            return {"DATABASE_URL": url}
        values = {
            "NAME": self.name,
            "DB": self.name,
            "USER": "postgres",
            "PASSWORD": "postgres",
            "HOST": "localhost",
            "PORT": port,
        }
        return {var: values[_suffix(var)] for var in self.variables}


def _suffix(variable: str) -> str:
    for suffix in ("PASSWORD", "NAME", "USER", "HOST", "PORT", "DB"):
        if variable.endswith(suffix):
            return suffix
    raise AssertionError(variable)


def detect(root: Path, settings_text: str, project_name: str) -> Database:
    version = postgres_version.detect(root, settings_text).version
    engine = "sqlite" if _only_sqlite(settings_text) else "postgresql"
    discrete = tuple(sorted(set(DISCRETE.findall(settings_text))))
    style = "url" if "DATABASE_URL" in settings_text or not discrete else "discrete"
    name = re.sub(r"[^a-z0-9_]", "_", project_name.lower()) or "app"
    return Database(engine, version, name, style, discrete if style == "discrete" else ())


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
