"""`[tool.pitstop]` in pyproject.toml: every detected value, recorded so the user can override it.

`init` reads the table back first: a key the user set wins over detection; a missing key is
filled in with the detected value (tomlkit keeps the rest of the file byte for byte).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import tomlkit
from tomlkit.items import Table

from pitstop.detect._files import read_text, read_toml, table
from pitstop.detect.linters import KNOWN, Linter
from pitstop.detect.project import Project
from pitstop.detect.serving import SERVERS
from pitstop.errors import Location, PitstopError


@dataclass(frozen=True)
class Key:
    """One `[tool.pitstop]` key: how to read it from a project and how to apply it."""

    kind: type
    read: Callable[[Project], Any]
    apply: Callable[[Project, Any], Project]
    doc: str


def _linters(project: Project, names: list[str]) -> Project:
    unknown = sorted(set(names) - set(KNOWN))
    if unknown:
        raise PitstopError(
            f"[tool.pitstop] linters: unknown linter {unknown[0]!r}",
            hint=f"choose from {', '.join(KNOWN)}",
        )
    found = {linter.name: linter for linter in project.linters}
    chosen = tuple(
        found.get(n)
        or Linter(n, project.dependencies.pinned(n), bool(project.dependencies.pinned(n)), False)
        for n in names
    )
    return replace(project, linters=chosen)


def _frontend(project: Project, field: str, value: Any) -> Project:
    if project.frontend is None:
        return project
    return replace(project, frontend=replace(project.frontend, **{field: value}))


KEYS: dict[str, Key] = {
    "python": Key(
        list,
        lambda p: list(p.python.versions),
        lambda p, v: replace(p, python=replace(p.python, versions=tuple(v), source="pyproject")),
        "Python versions of the test matrix",
    ),
    "default-branch": Key(
        str,
        lambda p: p.default_branch,
        lambda p, v: replace(p, default_branch=v),
        "the branch deployed to production",
    ),
    "settings": Key(
        str,
        lambda p: p.django.test_settings,
        lambda p, v: replace(p, django=replace(p.django, test_settings=v)),
        "settings module for tests and linters",
    ),
    "production-settings": Key(
        str,
        lambda p: p.django.production_settings,
        lambda p, v: replace(p, django=replace(p.django, production_settings=v)),
        "settings module for check --deploy, collectstatic and the deploy",
    ),
    "apps": Key(
        list,
        lambda p: list(p.django.apps),
        lambda p, v: replace(
            p, django=replace(p.django, apps=tuple(v), apps_source="[tool.pitstop] apps")
        ),
        "app folders: the coverage source and bandit's target",
    ),
    "static-root": Key(
        str,
        lambda p: p.django.static_root,
        lambda p, v: replace(p, django=replace(p.django, static_root=v)),
        "STATIC_ROOT, where collectstatic writes",
    ),
    "postgres": Key(
        str,
        lambda p: p.database.version,
        lambda p, v: replace(p, database=replace(p.database, version=v)),
        "PostgreSQL major version of production (the service image)",
    ),
    "test-runner": Key(
        str,
        lambda p: p.tests.runner,
        lambda p, v: replace(p, tests=replace(p.tests, runner=_choice(v, ("pytest", "django")))),
        '"pytest" or "django" (manage.py test)',
    ),
    "coverage-floor": Key(
        int,
        lambda p: p.tests.coverage_floor,
        lambda p, v: replace(p, tests=replace(p.tests, coverage_floor=v)),
        "--cov-fail-under",
    ),
    "linters": Key(
        list, lambda p: [item.name for item in p.linters], _linters, "linters the quality job runs"
    ),
    "node": Key(
        str,
        lambda p: p.frontend.node_version if p.frontend else None,
        lambda p, v: _frontend(p, "node_version", v),
        "Node major version of the frontend job",
    ),
    "frontend-output": Key(
        str,
        lambda p: p.frontend.output if p.frontend else None,
        lambda p, v: _frontend(p, "output", v),
        "the built file or folder that must exist and not be empty",
    ),
    "test-shards": Key(
        int,
        lambda p: p.test_shards,
        lambda p, v: replace(p, test_shards=max(1, v)),
        "runners per Python version for the tests",
    ),
}


def _choice(value: str, choices: tuple[str, ...]) -> str:
    if value not in choices:
        raise PitstopError(f"[tool.pitstop] test-runner must be one of {choices}, not {value!r}")
    return value


def apply(project: Project) -> Project:
    """The project with every `[tool.pitstop]` value the user set applied over detection."""
    path = project.root / "pyproject.toml"
    settings = table(read_toml(path), "tool", "pitstop")
    for name, value in settings.items():
        key = KEYS.get(name)
        if name == "deploy":
            project = _deploy(project, value, path)
        elif name == "production-env":
            project = replace(
                project, production_env=tuple(sorted(_strings(value, path, name).items()))
            )
        elif key is None:
            raise _error(
                path,
                name,
                f"[tool.pitstop] has no key {name!r}",
                f"known keys: {', '.join([*KEYS, 'deploy', 'production-env'])}",
            )
        elif not isinstance(value, key.kind) or isinstance(value, bool):
            raise _error(
                path, name, f"[tool.pitstop] {name} must be a {key.kind.__name__}", key.doc
            )
        else:
            project = key.apply(project, value)
    return project


def _deploy(project: Project, value: object, path: Path) -> Project:
    settings = value if isinstance(value, dict) else {}
    unknown = sorted(set(settings) - set(DEPLOY_KEYS))
    if unknown:
        raise _error(
            path,
            unknown[0],
            f"[tool.pitstop.deploy] has no key {unknown[0]!r}",
            f"known keys: {', '.join(DEPLOY_KEYS)}",
        )
    command = settings.get("command")
    if command is not None:
        if not isinstance(command, str) or "ARTIFACT" not in command:
            raise _error(
                path,
                "command",
                "[tool.pitstop.deploy] command must be a string naming ARTIFACT",
                'e.g. "scripts/deploy.sh ARTIFACT ENVIRONMENT"',
            )
        project = replace(project, deploy_command=command)
    serving = project.serving
    server = settings.get("server")
    if server is not None:
        if server not in (*SERVERS, "runserver"):
            raise _error(
                path,
                "server",
                f"[tool.pitstop.deploy] server must be one of {', '.join(SERVERS)} or runserver",
                "the WSGI/ASGI server the deploy starts (it must be in the locked dependencies)",
            )
        chosen = None if server == "runserver" else server
        if chosen != serving.server:  # else keep where detection found it
            source = "[tool.pitstop.deploy] server"
            serving = replace(serving, server=chosen, server_source=source)
    health = settings.get("health-path")
    if health is not None:
        if not isinstance(health, str) or not health.startswith("/"):
            raise _error(
                path,
                "health-path",
                "[tool.pitstop.deploy] health-path must be a path starting with /",
                'e.g. "/healthz": the deploy requires it to answer 200',
            )
        if health != serving.health_path:  # else keep where detection found it
            source = "[tool.pitstop.deploy] health-path"
            serving = replace(serving, health_path=health, health_source=source)
    return replace(project, serving=serving)


DEPLOY_KEYS = ("command", "server", "health-path")


def _strings(value: object, path: Path, name: str) -> dict[str, str]:
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise _error(
            path,
            name,
            f"[tool.pitstop.{name}] must map names to strings",
            'e.g. ALLOWED_HOSTS = "localhost"',
        )
    return dict(value)


def _error(path: Path, key: str, message: str, hint: str) -> PitstopError:
    lines = (read_text(path) or "").splitlines()
    line = next((i for i, text in enumerate(lines, 1) if text.strip().startswith(key)), 0)
    location = Location.in_file(path, line, 1) if line else None
    return PitstopError(message, location=location, hint=hint)


def record(project: Project) -> str:
    """pyproject.toml's text with every missing `[tool.pitstop]` key filled in."""
    path = project.root / "pyproject.toml"
    document = tomlkit.parse(read_text(path) or "")
    tool = document.get("tool")
    if tool is None:
        tool = tomlkit.table(is_super_table=True)
        document["tool"] = tool
    pitstop = tool.get("pitstop")
    if pitstop is None:
        pitstop = tomlkit.table()
        pitstop.comment("detected by `pitstop init`; edit to override, then re-run it")
        tool["pitstop"] = pitstop
    for name, key in KEYS.items():
        value = key.read(project)
        if name not in pitstop and value is not None:
            pitstop[name] = value
    _record_deploy(pitstop, project)
    return tomlkit.dumps(document)


def _record_deploy(pitstop: Table, project: Project) -> None:
    if "deploy" not in pitstop:
        pitstop["deploy"] = tomlkit.table()
    deploy = pitstop["deploy"]
    detected = {
        "command": project.deploy_command,
        "server": project.serving.server,
        "health-path": project.serving.health_path,
    }
    for name, value in detected.items():
        if name not in deploy and value is not None:
            deploy[name] = value


def load(path: str | Path) -> Project:
    """The detected project with the user's `[tool.pitstop]` values applied."""
    from pitstop.detect.project import detect

    return apply(detect(path))
