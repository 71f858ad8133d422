"""The status functions `success()`, `failure()`, `cancelled()` for steps and for jobs.

For a step they look at the job so far (a failed earlier step, a cancelled run). For a job
they look at the jobs it needs, transitively, as GitHub does: `success()` is true when every
ancestor succeeded, `failure()` when any ancestor failed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from pitstop.runner.cancel import Cancel


@dataclass
class StepStatus:
    """`job.status` as the steps see it; `cancel` is the run's (or the job's) cancel flag."""

    cancel: Cancel
    failed: bool = False

    def success(self) -> bool:
        return not self.failed and not self.cancel.is_set()

    def failure(self) -> bool:
        return self.failed

    def cancelled(self) -> bool:
        return self.cancel.is_set()

    @property
    def job_status(self) -> str:
        if self.cancel.is_set():
            return "cancelled"
        return "failure" if self.failed else "success"


@dataclass(frozen=True)
class JobStatus:
    """The status functions for a job's `if:`, from its ancestors' `needs` results."""

    ancestor_results: tuple[str, ...]
    run_cancelled: bool

    @classmethod
    def of(cls, results: Iterable[str], run_cancelled: bool) -> JobStatus:
        return cls(tuple(results), run_cancelled)

    def success(self) -> bool:
        return not self.run_cancelled and all(r == "success" for r in self.ancestor_results)

    def failure(self) -> bool:
        return any(r == "failure" for r in self.ancestor_results)

    def cancelled(self) -> bool:
        return self.run_cancelled
