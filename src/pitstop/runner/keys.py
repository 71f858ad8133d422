"""The keys of a run: a job of a workflow, and one matrix cell of that job.

The planner builds them (`JobCell.key`, `JobCell.cell_key`); the scheduler indexes its jobs
and cells by them. They are records, not strings: two workflows with the same job id, or a
job id that contains `:`, never collide.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class JobKey:
    """One job of one workflow."""

    workflow: str  # the workflow's path
    job: str  # the job id
    # The scheduler looks keys up thousands of times per run: hashed once, not per lookup.
    _hash: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_hash", hash((self.workflow, self.job)))

    def __hash__(self) -> int:
        return self._hash

    def of_same_workflow(self, job: str) -> JobKey:
        """The key of another job of this workflow (a `needs:` entry)."""
        return JobKey(self.workflow, job)

    def cell(self, index: int) -> CellKey:
        return CellKey(self, index)

    def __str__(self) -> str:
        return f"{self.workflow}:{self.job}"


@dataclass(frozen=True, slots=True)
class CellKey:
    """One matrix combination of a job (index 0 for a job without a matrix)."""

    job: JobKey
    index: int  # position among the cells of its job
    _hash: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_hash", hash((self.job, self.index)))

    def __hash__(self) -> int:
        return self._hash

    @property
    def workflow(self) -> str:
        return self.job.workflow

    @property
    def job_id(self) -> str:
        return self.job.job

    def __str__(self) -> str:
        return f"{self.job}:{self.index}"
