"""`.github/dependabot.yml`: weekly, grouped, with a 7-day cooldown."""

from __future__ import annotations

from pitstop.detect.project import Project
from pitstop.generate import _yaml, ci

ECOSYSTEMS = {"pip": "pip", "uv": "uv", "poetry": "pip", "pipenv": "pip", "pdm": "pip"}
LIMIT = 10
COOLDOWN_DAYS = 7


def _update(ecosystem: str, groups: dict[str, object]) -> dict[str, object]:
    return {
        "package-ecosystem": ecosystem,
        "directory": "/",
        "schedule": {"interval": "weekly"},
        "cooldown": {"default-days": COOLDOWN_DAYS},
        "open-pull-requests-limit": LIMIT,
        "groups": groups,
    }


def _minor_patch(prefix: str) -> dict[str, object]:
    return {f"{prefix}-minor-and-patch": {"update-types": ["minor", "patch"]}}


def render(project: Project) -> str:
    updates = [_update(ECOSYSTEMS[project.dependencies.manager], _minor_patch("python"))]
    if project.frontend is not None:
        updates.append(_update("npm", _minor_patch("npm")))
    updates.append(_update("github-actions", {"actions": {"patterns": ["*"]}}))
    return _yaml.dump({"version": 2, "updates": updates}, ci.HEADER)
