from __future__ import annotations

import io
import time

from rich.console import Console

from pitstop.actions.base import Annotation
from pitstop.report.live import LiveObserver
from pitstop.runner.run_state import JobResult


def test_a_successful_job_shows_one_line() -> None:
    out = io.StringIO()
    live = LiveObserver(Console(file=out, force_terminal=True, width=100, color_system=None))
    job = JobResult("ci.yml", "lint", "lint", result="success", ran=True, duration_s=1.0)
    live.job_started(job)
    live.line(job, "all good")
    live.job_finished(job)
    assert "lint" in out.getvalue() and "all good" not in out.getvalue()


def test_the_live_view_shows_running_jobs_and_prints_finished_ones() -> None:
    out = io.StringIO()
    console = Console(file=out, force_terminal=True, width=100, color_system=None)
    job = JobResult("ci.yml", "test", "test (3.12)", started_at=time.monotonic() - 3)
    with LiveObserver(console) as live:
        live.job_started(job)
        live.step_started(job, "Run pytest")
        job.current_step = "Run pytest"
        live.line(job, "collected 3 items")
        rendered = Console(file=io.StringIO(), width=100)
        rendered.print(live._render())
        view = rendered.file.getvalue()  # type: ignore[attr-defined]
        assert "test (3.12)" in view and "Run pytest" in view and "3s" in view
        job.result, job.ran, job.duration_s = "failure", True, 4.2
        job.annotations.append(Annotation("error", "2 tests failed"))
        live.job_finished(job)
    text = out.getvalue()
    assert "failure" in text and "test (3.12)" in text and "2 tests failed" in text
    assert "collected 3 items" in text  # the tail of a failed job's output is shown


def test_a_failed_job_shows_its_errors_hint() -> None:
    out = io.StringIO()
    live = LiveObserver(Console(file=out, force_terminal=True, width=200, color_system=None))
    job = JobResult("ci.yml", "test", "test", result="failure", ran=True)
    hint = "install no-such-interpreter-9, or add its directory to PATH"
    job.annotations.append(
        Annotation("error", "shell 'no-such-interpreter-9' not found", hint=hint)
    )
    live.job_started(job)
    live.job_finished(job)
    assert f"hint: {hint}" in out.getvalue()
