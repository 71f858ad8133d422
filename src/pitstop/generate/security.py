"""`.github/workflows/security.yml`: a weekly (and on demand) pip-audit, Trivy and bandit."""

from __future__ import annotations

from pitstop.detect.project import Project
from pitstop.generate import _yaml, ci
from pitstop.generate._steps import RUNNER, checkout, setup_python

BANDIT = "1.9.4"


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


def bandit_steps(project: Project) -> list[dict[str, object]]:
    linter = project.linter("bandit")
    version = linter.version if linter and linter.version else BANDIT
    config = "-c pyproject.toml " if linter and linter.pyproject_config else ""
    apps = " ".join(project.django.apps)
    return [
        {
            "name": f"Install bandit {version} with SARIF output",
            "run": f'python -m pip install "bandit[sarif]=={version}"',
        },
        {
            "name": "bandit",
            "id": "bandit",
            "if": "${{ !cancelled() }}",
            "run": f"bandit {config}-r {apps} -f sarif -o bandit-results.sarif",
        },
        ci.sarif_upload("bandit-results.sarif", "bandit"),
    ]
