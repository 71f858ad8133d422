"""The live view on a TTY: one line per running job with its current step and elapsed time.

Finished jobs are printed above the live area, once, with their result; a failed job also
shows the last lines of its output, so the cause is on screen without opening the log.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from types import TracebackType

from rich.console import Console, Group
from rich.live import Live
from rich.text import Text

from pitstop.report import first_error
from pitstop.runner.run_state import JobResult

TAIL = 12  # lines of a failed job's output shown when it finishes
STYLES = {
    "success": "green",
    "failure": "red",
    "cancelled": "yellow",
    "skipped": "dim",
    "not_run": "dim",
}


class LiveObserver:
    def __init__(self, console: Console | None = None) -> None:
        self._console = console or Console()
        self._running: dict[int, JobResult] = {}
        self._tails: dict[int, deque[str]] = {}
        self._lock = threading.Lock()
        self._live = Live(
            get_renderable=self._render,
            console=self._console,
            refresh_per_second=8,
            transient=True,
        )

    def __enter__(self) -> LiveObserver:
        self._live.__enter__()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._live.__exit__(kind, exc, tb)

    def _render(self) -> Group:
        now = time.monotonic()
        with self._lock:
            jobs = list(self._running.values())
        lines = []
        for job in jobs:
            elapsed = now - (job.started_at or now)
            step = job.current_step or "setting up"
            lines.append(
                Text.assemble(
                    ("● ", "cyan"), f"{job.name}  ", (step, "bold"), (f"  {elapsed:.0f}s", "dim")
                )
            )
        return Group(*lines)

    def job_started(self, job: JobResult) -> None:
        with self._lock:
            self._running[id(job)] = job

    def step_started(self, job: JobResult, step: str) -> None:
        pass  # the view reads job.current_step

    def line(self, job: JobResult, text: str) -> None:
        with self._lock:
            self._tails.setdefault(id(job), deque(maxlen=TAIL)).append(text)

    def job_finished(self, job: JobResult) -> None:
        with self._lock:
            self._running.pop(id(job), None)
            tail = list(self._tails.pop(id(job), ()))
        duration = f" {job.duration_s:.1f}s" if job.ran else ""
        message = first_error.of_job(job)
        error = f"  {message}" if message else ""
        self._console.print(
            Text.assemble(
                (f"{job.result.replace('_', ' '):>9} ", STYLES.get(job.result, "")),
                job.name,
                (duration, "dim"),
                (error, "red"),
            )
        )
        hint = first_error.hint_of(job)
        if hint:
            self._console.print(Text(f"    hint: {hint}", style="yellow"))
        if job.result == "failure":
            for text in tail:
                self._console.print(Text(f"    {text}", style="dim"))
