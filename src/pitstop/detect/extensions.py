"""PostgreSQL extensions the project's migrations create, so CI's server must have them.

Every `migrations/*.py` is parsed with `ast` (never run) for `CreateExtension("x")`, the
`django.contrib.postgres.operations` shorthands (`TrigramExtension()`, `HStoreExtension()`,
...) and `RunSQL("CREATE EXTENSION ...")`.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

from pitstop.detect._files import read_text

# django.contrib.postgres.operations: operation class -> the extension it creates.
OPERATIONS = {
    "BloomExtension": "bloom",
    "BtreeGinExtension": "btree_gin",
    "BtreeGistExtension": "btree_gist",
    "CITextExtension": "citext",
    "CryptoExtension": "pgcrypto",
    "HStoreExtension": "hstore",
    "TrigramExtension": "pg_trgm",
    "UnaccentExtension": "unaccent",
}
# What CREATE EXTENSION finds in the official postgres image: PostgreSQL's contrib modules.
# fmt: off
IN_IMAGE = frozenset({
    "adminpack", "amcheck", "autoinc", "bloom", "btree_gin", "btree_gist", "citext", "cube",
    "dblink", "dict_int", "dict_xsyn", "earthdistance", "file_fdw", "fuzzystrmatch", "hstore",
    "insert_username", "intagg", "intarray", "isn", "lo", "ltree", "moddatetime",
    "old_snapshot", "pageinspect", "pg_buffercache", "pg_freespacemap", "pg_prewarm",
    "pg_stat_statements", "pg_surgery", "pg_trgm", "pg_visibility", "pg_walinspect", "pgcrypto",
    "pgrowlocks", "pgstattuple", "plpgsql", "postgres_fdw", "refint", "seg", "sslinfo",
    "tablefunc", "tcn", "tsm_system_rows", "tsm_system_time", "unaccent", "uuid-ossp", "xml2",
})
# fmt: on
SKIPPED = {".venv", "venv", "node_modules", "site-packages", ".git", ".tox"}
CREATE = re.compile(r"\bCREATE\s+EXTENSION\s+(?:IF\s+NOT\s+EXISTS\s+)?(\"[^\"]+\"|[\w-]+)", re.I)


@dataclass(frozen=True)
class Extension:
    name: str
    path: str  # the migration, relative to the project
    line: int

    def __str__(self) -> str:
        return f"{self.name} ({self.path}:{self.line})"


def detect(root: Path) -> tuple[Extension, ...]:
    """Each extension once, where it is first created, sorted by name."""
    first: dict[str, Extension] = {}
    for path in _migrations(root):
        for extension in in_migration(path, path.relative_to(root).as_posix()):
            first.setdefault(extension.name, extension)
    return tuple(first[name] for name in sorted(first))


def names(extensions: tuple[Extension, ...]) -> tuple[str, ...]:
    return tuple(extension.name for extension in extensions)


def outside_image(extensions: tuple[Extension, ...]) -> tuple[Extension, ...]:
    """The extensions the official postgres image cannot create (postgis, vector, ...)."""
    return tuple(extension for extension in extensions if extension.name not in IN_IMAGE)


def _migrations(root: Path) -> list[Path]:
    return [
        path
        for path in sorted(root.rglob("migrations/*.py"))
        if not SKIPPED.intersection(path.relative_to(root).parts)
    ]


def in_migration(path: Path, name: str) -> list[Extension]:
    try:
        tree = ast.parse(read_text(path) or "", filename=name)
    except (SyntaxError, ValueError):  # the project's tests will say so; nothing to learn
        return []
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            found += [Extension(e, name, node.lineno) for e in _created(node)]
    return found


def _created(call: ast.Call) -> list[str]:
    operation = _called(call.func)
    if operation in OPERATIONS:
        return [OPERATIONS[operation]]
    if operation == "CreateExtension":
        value = _argument(call, 0, "name")
        return [value] if isinstance(value, str) else []
    if operation == "RunSQL":
        sql = _argument(call, 0, "sql")
        return [_unquote(m[1]) for text in _strings(sql) for m in CREATE.finditer(text)]
    return []


def _called(func: ast.expr) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def _argument(call: ast.Call, position: int, keyword: str) -> object:
    node: ast.expr | None = call.args[position] if len(call.args) > position else None
    node = next((k.value for k in call.keywords if k.arg == keyword), node)
    if node is None:
        return None
    try:
        return ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return None


def _strings(value: object) -> list[str]:
    """The SQL text(s) of RunSQL's `sql`: a string, or a list of strings / (sql, params)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, (list, tuple)):
        return [text for item in value for text in _strings(item)]
    return []


def _unquote(name: str) -> str:
    return name.strip('"').lower() if not name.startswith('"') else name.strip('"')
