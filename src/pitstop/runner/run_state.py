"""The runner's mutable result objects: one per step, per job cell, and per run.

They are filled while the run goes on and read by the reports (live view, summary, JSON).
Parsed things are frozen elsewhere; this is the only mutable state of a run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Literal

from pitstop.actions.base import Annotation
from pitstop.runner.remotes import Push


class Outcome(StrEnum):
    """A step's `outcome` or `conclusion` (`steps.<id>.outcome`), as GitHub spells it.

    A `str`: it compares, hashes, formats and serialises (the JSON report) as its value."""

    SUCCESS = "success"
    FAILURE = "failure"
    CANCELLED = "cancelled"
    SKIPPED = "skipped"


# A job's result (`needs.<id>.result`): as a step's outcome, or `not_run`: not started
# because `--fail-fast` stopped the run early; GitHub has no such result.
JobResultValue = Literal["success", "failure", "cancelled", "skipped", "not_run"]


@dataclass
class StepResult:
    """One step: `outcome` before `continue-on-error`, `conclusion` after it."""

    name: str
    id: str | None = None
    outcome: Outcome = Outcome.SKIPPED
    conclusion: Outcome = Outcome.SKIPPED
    duration_s: float = 0.0
    outputs: dict[str, str] = field(default_factory=dict)
    # False for a `[network]` step that ran offline, an action that could not check
    # everything, or a step not run after a missing Python: its result proves nothing.
    verified: bool = True


@dataclass
class JobResult:
    """One job cell (a matrix combination, or the job itself)."""

    workflow: str  # the workflow's file name, e.g. "ci.yml"
    id: str
    name: str
    matrix: dict[str, object] = field(default_factory=dict)
    result: JobResultValue = "skipped"
    duration_s: float = 0.0
    # pitstop's own time around the steps: workspace, services, clean-up, scrub (seconds)
    phases: dict[str, float] = field(default_factory=dict)
    outputs: dict[str, str] = field(default_factory=dict)
    steps: list[StepResult] = field(default_factory=list)
    annotations: list[Annotation] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    log_path: Path | None = None
    current_step: str | None = None
    started_at: float | None = None
    # `needs.<id>.result` as dependents see it: a failed job with continue-on-error: true
    # shows as failed but its dependents see success.
    needs_result: JobResultValue = "skipped"
    ran: bool = False  # False when skipped or cancelled before starting
    # The nested jobs of a job that calls a reusable workflow ("caller / job").
    children: list[JobResult] = field(default_factory=list)

    @property
    def unverified(self) -> list[str]:
        """The steps that could not be verified here (offline, or no local Python)."""
        return [step.name for step in self.steps if not step.verified]


def flatten(jobs: list[JobResult]) -> list[JobResult]:
    """The jobs as reported: a reusable-workflow caller is replaced by its nested jobs
    (and kept too when it has errors of its own, e.g. an output that does not evaluate)."""
    flat: list[JobResult] = []
    for job in jobs:
        if job.children and job.annotations:
            flat.append(job)
        flat.extend(flatten(job.children) if job.children else [job])
    return flat


@dataclass
class RunResult:
    run_dir: Path
    jobs: list[JobResult] = field(default_factory=list)
    cancelled: bool = False
    allow_unverified: bool = False  # --allow-unverified: exit 0 when only those remain
    # What the jobs pushed to the sandboxed remotes: what would have been pushed where.
    pushes: list[Push] = field(default_factory=list)
    error: str | None = None  # the run stopped on pitstop's internal error: the jobs are partial

    @property
    def conclusion(self) -> Literal["success", "failure", "cancelled", "unverified"]:
        """`unverified`: nothing failed, but some steps could not be checked here."""
        if self.cancelled:
            return "cancelled"
        if self.error is not None:
            return "failure"
        if any(_counts_as_failed(job) for job in self.jobs):
            return "failure"
        if any(job.unverified for job in self.jobs):
            return "unverified"
        return "success"

    @property
    def exit_code(self) -> int:
        """0 exactly when every job succeeded (and was verified) or was legitimately skipped."""
        if self.cancelled:
            return 130
        conclusion = self.conclusion
        accepted = conclusion == "success" or (conclusion == "unverified" and self.allow_unverified)
        return 0 if accepted else 1


def _counts_as_failed(job: JobResult) -> bool:
    """A failed job with `continue-on-error: true` does not fail the run (as on GitHub)."""
    return job.result in ("failure", "cancelled") and job.needs_result != "success"
