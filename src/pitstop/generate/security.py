"""`.github/workflows/security.yml`: a weekly (and on demand) pip-audit, Trivy and bandit."""

from __future__ import annotations

from pitstop.detect.project import Project
from pitstop.generate import _yaml, ci, tool_locks, tool_versions
from pitstop.generate._steps import RUNNER, checkout, setup_python


def render(project: Project) -> str:
    python = ci.audit_python(project)
    document: dict[str, object] = {
        "name": "security",
        "on": {"schedule": [{"cron": "17 4 * * 1"}], "workflow_dispatch": {}},
        "permissions": {},
        "concurrency": {"group": "${{ github.workflow }}", "cancel-in-progress": False},
        "jobs": {
            "audit": {
                "runs-on": RUNNER,
                "timeout-minutes": 20,
                "permissions": {"contents": "read", "security-events": "write"},
                "steps": [
                    checkout(),
                    setup_python(python),
                    *ci.audit_steps(project),
                    *ci.trivy_steps("trivy-results.sarif"),
                    *bandit_steps(project),
                ],
            }
        },
    }
    return _yaml.dump(document, ci.HEADER)


def bandit_version(project: Project) -> str:
    linter = project.linter("bandit")
    if linter and linter.version:
        return linter.version
    return tool_versions.version("bandit", ci.audit_python(project))


def bandit_lock(project: Project) -> tool_locks.ToolLock | None:
    """bandit's hash-pinned lock, installed after pip-audit's (its versions agree with it)."""
    if ci.pip_audit_lock(project) is None:
        return None
    return tool_locks.lock_for("bandit", bandit_version(project))


def bandit_steps(project: Project) -> list[dict[str, object]]:
    linter = project.linter("bandit")
    version = bandit_version(project)
    config = "-c pyproject.toml " if linter and linter.pyproject_config else ""
    apps = " ".join(project.django.apps)
    lock = bandit_lock(project)
    return [
        {
            "name": f"Install bandit {version} with SARIF output",
            "run": lock.install() if lock else f'python -m pip install "bandit[sarif]=={version}"',
        },
        {
            "name": "bandit",
            "id": "bandit",
            "if": "${{ !cancelled() }}",
            "run": f"bandit {config}-r {apps} -f sarif -o bandit-results.sarif",
        },
        ci.sarif_upload("bandit-results.sarif", "bandit"),
    ]
