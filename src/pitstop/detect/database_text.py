"""What the settings' text says about the database, for when they cannot be executed.

These are the shapes real settings use and a reader recognises at a glance:

- `DATABASES = {}` and nothing else: no database at all (a static-site builder);
- a URL read without naming it: `dj_database_url.config(...)`, django-environ's `env.db()`
  (both read `DATABASE_URL`), and SQLite that is only that URL's default (`sqlite:///...`);
- a switch variable compared with a PostgreSQL name, directly
  (`if os.getenv("DB") == "postgres":`) or through a module variable
  (`DB = os.getenv("DB", "sqlite")` ... `if DB == "postgres":`);
- a database forced under CI: `if os.environ.get("GITHUB_WORKFLOW"):` (or `GITHUB_ACTIONS`,
  `CI`, or `"GITHUB_WORKFLOW" in os.environ`) followed by a block that assigns `DATABASES`
  with literal NAME, USER, PASSWORD, HOST and PORT.

Executing the settings (`database.confirm`) supersedes all of this.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ASSIGNMENT = re.compile(r"^[ \t]*DATABASES\s*=\s*(.*)$", re.M)
IMPLICIT_URL = re.compile(r"dj_database_url\.config\(|\benv\.db(?:_url)?\(\s*(?:\)|[a-z_]+\s*=)")
GETENV = r"""os\.(?:getenv\(|environ\.get\(|environ\[)\s*['"](\w+)['"]"""
POSTGRES_VALUE = re.compile(r"""['"](postgres(?:ql)?|pg|psql)['"]""", re.I)
CI_VARIABLES = ("GITHUB_WORKFLOW", "GITHUB_ACTIONS", "CI")
CI_TEST = re.compile(
    rf"""^([ \t]*)if\s+(?:os\.(?:getenv|environ\.get)\(\s*['"]({"|".join(CI_VARIABLES)})['"]"""
    rf"""|['"]({"|".join(CI_VARIABLES)})['"]\s+in\s+os\.environ)[^\n]*:[ \t]*(?:#[^\n]*)?$""",
    re.M,
)


@dataclass(frozen=True)
class Forced:
    """The database the settings fix under CI, whatever the job's variables say."""

    variable: str  # what the settings test: GITHUB_WORKFLOW
    host: str
    port: str
    name: str | None
    user: str | None
    password: str | None


def empty(text: str) -> bool:
    """Every `DATABASES = ...` is `{}`: the project has no database."""
    values = [_code(value) for value in ASSIGNMENT.findall(text)]
    return bool(values) and all(re.fullmatch(r"\{\s*\}", value) for value in values)


def reads_url(text: str) -> bool:
    """The settings read `DATABASE_URL`, by name or through a helper's default."""
    return "DATABASE_URL" in text or IMPLICIT_URL.search(text) is not None


def sqlite_only_by_default(text: str) -> bool:
    """SQLite is only the default of a URL the settings read (`dj_database_url.config(
    default="sqlite:///...")`): no SQLite ENGINE is written anywhere, so setting the URL
    switches every settings module, the test ones included."""
    url_default = re.search(r"""['"]sqlite:/""", text) is not None
    return url_default and "backends.sqlite3" not in text and reads_url(text)


def switch(text: str) -> tuple[tuple[str, str], ...]:
    """The variable and value that select PostgreSQL: (("DB", "postgres"),), else ()."""
    aliases = {m[1]: m[2] for m in re.finditer(rf"^(\w+)\s*=\s*{GETENV}", text, re.M)}
    for found in re.finditer(r"^[ \t]*(?:el)?if\s+([^\n]*):", text, re.M):
        condition = found[1]
        variable = re.match(GETENV, condition.strip())
        name = variable[1] if variable else aliases.get(condition.split()[0])
        compared = re.search(r"(?:==|\bin\b)\s*(.*)$", condition)
        value = POSTGRES_VALUE.search(compared[1]) if compared else None
        if name and value:
            return ((name, value[1]),)
    return ()


def forced(text: str) -> Forced | None:
    """A DATABASES block the settings assign when a CI variable is set."""
    for found in CI_TEST.finditer(text):
        block = _block(text[found.end() :], found[1])
        if "DATABASES" not in block or "postgres" not in block:
            continue
        host, port = _literal(block, "HOST"), _literal(block, "PORT")
        if host is None or port is None:
            continue
        name, user, password = (_literal(block, key) for key in ("NAME", "USER", "PASSWORD"))
        return Forced(found[2] or found[3], host, port, name, user, password)
    return None


def _block(rest: str, indent: str) -> str:
    """The lines after an `if` that are indented deeper than it."""
    lines = []
    for line in rest.splitlines()[1:]:
        if (
            line.strip()
            and not line.startswith(indent + " ")
            and not line.startswith(indent + "\t")
        ):
            break
        lines.append(line)
    return "\n".join(lines)


def _literal(block: str, key: str) -> str | None:
    found = re.search(rf"""['"]{key}['"]\s*:\s*(?:['"]([^'"]*)['"]|(\d+))""", block)
    return (found[1] if found[1] is not None else found[2]) if found else None


def _code(value: str) -> str:
    return value.split("#", 1)[0].strip()
