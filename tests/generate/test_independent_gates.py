"""The gate steps of a job each report: an earlier gate's red does not skip a later one, and
a failed set-up still skips them all. Checked by running the generated conditions."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from pitstop import cli
from pitstop.generate import ci, config
from tests.conftest import SHAPES, Files, pitstop
from tests.scenarios.test_scenarios import make_repo

EXAMPLE = Path(__file__).parents[2] / "examples" / "taskboard"


def _workflow(set_up_exit: int) -> dict[str, object]:
    gates = ci.independent(
        [
            {"name": "black", "id": "black", "run": "echo black-ran; exit 1"},
            {"name": "ruff", "id": "ruff", "run": "echo ruff-ran"},
            {"name": "djlint-format", "id": "djlint-format", "run": "echo djlint-ran; exit 1"},
            {"name": "mypy", "id": "mypy", "run": "echo mypy-ran"},
        ]
    )
    steps = [{"name": "Install", "run": f"exit {set_up_exit}"}, *gates]
    return {"on": "push", "jobs": {"quality": {"runs-on": "ubuntu-latest", "steps": steps}}}


def _run(tmp_path: Path, set_up_exit: int) -> dict[str, str]:
    source = tmp_path / "source" / ".github" / "workflows"
    source.mkdir(parents=True)
    (source / "ci.yml").write_text(json.dumps(_workflow(set_up_exit)))  # JSON is YAML
    repo = make_repo(tmp_path / "source", tmp_path / "repo")
    result = tmp_path / "result.json"
    code = cli.main(
        ["run", "-C", str(repo), "--run-dir", str(tmp_path / "run"), "--json", str(result)]
    )
    assert code == 1
    (job,) = json.loads(result.read_text())["jobs"]
    return {step["name"]: step["outcome"] for step in job["steps"]}


def test_every_gate_runs_after_an_earlier_gate_failed(tmp_path: Path) -> None:
    outcomes = _run(tmp_path, set_up_exit=0)
    assert outcomes == {
        "Install": "success",
        "black": "failure",
        "ruff": "success",
        "djlint-format": "failure",
        "mypy": "success",
    }


def test_a_failed_set_up_skips_every_gate(tmp_path: Path) -> None:
    outcomes = _run(tmp_path, set_up_exit=1)
    assert outcomes["Install"] == "failure"
    assert {outcomes[name] for name in ("black", "ruff", "djlint-format", "mypy")} == {"skipped"}


@pytest.mark.parametrize("shape", ["pip", "poetry"])
def test_init_writes_independent_gates(shape: str, project: Callable[[Files], Path]) -> None:
    root = project(SHAPES[shape])
    pitstop("init", "--no-preflight", root).assert_success()
    jobs = YAML(typ="safe").load((root / ".github/workflows/ci.yml").read_text())["jobs"]
    tests = {step.get("id"): step for step in jobs["test"]["steps"]}
    assert "if" not in tests["makemigrations"]
    assert tests["tests"]["if"] == (
        "${{ !cancelled() && (success() || steps.makemigrations.outcome == 'failure') }}"
    )
    # the coverage floor, after the tests: a project below it still shows its tests' verdict
    assert tests["coverage"]["run"].startswith("python -m coverage report --fail-under=")
    assert tests["coverage"]["if"] == (
        "${{ !cancelled() && (success() || steps.makemigrations.outcome == 'failure' "
        "|| steps.tests.outcome == 'failure') }}"
    )
    # a `fail_under` in the project's coverage config is the floor's gate's, not the tests'
    assert "--cov-fail-under=0" in tests["tests"]["run"] or (
        "coverage xml -o reports/coverage.xml --fail-under=0" in tests["tests"]["run"]
    )


def test_the_quality_jobs_linters_are_independent_gates() -> None:
    project = config.load(EXAMPLE)  # black, ruff, mypy, bandit, djlint
    steps = ci.quality_job(project)["steps"]
    assert isinstance(steps, list)
    linters = [step for step in steps if step.get("id") in {"black", "ruff", "mypy", "bandit"}]
    assert [step["id"] for step in linters] == ["black", "ruff", "mypy", "bandit"]
    assert "if" not in linters[0]
    for index, step in enumerate(linters[1:], 1):
        for earlier in linters[:index]:
            assert f"steps.{earlier['id']}.outcome == 'failure'" in step["if"]
