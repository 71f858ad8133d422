"""The whole detected project as one frozen record: `detect(path) -> Project`."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from pitstop.detect import (
    database,
    dependencies,
    django,
    execution,
    frontend,
    linters,
    precommit,
    translations,
)
from pitstop.detect import extensions as extensions_detect
from pitstop.detect import postgres_version as postgres_detect
from pitstop.detect import python as python_detect
from pitstop.detect import serving as serving_detect
from pitstop.detect import tests as tests_detect
from pitstop.detect._files import read_toml, table
from pitstop.detect.database import Database
from pitstop.detect.dependencies import Dependencies
from pitstop.detect.django import Django
from pitstop.detect.extensions import Extension
from pitstop.detect.frontend import Frontend
from pitstop.detect.linters import Linter
from pitstop.detect.postgres_version import PostgresVersion
from pitstop.detect.precommit import PreCommit
from pitstop.detect.python import PythonInfo
from pitstop.detect.serving import Serving
from pitstop.detect.tests import Tests
from pitstop.errors import PitstopError
from pitstop.github import git

DEFAULT_DEPLOY_COMMAND = "scripts/deploy.sh ARTIFACT ENVIRONMENT"


@dataclass(frozen=True)
class Project:
    root: Path
    name: str
    python: PythonInfo
    dependencies: Dependencies
    django: Django
    database: Database
    tests: Tests
    linters: tuple[Linter, ...]
    precommit: PreCommit
    frontend: Frontend | None
    default_branch: str
    postgres: PostgresVersion  # why database.version is what it is
    extensions: tuple[Extension, ...]  # what the migrations create
    test_shards: int = 1
    deploy_command: str = DEFAULT_DEPLOY_COMMAND
    production_env: tuple[tuple[str, str], ...] = ()
    notes: tuple[str, ...] = ()  # how detection went, for init's output (e.g. a fallback)
    serving: Serving = field(default_factory=Serving)
    # Catalogs kept as .po only (detect/translations.py): the tests need compilemessages.
    uncompiled_catalogs: tuple[str, ...] = ()

    def linter(self, name: str) -> Linter | None:
        return next((item for item in self.linters if item.name == name), None)


def detect(path: str | Path) -> Project:
    root = Path(path).resolve()
    if not root.is_dir():
        raise PitstopError(f"{root} is not a directory", hint="pass the project's folder")
    deps = dependencies.detect(root)
    hooks = precommit.detect(root)
    name = _name(root)
    python = python_detect.detect(root, deps)
    dj = django.detect(root)
    settings = _all_settings(root, dj)
    executed = execution.refine(
        root, deps, python.versions, dj, database.detect(root, settings, name, deps)
    )
    found = linters.detect(root, deps, hooks)
    unconfigured = linters.declared_only_note(linters.declared_only(root, deps, found))
    tests = tests_detect.detect(root, deps)
    pytest_path = tests_detect.folder_note(root, dj.base, tests.runner)
    return Project(
        root=root,
        name=name,
        python=python,
        dependencies=deps,
        django=executed.django,
        database=executed.database,
        tests=tests,
        linters=found,
        precommit=hooks,
        frontend=frontend.detect(root, deps, settings),
        default_branch=git.default_branch(root),
        notes=(*executed.notes, *(note for note in (unconfigured, pytest_path) if note)),
        postgres=postgres_detect.detect(root, settings),
        extensions=extensions_detect.detect(root),
        serving=serving_detect.detect(root, deps),
        uncompiled_catalogs=translations.uncompiled(root),
    )


def _name(root: Path) -> str:
    pyproject = read_toml(root / "pyproject.toml")
    name = table(pyproject, "project").get("name") or table(pyproject, "tool", "poetry").get("name")
    raw = name if isinstance(name, str) and name else root.name
    return re.sub(r"[^A-Za-z0-9_.-]", "-", raw) or "app"


def _all_settings(root: Path, dj: Django) -> str:
    """The text of every settings module, where the database configuration lives: files
    named like settings, and the detected modules with what they import (`config/django/`)."""
    paths = sorted(root.rglob("settings*.py")) + sorted(root.rglob("settings/*.py"))
    texts = []
    for path in dict.fromkeys([*django.settings_paths(root, dj), *paths]):
        if "node_modules" not in path.parts and ".venv" not in path.parts:
            texts.append(path.read_text(encoding="utf-8", errors="replace"))
    return "\n".join(texts)
