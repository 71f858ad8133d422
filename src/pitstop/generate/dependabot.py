"""`.github/dependabot.yml`: weekly, grouped, with a 7-day cooldown."""

from __future__ import annotations

from pathlib import PurePosixPath

from pitstop.detect.project import Project
from pitstop.generate import _yaml, ci

ECOSYSTEMS = {"pip": "pip", "uv": "uv", "poetry": "pip", "pipenv": "pip", "pdm": "pip"}
LIMIT = 10
COOLDOWN_DAYS = 7


def _update(ecosystem: str, groups: dict[str, object], directory: str = "/") -> dict[str, object]:
    return {
        "package-ecosystem": ecosystem,
        "directory": directory,
        "schedule": {"interval": "weekly"},
        "cooldown": {"default-days": COOLDOWN_DAYS},
        "open-pull-requests-limit": LIMIT,
        "groups": groups,
    }


def _minor_patch(prefix: str) -> dict[str, object]:
    return {f"{prefix}-minor-and-patch": {"update-types": ["minor", "patch"]}}


def render(project: Project) -> str:
    updates = [_update(ECOSYSTEMS[project.dependencies.manager], _minor_patch("python"))]
    front = project.frontend
    if front is not None and front.tailwind_cli is None:  # django-tailwind-cli: no package.json
        folder = "/" if front.directory == "." else f"/{front.directory}"
        updates.append(_update("npm", _minor_patch("npm"), folder))
    lock = ci.pip_audit_lock(project)
    if lock is not None:  # .github/requirements/: Dependabot reads a `requirements` folder
        tools = PurePosixPath("/", lock.path).parent.parent  # /.github
        updates.append(_update("pip", _minor_patch("tools"), str(tools)))
    updates.append(_update("github-actions", {"actions": {"patterns": ["*"]}}))
    return _yaml.dump({"version": 2, "updates": updates}, ci.HEADER)
