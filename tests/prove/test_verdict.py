"""The first error line a reviewer reads, picked from a failed job's output."""

from __future__ import annotations

from pathlib import Path

import pytest

from pitstop.actions.base import Annotation
from pitstop.prove.gates import GateStep
from pitstop.prove.invoke import RunOutcome
from pitstop.prove.verdict import first_error, judge, red_before, red_on_clean, unverified_before
from pitstop.runner.run_state import JobResult, Outcome, RunResult, StepResult
from pitstop.workflow.model import LiteralValue, Position, Step

GENERIC = Annotation("error", "Process completed with exit code 1.")


def job(*annotations: Annotation) -> JobResult:
    steps = [
        StepResult("Install", outcome=Outcome.SUCCESS),
        StepResult("Run the tests", outcome=Outcome.FAILURE),
    ]
    return JobResult("ci.yml", "test", "test (3.13)", steps=steps, annotations=list(annotations))


def log(*lines: str) -> str:
    body = ["▶ Install", "ERROR: not this step", "▶ Run the tests", *lines, "Post actions/cache"]
    return "\n".join(f"[test (3.13)] {line}" for line in [*body, "Cache not saved (failure)"])


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (
            ["rootdir: /tmp/failing-test/workspace", "E       assert not (3 == 3)", "FAILED t"],
            "E       assert not (3 == 3)",
        ),
        (
            ["FAIL: test_price (catalog.tests.T)", "AssertionError: '2.50' == '2.50'", "FAILED"],
            "AssertionError: '2.50' == '2.50'",
        ),
        (["\x1b[31mError:\x1b[39m Cannot apply unknown utility"], "Error: Cannot apply unknown"),
        (["trim trailing whitespace........Failed", "- hook id: x"], "trim trailing whitespace"),
        (["Migrations for 'boards':", "  0003_flag.py"], "Migrations for 'boards':"),
        (
            ["\x1b[31mError:\x1b[39m", "┌", "│ Error: Cannot apply unknown utility class `x`", "└"],
            "Error: Cannot apply unknown utility class `x`",
        ),
        (
            ["would reformat /tmp/w/defect-02/run/jobs/ci-quality/workspace/apps/models.py"],
            "would reformat apps/models.py",
        ),
        (["nothing telling here"], "Process completed with exit code 1."),
    ],
)
def test_the_most_telling_line_of_the_failed_step(lines: list[str], expected: str) -> None:
    assert first_error(job(GENERIC), log(*lines)).startswith(expected)


def test_a_specific_annotation_wins() -> None:
    specific = Annotation("error", "the build did not produce app.css\nmore")
    assert first_error(job(GENERIC, specific), log("E   x")) == "the build did not produce app.css"


def _gate(job_id: str, step_name: str) -> GateStep:
    step = Step(0, Position("ci.yml", 1, 1), id="deploy-checks", name=step_name, run="x")
    return GateStep(job_id, step, (), LiteralValue(10))


def _baseline(tmp_path: Path, *jobs: JobResult) -> RunOutcome:
    log_path = tmp_path / "run.log"
    log_path.write_text("", encoding="utf-8")
    return RunOutcome(1, RunResult(tmp_path, list(jobs)), log_path, 1.0)


def test_a_gate_whose_job_the_clean_run_skipped_is_red_before_the_defect(tmp_path: Path) -> None:
    """django-checks needs frontend: a red frontend skips it, which is no 'stayed green'."""
    skipped = JobResult("ci.yml", "django-checks", "django-checks", result="skipped")
    verdict = red_before(_baseline(tmp_path, skipped), _gate("django-checks", "deploy checks"))
    assert verdict is not None and verdict.result == "red before the defect"
    assert "never reached this gate: django-checks was skipped" in verdict.reason


def test_a_gate_the_clean_run_passed_or_could_not_verify_is_provable(tmp_path: Path) -> None:
    green = JobResult(
        "ci.yml", "quality", "quality", result="success",
        steps=[StepResult("ruff", outcome=Outcome.SUCCESS)],
    )  # fmt: skip
    assert red_before(_baseline(tmp_path, green), _gate("quality", "ruff")) is None
    offline = JobResult(
        "ci.yml", "security", "security", result="success",
        steps=[StepResult("pip-audit", outcome=Outcome.FAILURE, verified=False)],
    )  # fmt: skip
    assert red_before(_baseline(tmp_path, offline), _gate("security", "pip-audit")) is None
    assert red_before(_baseline(tmp_path), _gate("quality", "ruff")) is None  # not in the run


def test_a_gate_the_clean_run_could_not_verify_is_not_verifiable_without_a_run(
    tmp_path: Path,
) -> None:
    """Offline, the clean run's pip-audit was 'not verified': the defect's run, on the same
    machine, would say the same, so its verdict comes from the clean run, with its reason."""
    offline = JobResult(
        "ci.yml", "security", "security", result="success",
        steps=[StepResult("pip-audit", outcome=Outcome.FAILURE, verified=False)],
        notes=["not verified (offline): pip-audit needs the internet"],
    )  # fmt: skip
    verdict = unverified_before(_baseline(tmp_path, offline), _gate("security", "pip-audit"))
    assert verdict is not None and verdict.result == "not verifiable (offline)"
    assert verdict.reason == "not verified (offline): pip-audit needs the internet"
    verified = JobResult(
        "ci.yml", "security", "security", result="success",
        steps=[StepResult("pip-audit", outcome=Outcome.SUCCESS)],
    )  # fmt: skip
    assert unverified_before(_baseline(tmp_path, verified), _gate("security", "pip-audit")) is None
    assert unverified_before(None, _gate("security", "pip-audit")) is None


def _gate_with_id(job_id: str, step_id: str, name: str) -> GateStep:
    step = Step(0, Position("ci.yml", 1, 1), id=step_id, name=name, run="x")
    return GateStep(job_id, step, (), LiteralValue(10))


def test_a_red_set_up_step_is_no_catch(tmp_path: Path) -> None:
    """A defect that breaks the install before the gate runs proves nothing either way."""
    job = JobResult(
        "ci.yml", "security", "security", result="failure",
        steps=[
            StepResult("Export the lock for auditing", outcome=Outcome.FAILURE),
            StepResult("[network] pip-audit", id="pip-audit", outcome=Outcome.SKIPPED),
        ],
    )  # fmt: skip
    verdict = judge(
        _baseline(tmp_path, job), _gate_with_id("security", "pip-audit", "x"), hangs=False
    )
    assert verdict.result == "not verifiable (set-up)"
    assert verdict.reason.startswith("the defect broke 'Export the lock for auditing'")
    gate_step = JobResult(
        "ci.yml", "quality", "quality", result="failure",
        steps=[StepResult("ruff", id="ruff", outcome=Outcome.FAILURE)],
    )  # fmt: skip
    caught = judge(
        _baseline(tmp_path, gate_step), _gate_with_id("quality", "ruff", "ruff"), hangs=False
    )
    assert caught.result == "caught"


def test_a_green_gate_that_left_hooks_out_is_not_verifiable_not_missed(tmp_path: Path) -> None:
    left_out = Annotation(
        "warning", "not verified (offline): pre-commit hooks not in the cache: trailing-whitespace"
    )
    job = JobResult(
        "ci.yml", "pre-commit", "pre-commit", result="success",
        steps=[StepResult("Run every pre-commit hook", id="pre-commit", outcome=Outcome.SUCCESS)],
        annotations=[left_out],
    )  # fmt: skip
    gate = _gate_with_id("pre-commit", "pre-commit", "Run every pre-commit hook")
    verdict = judge(_baseline(tmp_path, job), gate, hangs=False)
    assert verdict.result == "not verifiable (offline)"
    assert "trailing-whitespace" in verdict.reason
    job.annotations.clear()
    assert judge(_baseline(tmp_path, job), gate, hangs=False).result == "missed"


# A hand-written gate whose name holds an expression: the run evaluated it, the workflow did not.
NAMED = Step(0, Position("ci.yml", 1, 1), id="unit", name="tests (${{ matrix.python }})", run="x")
GATE = GateStep("test", NAMED, (), LiteralValue(10))


def test_the_gate_step_is_found_in_the_run_by_its_id_not_its_written_name(tmp_path: Path) -> None:
    green = JobResult(
        "ci.yml", "test", "test (3.13)", result="success",
        steps=[StepResult("tests (3.13)", id="unit", outcome=Outcome.SUCCESS)],
    )  # fmt: skip
    assert red_before(_baseline(tmp_path, green), GATE) is None
    offline = JobResult(
        "ci.yml", "test", "test (3.13)", result="success",
        steps=[StepResult("tests (3.13)", id="unit", outcome=Outcome.SUCCESS, verified=False)],
        notes=["not verified (offline): tests (3.13) needs the internet"],
    )  # fmt: skip
    verdict = judge(_baseline(tmp_path, offline), GATE, hangs=False)
    assert verdict.result == "not verifiable (offline)"
    assert verdict.reason == "not verified (offline): tests (3.13) needs the internet"


def test_a_hang_caught_in_a_gate_step_with_an_evaluated_name_is_caught(tmp_path: Path) -> None:
    timed_out = JobResult(
        "ci.yml", "test", "test (3.13)", result="failure",
        steps=[StepResult("tests (3.13)", id="unit", outcome=Outcome.CANCELLED)],
        notes=["the job was cancelled: it exceeded the maximum execution time of 1 minute"],
    )  # fmt: skip
    verdict = judge(_baseline(tmp_path, timed_out), GATE, hangs=True)
    assert verdict.result == "caught" and verdict.caught_by == "tests (3.13)"


def _test_job(makemigrations: Outcome, tests: Outcome) -> JobResult:
    steps = [
        StepResult("Install", id="install", outcome=Outcome.SUCCESS),
        StepResult(
            "Check that no migration is missing", id="makemigrations", outcome=makemigrations
        ),
        StepResult("Run the tests with coverage", id="tests", outcome=tests),
    ]
    return JobResult("ci.yml", "test", "test (3.13)", result="failure", steps=steps)


def test_a_gate_already_red_on_the_clean_project_catches_nothing(tmp_path: Path) -> None:
    """wger has a missing migration: its makemigrations gate is red before any defect, and the
    tests gate runs anyway (independent gates). A failing-test defect is caught only if the
    tests go red; the old red makes the job fail either way."""
    clean = _baseline(tmp_path, _test_job(Outcome.FAILURE, Outcome.SUCCESS))
    gate = _gate_with_id("test", "tests", "Run the tests with coverage")
    assert red_before(clean, gate) is None  # the tests gate was green: provable
    already_red = red_on_clean(clean, gate)
    assert already_red == {"makemigrations"}
    stayed_green = _baseline(tmp_path, _test_job(Outcome.FAILURE, Outcome.SUCCESS))
    verdict = judge(stayed_green, gate, hangs=False, already_red=already_red)
    assert verdict.result == "missed"
    assert "failed only where the clean project was already red (makemigrations)" in verdict.reason
    went_red = _baseline(tmp_path, _test_job(Outcome.FAILURE, Outcome.FAILURE))
    caught = judge(went_red, gate, hangs=False, already_red=already_red)
    assert caught.result == "caught" and caught.caught_by == "Run the tests with coverage"
    # without the clean run's knowledge, the old red would have counted as a catch
    assert judge(stayed_green, gate, hangs=False).result == "caught"


def test_an_import_error_that_breaks_compilemessages_is_caught_there(tmp_path: Path) -> None:
    """compilemessages loads every app (django.setup) before the tests: wger's import-error
    defect turns it red with the ModuleNotFoundError, which is the pipeline catching it, not
    a broken set-up."""
    steps = [
        StepResult("Install", id="install", outcome=Outcome.SUCCESS),
        StepResult("Compile the translations", id="compilemessages", outcome=Outcome.FAILURE),
        StepResult("Run the tests with coverage", id="tests", outcome=Outcome.SKIPPED),
    ]
    broken = JobResult("ci.yml", "test", "test (3.13)", result="failure", steps=steps)
    gate = _gate_with_id("test", "tests", "Run the tests with coverage")
    verdict = judge(_baseline(tmp_path, broken), gate, hangs=False)
    assert verdict.result == "caught" and verdict.caught_by == "Compile the translations"
