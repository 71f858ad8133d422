"""The hardening rules every generated file follows, on all three project shapes."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from pitstop.generate.pins import TRIVY_VERSION
from pitstop.generate.ruleset import REQUIRED_CHECK
from pitstop.github.network import needs_network
from pitstop.runner.triggers import Event, select_workflows
from pitstop.workflow.loader import load_workflows
from tests.conftest import PIP_PROJECT, POETRY_PROJECT, SHAPES, Files, pitstop

WORKFLOWS = ("ci.yml", "deploy.yml", "security.yml")


def load(root: Path, name: str) -> Any:
    return YAML(typ="safe").load((root / ".github/workflows" / name).read_text())


def all_steps(document: Any) -> Iterator[tuple[str, dict[str, Any]]]:
    for job_id, job in document["jobs"].items():
        for step in job.get("steps", []):
            yield job_id, step


@pytest.fixture(params=sorted(SHAPES))
def initialized(request: pytest.FixtureRequest, project: Callable[[Files], Path]) -> Path:
    root = project(SHAPES[request.param])
    pitstop("init", "--no-preflight", root).assert_success()
    return root


@pytest.mark.parametrize("name", WORKFLOWS)
def test_hardening_rules(initialized: Path, name: str) -> None:
    document = load(initialized, name)
    assert document["permissions"] == {}
    for job_id, job in document["jobs"].items():
        assert "permissions" in job, job_id
        if "uses" not in job:
            assert isinstance(job["timeout-minutes"], int), job_id
    for job_id, step in all_steps(document):
        assert "${{" not in step.get("run", ""), (job_id, step)
        if "actions/checkout@" in str(step.get("uses")):
            assert step["with"]["persist-credentials"] is False
        if needs_network(step.get("name", "")):
            assert step.get("id"), step


def test_ci_concurrency_cancels_only_pull_requests(initialized: Path) -> None:
    concurrency = load(initialized, "ci.yml")["concurrency"]
    assert concurrency["cancel-in-progress"] == "${{ github.event_name == 'pull_request' }}"
    assert "github.event.pull_request.number || github.ref" in concurrency["group"]


def test_only_the_security_job_may_write_security_events(initialized: Path) -> None:
    jobs = load(initialized, "ci.yml")["jobs"]
    writers = [job_id for job_id, job in jobs.items() if "security-events" in job["permissions"]]
    assert writers == ["security"]
    security = jobs["security"]
    trivy = next(s for s in security["steps"] if "trivy-action@" in str(s.get("uses")))
    assert trivy["with"]["version"] == TRIVY_VERSION
    audit = next(s for s in security["steps"] if s.get("id") == "pip-audit")
    assert "--strict" in audit["run"]


def test_test_job_service_and_codecov(initialized: Path) -> None:
    test = load(initialized, "ci.yml")["jobs"]["test"]
    postgres = test["services"]["postgres"]
    assert "--health-cmd pg_isready" in postgres["options"]
    assert postgres["ports"] == ["5432"]  # a free host port per job: parallel jobs never collide
    point = next(s for s in test["steps"] if s.get("name", "").startswith("Point the tests"))
    assert point["env"] == {"SERVICE_PORT": "${{ job.services.postgres.ports['5432'] }}"}
    assert "=" in point["run"] and "$SERVICE_PORT" in point["run"] and "${{" not in point["run"]
    assert set(postgres["env"]) == {"POSTGRES_USER", "POSTGRES_PASSWORD", "POSTGRES_DB"}
    codecov = next(s for s in test["steps"] if s.get("id") == "codecov")
    assert codecov["with"]["fail_ci_if_error"] == "${{ secrets.CODECOV_TOKEN != '' }}"
    runs = "\n".join(s.get("run", "") for s in test["steps"])
    assert "makemigrations --check --dry-run" in runs
    cache = next(s for s in test["steps"] if "actions/cache@" in str(s.get("uses")))
    assert "hashFiles(" in cache["with"]["key"]


def _uploaded_names(workflow: Any) -> list[str]:
    return [
        str(step["with"]["name"])
        for job in workflow["jobs"].values()
        for step in job.get("steps", [])
        if "upload-artifact@" in str(step.get("uses", ""))
    ]


def test_deploy_and_the_ci_it_calls_upload_distinct_artifact_names(initialized: Path) -> None:
    """deploy.yml calls ci.yml in the same run, where artifact names must be unique."""
    ci_names = set(_uploaded_names(load(initialized, "ci.yml")))
    deploy_names = _uploaded_names(load(initialized, "deploy.yml"))
    assert deploy_names and not ci_names.intersection(deploy_names)


def test_deploy_workflow(initialized: Path) -> None:
    text = (initialized / ".github/workflows/deploy.yml").read_text()
    assert "actions/cache" not in text and "cache:" not in text
    deploy = load(initialized, "deploy.yml")
    assert deploy["on"]["push"]["branches"] == ["develop", "main"]
    assert "workflow_dispatch" in deploy["on"]
    jobs = deploy["jobs"]
    assert jobs["ci"]["uses"] == "./.github/workflows/ci.yml"
    assert jobs["build"]["needs"] == ["ci"]
    assert jobs["build"]["permissions"] == {
        "contents": "read",
        "id-token": "write",
        "attestations": "write",
    }
    assert [j for j, job in jobs.items() if "id-token" in job.get("permissions", {})] == ["build"]
    job = jobs["deploy"]
    assert job["environment"] == "${{ github.ref_name == 'main' && 'production' || 'staging' }}"
    assert job["concurrency"]["cancel-in-progress"] is False
    assert job["concurrency"]["group"].startswith("deploy-")
    secret_jobs = {j for j, step in all_steps(deploy) if "${{ secrets." in json.dumps(step)}
    assert secret_jobs == {"deploy"}
    assert job["steps"][-1]["run"] == 'scripts/deploy.sh "$ARTIFACT" "$DEPLOY_ENVIRONMENT"'


def test_security_workflow(initialized: Path) -> None:
    security = load(initialized, "security.yml")
    assert security["on"]["schedule"] and "workflow_dispatch" in security["on"]
    runs = "\n".join(step.get("run", "") for _, step in all_steps(security))
    assert "pip_audit --strict" in runs
    assert "-f sarif -o bandit-results.sarif" in runs
    categories = [
        s["with"]["category"]
        for _, s in all_steps(security)
        if "upload-sarif" in str(s.get("uses"))
    ]
    assert categories == ["trivy", "bandit"]


def test_dependabot(initialized: Path) -> None:
    document = YAML(typ="safe").load((initialized / ".github/dependabot.yml").read_text())
    assert document["version"] == 2
    for update in document["updates"]:
        assert update["schedule"]["interval"] == "weekly"
        assert update["cooldown"]["default-days"] >= 7
        assert update["open-pull-requests-limit"] > 0
    actions = document["updates"][-1]
    assert actions["package-ecosystem"] == "github-actions"
    assert actions["groups"] == {"actions": {"patterns": ["*"]}}
    assert document["updates"][0]["groups"]["python-minor-and-patch"]["update-types"] == [
        "minor",
        "patch",
    ]


def test_ruleset(initialized: Path) -> None:
    ruleset = json.loads((initialized / ".github/rulesets/main.json").read_text())
    types = {rule["type"]: rule for rule in ruleset["rules"]}
    assert set(types) == {"deletion", "non_fast_forward", "pull_request", "required_status_checks"}
    checks = types["required_status_checks"]["parameters"]["required_status_checks"]
    assert checks == [{"context": "ci-success"}]
    assert ruleset["conditions"]["ref_name"]["include"] == ["~DEFAULT_BRANCH"]


def test_discrete_database_variables_reach_the_tests(project: Callable[[Files], Path]) -> None:
    root = project(PIP_PROJECT)
    pitstop("init", "--no-preflight", root).assert_success()
    test = load(root, "ci.yml")["jobs"]["test"]
    assert test["env"]["DB_NAME"] == "mysite" and "DB_PORT" not in test["env"]
    point = next(s for s in test["steps"] if s.get("name", "").startswith("Point the tests"))
    assert point["run"] == 'echo "DB_PORT=$SERVICE_PORT" >> "$GITHUB_ENV"'


def test_uv_and_pipenv_deploy_scripts(project: Callable[[Files], Path]) -> None:
    from tests.conftest import UV_PROJECT

    root = project(UV_PROJECT)
    pitstop("init", "--no-preflight", root).assert_success()
    script = (root / "scripts/deploy.sh").read_text()
    assert "uv sync --locked --no-dev" in script
    assert "manage.py runserver" in script


def test_pipenv_project(project: Callable[[Files], Path]) -> None:
    files = {k: v for k, v in POETRY_PROJECT.items() if k != "poetry.lock"}
    files["Pipfile.lock"] = '{"default": {"gunicorn": {"version": "==23.0.0"}}, "develop": {}}'
    root = project(files)
    pitstop("init", "--no-preflight", root).assert_success()
    ci = (root / ".github/workflows/ci.yml").read_text()
    assert "pipenv install --deploy --system --dev" in ci
    assert "pipenv sync" in (root / "scripts/deploy.sh").read_text()
    assert pitstop("check", root).code == 0


@pytest.mark.parametrize(
    ("event", "expected"),
    [
        (Event("push", ref="refs/heads/main"), ["deploy.yml"]),
        (Event("push", ref="refs/heads/develop"), ["deploy.yml"]),
        (Event("pull_request", base_ref="main", action="opened"), ["ci.yml"]),
    ],
)
def test_one_push_runs_ci_once(initialized: Path, event: Event, expected: list[str]) -> None:
    started = select_workflows(load_workflows(initialized), event)
    assert [w.file_name for w in started if w.file_name != "security.yml"] == expected
    calls = [job.get("uses", "") for job in load(initialized, "deploy.yml")["jobs"].values()]
    assert "./.github/workflows/ci.yml" in calls  # deploy.yml is what runs CI on a push
    gate = load(initialized, "ci.yml")["jobs"][REQUIRED_CHECK]
    assert "name" not in gate  # the check's context is the job id the ruleset requires
