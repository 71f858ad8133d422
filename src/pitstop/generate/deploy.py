"""`.github/workflows/deploy.yml`: CI first, then an attested build, then the deploy.

develop deploys to staging and the default branch to production. No caches anywhere in this
workflow (cache poisoning); secrets come only from the deployment environment.
"""

from __future__ import annotations

import shlex

from pitstop.detect.project import Project
from pitstop.generate import _yaml, ci, frontend
from pitstop.generate._steps import (
    RUNNER,
    Step,
    checkout,
    download,
    install,
    network,
    setup_python,
    upload,
)
from pitstop.generate._yaml import Uses
from pitstop.generate.deploy_script import needs_database
from pitstop.generate.pins import uses

# The workspace-relative form, which pitstop's local runner and actionlint understand; zizmor
# prefers GitHub's newer `$/` self-repository form, hence the visible, scoped ignore.
LOCAL_CI = "./.github/workflows/ci.yml # zizmor: ignore[self-repository]"
ENVIRONMENT_SECRETS = ("DATABASE_URL", "SECRET_KEY")
ENVIRONMENT_VARS = ("ALLOWED_HOSTS",)
# Not "release": the called ci.yml uploads that name in the same run, and artifact names are
# unique within a run (a second upload of a name fails on GitHub).
DEPLOY_ARTIFACT = "deploy-release"


def environment(project: Project) -> str:
    return f"${{{{ github.ref_name == '{project.default_branch}' && 'production' || 'staging' }}}}"


def render(project: Project) -> str:
    branch = project.default_branch
    document: dict[str, object] = {
        "name": "deploy",
        "on": {"push": {"branches": sorted({branch, "develop"})}, "workflow_dispatch": {}},
        "permissions": {},
        "jobs": {
            "ci": {
                "uses": Uses(LOCAL_CI),
                "permissions": {"contents": "read", "security-events": "write"},
                "secrets": {"CODECOV_TOKEN": "${{ secrets.CODECOV_TOKEN }}"},
            },
            "build": build_job(project),
            "deploy": deploy_job(project),
        },
    }
    return _yaml.dump(document, ci.HEADER)


def build_job(project: Project) -> dict[str, object]:
    python = project.python.newest
    steps: list[Step] = [
        checkout(),
        setup_python(python),
        *install(project, "deploy"),
        {"name": "Generate a throwaway SECRET_KEY", "run": ci.SECRET_KEY},
        *ci.settings_folders_steps(project),
    ]
    production = ci.production_env(project, dict(project.production_env))
    if project.frontend is not None:
        # No caches in this workflow; manage.py tailwind build reads the production settings
        # (only the production set is installed here).
        steps += frontend.build_steps(project, cache=False, env=production)
    steps += [
        {
            "name": "Collect the static files",
            "env": production,
            "run": f"python {project.django.manage} collectstatic --noinput",
        },
        *ci.release_translation_steps(project),
        ci.release_step(project),
        network(
            "Attest the build provenance",
            "attest",
            {
                "uses": Uses(uses("actions/attest-build-provenance")),
                "with": {"subject-path": ci.archive_path(project)},
            },
        ),
        upload(DEPLOY_ARTIFACT, "dist/"),
    ]
    return {
        "needs": ["ci"],
        "runs-on": RUNNER,
        "timeout-minutes": 15,
        "permissions": {"contents": "read", "id-token": "write", "attestations": "write"},
        "steps": steps,
    }


def deploy_command(project: Project) -> str:
    words = shlex.split(project.deploy_command)
    mapped = {"ARTIFACT": '"$ARTIFACT"', "ENVIRONMENT": '"$DEPLOY_ENVIRONMENT"'}
    return " ".join(mapped.get(w, shlex.quote(w)) for w in words)


def deploy_job(project: Project) -> dict[str, object]:
    env: dict[str, object] = {
        "ARTIFACT": ci.archive_path(project),
        "DEPLOY_ENVIRONMENT": environment(project),
        "DJANGO_SETTINGS_MODULE": project.django.production_settings,
    }
    secrets = [n for n in ENVIRONMENT_SECRETS if n != "DATABASE_URL" or needs_database(project)]
    env |= {name: f"${{{{ secrets.{name} }}}}" for name in secrets}
    env |= {name: f"${{{{ vars.{name} }}}}" for name in ENVIRONMENT_VARS}
    branches = sorted({project.default_branch, "develop"})
    condition = " || ".join(f"github.ref_name == '{b}'" for b in branches)
    return {
        "needs": ["build"],
        "if": f"${{{{ {condition} }}}}",
        "runs-on": RUNNER,
        "timeout-minutes": 20,
        "permissions": {"contents": "read"},
        "environment": environment(project),
        "concurrency": {"group": f"deploy-{environment(project)}", "cancel-in-progress": False},
        "steps": [
            checkout(),
            download(DEPLOY_ARTIFACT, "dist"),
            {"name": "Deploy", "env": env, "run": deploy_command(project)},
        ],
    }
