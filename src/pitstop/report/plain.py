"""Plain output (not a TTY): every line prefixed `[job name]`, as it happens."""

from __future__ import annotations

import sys
import threading
from typing import TextIO

from pitstop.report import first_error
from pitstop.runner.run_state import JobResult


class PlainObserver:
    """`notes`: also print a job's `note: ...` lines as they happen (they are grouped in the
    summary at the end, and kept in the job's log, so only `-v` shows them twice)."""

    def __init__(self, stream: TextIO | None = None, notes: bool = False) -> None:
        self._stream = stream or sys.stdout
        self._lock = threading.Lock()
        self._notes = notes

    def _write(self, job: JobResult, text: str) -> None:
        with self._lock:
            self._stream.write(f"[{job.name}] {text}\n")
            self._stream.flush()

    def job_started(self, job: JobResult) -> None:
        self._write(job, "started")

    def step_started(self, job: JobResult, step: str) -> None:
        pass  # the job writes "▶ step" itself

    def line(self, job: JobResult, text: str) -> None:
        if self._notes or not text.startswith("note: "):
            self._write(job, text)

    def job_finished(self, job: JobResult) -> None:
        if job.result == "not_run" and job.notes:  # the note says "not run (stopped early)"
            self._write(job, job.notes[-1])
            return
        extra = f" in {job.duration_s:.1f}s" if job.ran else ""
        self._write(job, f"{job.result}{extra}{_why(job)}")


def _why(job: JobResult) -> str:
    """A failed job's first error (not an unrelated note); why another was not green."""
    if job.result == "failure":
        error = first_error.of_job(job)
        return f" ({error})" if error else ""
    return f" ({job.notes[-1]})" if job.notes and job.result != "success" else ""
