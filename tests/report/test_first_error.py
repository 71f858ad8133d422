"""The first error of a failed job: a specific annotation, else the failed step's most
telling line, read from the job's log file."""

from __future__ import annotations

from pathlib import Path

import pytest

from pitstop.actions.base import Annotation
from pitstop.report import first_error, summary
from pitstop.runner.masking import Masker
from pitstop.runner.run_state import JobResult, Outcome, RunResult, StepResult

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
        StepResult("Install", None, Outcome.SUCCESS, Outcome.SUCCESS),
        StepResult("black", None, Outcome.FAILURE, Outcome.FAILURE),
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
    job.steps[0] = StepResult(
        "Install", None, Outcome.FAILURE, Outcome.SUCCESS
    )  # continue-on-error
    assert first_error.failed_step(job) == "black"
    assert first_error.of_job(job) == "would reformat shop/models.py"


def test_a_django_system_check_beats_its_heading() -> None:
    printed = [
        "SystemCheckError: System check identified some issues:",
        "WARNINGS:",
        "?: (security.W004) You have not set a value for the SECURE_HSTS_SECONDS setting.",
    ]
    assert first_error.pick([GENERIC.message], printed).startswith("?: (security.W004) You have")


def test_a_missing_migration_beats_the_system_check_warnings_printed_before_it() -> None:
    printed = [  # wger's makemigrations --check, shortened
        "System check identified some issues:",
        "WARNINGS:",
        "?: (staticfiles.W004) The directory 'wger/../node_modules' in the STATICFILES_DIRS "
        "setting does not exist.",
        "Migrations for 'exercises':",
        "  wger/exercises/migrations/0041_alter_historicaltranslation_description_and_more.py",
        "    ~ Alter field description on historicaltranslation",
    ]
    assert first_error.pick([GENERIC.message], printed) == "Migrations for 'exercises':"


def test_a_missing_module_or_command_is_the_first_error() -> None:
    printed = ["Creating test database...", "/venv/bin/python: No module named pytest"]
    assert first_error.pick([GENERIC.message], printed) == printed[1]
    printed = ["set -e", "/tmp/step.sh: line 2: ruff: command not found"]
    assert first_error.pick([GENERIC.message], printed) == printed[1]


def test_the_coverage_failure_beats_a_progress_line_and_a_code_frame_is_skipped() -> None:
    printed = ["." * 40 + "a test printed: fail-safe", "Coverage failure: total of 98 is less"]
    assert first_error.pick([GENERIC.message], printed) == printed[1]
    printed = [
        "   |",
        "189 |         except AttributeError:",
        "config/views.py:11:10: Q000 [*] Single quotes found but double quotes preferred",
    ]
    assert first_error.pick([GENERIC.message], printed) == printed[2]


# Real-looking output of a failed step, and the line a person would call its error.
DJANGO_MISSING_MODULE = """\
Admin Command Error
Traceback (most recent call last):
  File "/home/runner/work/shop/shop/manage.py", line 22, in <module>
    main()
  File "/w/.venv/lib/python3.12/site-packages/django/__init__.py", line 24, in setup
    apps.populate(settings.INSTALLED_APPS)
ModuleNotFoundError: No module named 'environ'
Error: Process completed with exit code 1."""
DOCKER_WITHOUT_COMPOSE = """\
Admin Command Error
Error:
docker: unknown command: docker compose

Run 'docker --help' for more information
Process completed with exit code 1."""
IMPROPERLY_CONFIGURED = """\
Running migrations for the test database
Traceback (most recent call last):
  File "/w/manage.py", line 10, in <module>
    execute_from_command_line(sys.argv)
  File "/w/config/settings/base.py", line 12, in <module>
    SECRET_KEY = env("DJANGO_SECRET_KEY")
django.core.exceptions.ImproperlyConfigured: Set the DJANGO_SECRET_KEY environment variable
Error: Process completed with exit code 1."""
CHAINED = """\
Traceback (most recent call last):
  File "/venv/lib/python3.12/site-packages/psycopg/connection.py", line 119, in connect
    raise last_ex.with_traceback(None)
psycopg.OperationalError: connection is bad: Connection refused

The above exception was the direct cause of the following exception:

Traceback (most recent call last):
  File "/w/manage.py", line 22, in <module>
    main()
django.db.utils.OperationalError: connection is bad: Connection refused
Build failed"""
UNITTEST_ERROR = """\
Creating test database for alias 'default'...
E
======================================================================
ERROR: test_home (shop.tests.HomeTests.test_home)
----------------------------------------------------------------------
Traceback (most recent call last):
  File "/w/shop/tests.py", line 5, in test_home
    import requests_mock
ModuleNotFoundError: No module named 'requests_mock'

----------------------------------------------------------------------
Ran 1 test in 0.002s

FAILED (errors=1)"""
PYTEST_ASSERTION = """\
tests/test_api.py F                                                    [100%]
    def test_total():
>       assert total([1, 2]) == 4
E       assert 3 == 4
FAILED tests/test_api.py::test_total - assert 3 == 4
Error: Process completed with exit code 1."""


@pytest.mark.parametrize(
    ("log", "expected"),
    [
        (DJANGO_MISSING_MODULE, "ModuleNotFoundError: No module named 'environ'"),
        (DOCKER_WITHOUT_COMPOSE, "docker: unknown command: docker compose"),
        (
            IMPROPERLY_CONFIGURED,
            "django.core.exceptions.ImproperlyConfigured: Set the DJANGO_SECRET_KEY "
            "environment variable",
        ),
        (CHAINED, "django.db.utils.OperationalError: connection is bad: Connection refused"),
        (UNITTEST_ERROR, "ModuleNotFoundError: No module named 'requests_mock'"),
        (PYTEST_ASSERTION, "E       assert 3 == 4"),
    ],
    ids=["django-missing-module", "docker-compose", "improperly-configured", "chained",
         "unittest-error", "pytest-assertion"],
)  # fmt: skip
def test_the_exception_line_beats_the_heading(log: str, expected: str) -> None:
    assert first_error.pick([GENERIC.message], log.splitlines()) == expected


@pytest.mark.parametrize("heading", ["Admin Command Error", "Error", "Build failed"])
def test_an_annotation_that_is_only_a_heading_gives_way_to_the_log(
    tmp_path: Path, heading: str
) -> None:
    log = f"▶ Install\n▶ black\n{DJANGO_MISSING_MODULE}\nComplete job\n"
    job = failed_job(tmp_path, Annotation("error", heading), GENERIC, log=log)
    assert first_error.of_job(job) == "ModuleNotFoundError: No module named 'environ'"
