"""The hanging defect's job timeout: from the baseline's measurement, written into the copy."""

from __future__ import annotations

from pathlib import Path

from pitstop.prove import hang
from pitstop.prove.gates import GateStep
from pitstop.prove.invoke import RunOutcome
from pitstop.runner.run_state import JobResult, RunResult, StepResult
from pitstop.workflow.model import LiteralValue, Position, Step
from tests.prove.test_campaign import make_project


def test_a_job_without_timeout_cannot_catch_a_hang(tmp_path: Path) -> None:
    root = make_project(tmp_path / "tiny")
    workflow = root / ".github/workflows/ci.yml"
    workflow.write_text(workflow.read_text().replace("    timeout-minutes: 10\n", ""))
    assert hang.shrink_timeout(workflow, "test", 1.25) == (
        "job 'test' has no timeout-minutes: a hang would run for GitHub's 360 minutes"
    )
    assert hang.shrink_timeout(workflow, "quality", 1.25) is None
    assert "timeout-minutes: 1.25\n" in workflow.read_text()


def test_a_shorter_declared_timeout_is_kept(tmp_path: Path) -> None:
    root = make_project(tmp_path / "tiny")
    workflow = root / ".github/workflows/ci.yml"
    before = workflow.read_text()
    assert hang.shrink_timeout(workflow, "quality", 6.0) is None
    assert workflow.read_text() == before  # 5 minutes is already shorter


def baseline_outcome(tmp_path: Path, *jobs: JobResult) -> RunOutcome:
    return RunOutcome(0, RunResult(tmp_path, list(jobs)), tmp_path / "run.log", 1.0)


def timed_job(duration_s: float, *steps: tuple[str, float]) -> JobResult:
    timed = [StepResult(name, duration_s=seconds) for name, seconds in steps]
    return JobResult("ci.yml", "test", "test", duration_s=duration_s, steps=timed)


def gate_step(step_name: str) -> GateStep:
    step = Step(0, Position("ci.yml", 1, 1), name=step_name, run="pytest")
    return GateStep("test", step, (), LiteralValue(30))


def test_the_hang_timeout_follows_how_long_the_baseline_took_to_reach_the_gate(
    tmp_path: Path,
) -> None:
    steps = [("install", 30.0), ("tests", 9.0), ("upload", 1.0)]
    slow = timed_job(44.0, *steps)  # 4 s of set-up: 34 s to reach
    fast = timed_job(20.0, *steps[1:])
    outcome = baseline_outcome(tmp_path, fast, slow)
    # 34 s x 1.5 + 20 s = 71 s = 1.1833 minutes, rounded up to whole hundredths
    assert hang.timeout_minutes(outcome, gate_step("tests")) == 1.19


def test_without_a_baseline_measurement_the_hang_timeout_is_the_default(tmp_path: Path) -> None:
    outcome = baseline_outcome(tmp_path, timed_job(10.0, ("tests", 9.0)))
    assert hang.timeout_minutes(outcome, gate_step("elsewhere")) == 2.0
    assert hang.timeout_minutes(None, gate_step("tests")) == 2.0
    broken = baseline_outcome(tmp_path, timed_job(0.0))  # a cell that never ran
    assert hang.timeout_minutes(broken, gate_step("tests")) == 2.0


FOUR_SPACES = """\
on: push
jobs:
    lint:
        runs-on: ubuntu-latest
        timeout-minutes: 5
        steps:
            - run: ruff check .
    test:
        runs-on: ubuntu-latest
        steps:
            - name: unit tests
              timeout-minutes: 20
              run: python -m pytest
            - name: after
              run: echo done
"""


def test_the_timeout_is_found_by_structure_whatever_the_indentation(tmp_path: Path) -> None:
    workflow = tmp_path / "ci.yml"
    workflow.write_text(FOUR_SPACES)
    assert hang.shrink_timeout(workflow, "lint", 1.5) is None
    assert "        timeout-minutes: 1.5\n        steps:" in workflow.read_text()
    # The test step's own timeout would stop the hang: that one is shortened.
    assert hang.shrink_timeout(workflow, "test", 0.75) is None
    text = workflow.read_text()
    assert "              timeout-minutes: 0.75\n              run: python -m pytest" in text
    assert text.count("timeout-minutes") == 2
    without = FOUR_SPACES.replace("              timeout-minutes: 20\n", "")
    workflow.write_text(without)
    assert hang.shrink_timeout(workflow, "test", 0.75) == (
        "job 'test' has no timeout-minutes: a hang would run for GitHub's 360 minutes"
    )
    assert workflow.read_text() == without


def test_the_gate_step_is_found_by_its_id_when_its_name_holds_an_expression(
    tmp_path: Path,
) -> None:
    step = Step(0, Position("ci.yml", 1, 1), id="unit", name="tests (${{ matrix.python }})")
    timed = [
        StepResult("install", duration_s=30.0),
        StepResult("tests (3.13)", id="unit", duration_s=9.0),
    ]
    job = JobResult("ci.yml", "test", "test (3.13)", duration_s=44.0, steps=timed)
    outcome = baseline_outcome(tmp_path, job)
    # 35 s x 1.5 + 20 s = 72.5 s = 1.2083 minutes, rounded up to whole hundredths
    assert hang.timeout_minutes(outcome, GateStep("test", step, (), LiteralValue(30))) == 1.21
