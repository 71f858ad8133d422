"""A job cell: one job, or one matrix combination of it, with its workflow."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from pitstop.workflow.model import Job, Workflow


@dataclass(frozen=True)
class Cell:
    """One job, or one matrix combination of it."""

    workflow: Workflow
    job: Job
    matrix: Mapping[str, object]
    name: str
    index: int = 0  # strategy.job-index
    total: int = 1  # strategy.job-total
