"""What the reports hear while a run goes on (the live view, the plain lines, nothing)."""

from __future__ import annotations

from typing import Protocol

from pitstop.runner.run_state import JobResult


class Observer(Protocol):
    def job_started(self, job: JobResult) -> None: ...

    def step_started(self, job: JobResult, step: str) -> None: ...

    def line(self, job: JobResult, text: str) -> None: ...

    def job_finished(self, job: JobResult) -> None: ...


class Silent:
    """An observer that shows nothing (tests, `--json -`)."""

    def job_started(self, job: JobResult) -> None:
        pass

    def step_started(self, job: JobResult, step: str) -> None:
        pass

    def line(self, job: JobResult, text: str) -> None:
        pass

    def job_finished(self, job: JobResult) -> None:
        pass
