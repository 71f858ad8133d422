"""The first error of a failed job: a specific annotation, else the failed step's most
telling line, read from the job's log file."""

from __future__ import annotations

from pathlib import Path

from pitstop.actions.base import Annotation
from pitstop.report import first_error, summary
from pitstop.runner.masking import Masker
from pitstop.runner.run_state import JobResult, RunResult, StepResult

GENERIC = Annotation("error", "Process completed with exit code 1.", None, None)
LOG = """\
▶ Check out the repository
▶ Install
ERROR: not this step's line
▶ black
--- /runs/1/jobs/ci-quality/workspace/shop/models.py
would reformat /runs/1/jobs/ci-quality/workspace/shop/models.py

Oh no!
1 file would be reformatted.
##[error]Process completed with exit code 1.
Post actions/cache
Complete job
"""


def failed_job(tmp_path: Path, *annotations: Annotation, log: str | None = LOG) -> JobResult:
    log_path = tmp_path / "ci-quality.log"
    if log is not None:
        log_path.write_text(log, encoding="utf-8")
    steps = [
        StepResult("Install", None, "success", "success"),
        StepResult("black", None, "failure", "failure"),
    ]
    return JobResult(
        "ci.yml",
        "quality",
        "quality",
        result="failure",
        ran=True,
        steps=steps,
        annotations=list(annotations),
        log_path=log_path,
    )


def test_the_failed_steps_telling_line_replaces_the_generic_message(tmp_path: Path) -> None:
    job = failed_job(tmp_path, GENERIC)
    assert first_error.of_job(job) == "would reformat shop/models.py"


def test_a_specific_annotation_is_kept(tmp_path: Path) -> None:
    timeout = Annotation("error", "The job has exceeded the maximum execution time", None, 3)
    assert first_error.of_job(failed_job(tmp_path, GENERIC, timeout)).startswith("The job has")


def test_without_a_log_the_generic_message_remains(tmp_path: Path) -> None:
    job = failed_job(tmp_path, GENERIC, log=None)
    assert first_error.of_job(job) == "Process completed with exit code 1."


def test_a_job_that_did_not_fail_has_no_first_error(tmp_path: Path) -> None:
    job = failed_job(tmp_path, GENERIC)
    job.result = "success"
    assert first_error.of_job(job) == ""


def test_step_lines_are_the_steps_own_output() -> None:
    lines = LOG.splitlines()
    assert first_error.step_lines(lines, "Install") == ["ERROR: not this step's line"]
    assert first_error.step_lines(lines, "not a step") == lines


def test_the_run_summary_shows_the_telling_line(tmp_path: Path) -> None:
    run = RunResult(tmp_path, [failed_job(tmp_path, GENERIC)])
    lines: list[str] = []
    summary.print_plain(run, Masker([]), lines.append)
    assert any("black: would reformat shop/models.py" in line for line in lines), lines


def test_a_step_allowed_to_fail_is_not_the_one_read(tmp_path: Path) -> None:
    job = failed_job(tmp_path, GENERIC)
    job.steps[0] = StepResult("Install", None, "failure", "success")  # continue-on-error
    assert first_error.failed_step(job) == "black"
    assert first_error.of_job(job) == "would reformat shop/models.py"


def test_a_django_system_check_beats_its_heading() -> None:
    printed = [
        "SystemCheckError: System check identified some issues:",
        "WARNINGS:",
        "?: (security.W004) You have not set a value for the SECURE_HSTS_SECONDS setting.",
    ]
    assert first_error.pick([GENERIC.message], printed).startswith("?: (security.W004) You have")


def test_a_missing_module_or_command_is_the_first_error() -> None:
    printed = ["Creating test database...", "/venv/bin/python: No module named pytest"]
    assert first_error.pick([GENERIC.message], printed) == printed[1]
    printed = ["set -e", "/tmp/step.sh: line 2: ruff: command not found"]
    assert first_error.pick([GENERIC.message], printed) == printed[1]
