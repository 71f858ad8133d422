"""Every file `pitstop init` writes, as one table: path -> (renderer, policy)."""

from __future__ import annotations

from collections.abc import Callable

from pitstop.detect.project import Project
from pitstop.generate import ci, config, dependabot, deploy, deploy_script, ruleset, security
from pitstop.generate.writer import Policy, stamp

Renderer = Callable[[Project], str]


def _stamped(render: Renderer) -> Renderer:
    return lambda project: stamp(render(project))


FILES: dict[str, tuple[Renderer, Policy]] = {
    ".github/workflows/ci.yml": (_stamped(ci.render), Policy.GENERATED),
    ".github/workflows/deploy.yml": (_stamped(deploy.render), Policy.GENERATED),
    ".github/workflows/security.yml": (_stamped(security.render), Policy.GENERATED),
    ".github/dependabot.yml": (_stamped(dependabot.render), Policy.GENERATED),
    ".github/rulesets/main.json": (ruleset.render, Policy.GENERATED),
    deploy_script.PATH: (deploy_script.render, Policy.ONCE),
    "pyproject.toml": (config.record, Policy.MERGE),
}


def render_all(project: Project) -> dict[str, tuple[str, Policy]]:
    """What init writes for this project (the deploy script only when it is the command)."""
    wanted = {
        path: entry
        for path, entry in FILES.items()
        if path != deploy_script.PATH or project.deploy_command.startswith(deploy_script.PATH)
    }
    return {path: (render(project), policy) for path, (render, policy) in wanted.items()}
