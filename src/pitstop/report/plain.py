"""Plain output (not a TTY): every line prefixed `[job name]`, as it happens."""

from __future__ import annotations

import sys
import threading
from typing import TextIO

from pitstop.runner.run_state import JobResult


class PlainObserver:
    def __init__(self, stream: TextIO | None = None) -> None:
        self._stream = stream or sys.stdout
        self._lock = threading.Lock()

    def _write(self, job: JobResult, text: str) -> None:
        with self._lock:
            self._stream.write(f"[{job.name}] {text}\n")
            self._stream.flush()

    def job_started(self, job: JobResult) -> None:
        self._write(job, "started")

    def step_started(self, job: JobResult, step: str) -> None:
        pass  # the job writes "▶ step" itself

    def line(self, job: JobResult, text: str) -> None:
        self._write(job, text)

    def job_finished(self, job: JobResult) -> None:
        extra = f" in {job.duration_s:.1f}s" if job.ran else ""
        note = f" ({job.notes[-1]})" if job.notes and job.result != "success" else ""
        self._write(job, f"{job.result}{extra}{note}")
