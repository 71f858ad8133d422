from __future__ import annotations

import io
import time

from rich.console import Console

from pitstop.actions.base import Annotation
from pitstop.report.live import LiveObserver
from pitstop.runner.run_state import JobResult


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
    assert "collected 3 items" not in text  # step output goes to the log, not the view
