"""Every file `pitstop init` writes, as one table: path -> (renderer, policy)."""

from __future__ import annotations

from collections.abc import Callable

from pitstop.detect.project import Project
from pitstop.generate import (
    ci,
    config,
    dependabot,
    deploy,
    deploy_script,
    ruleset,
    security,
    tool_locks,
)
from pitstop.generate.writer import Policy, stamp

Renderer = Callable[[Project], str]


def _stamped(render: Renderer) -> Renderer:
    return lambda project: stamp(render(project))


PIP_AUDIT_LOCK = tool_locks.LOCKS["pip-audit"]
BANDIT_LOCK = tool_locks.LOCKS["bandit"]

FILES: dict[str, tuple[Renderer, Policy]] = {
    ".github/workflows/ci.yml": (_stamped(ci.render), Policy.GENERATED),
    ".github/workflows/deploy.yml": (_stamped(deploy.render), Policy.GENERATED),
    ".github/workflows/security.yml": (_stamped(security.render), Policy.GENERATED),
    ".github/dependabot.yml": (_stamped(dependabot.render), Policy.GENERATED),
    ".github/rulesets/main.json": (ruleset.render, Policy.GENERATED),
    PIP_AUDIT_LOCK.path: (lambda _project: PIP_AUDIT_LOCK.text(), Policy.GENERATED),
    BANDIT_LOCK.path: (lambda _project: BANDIT_LOCK.text(), Policy.GENERATED),
    deploy_script.PATH: (deploy_script.render, Policy.ONCE),
    "pyproject.toml": (config.record, Policy.MERGE),
}

# Files written only for some projects: path -> whether this project gets it.
WANTED: dict[str, Callable[[Project], bool]] = {
    deploy_script.PATH: lambda project: project.deploy_command.startswith(deploy_script.PATH),
    PIP_AUDIT_LOCK.path: lambda project: ci.pip_audit_lock(project) == PIP_AUDIT_LOCK,
    BANDIT_LOCK.path: lambda project: security.bandit_lock(project) == BANDIT_LOCK,
}


def render_all(project: Project) -> dict[str, tuple[str, Policy]]:
    """What init writes for this project."""
    wanted = {
        path: entry for path, entry in FILES.items() if path not in WANTED or WANTED[path](project)
    }
    return {path: (render(project), policy) for path, (render, policy) in wanted.items()}
