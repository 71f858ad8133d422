"""Jobs and their steps on one time axis: where the time went.

A job's start is when it started relative to the first job of the run; its steps follow
one another from the job's start (steps run in sequence; set-up is counted in the first).
"""

from __future__ import annotations

from dataclasses import dataclass

from pitstop.runner.run_state import JobResult


@dataclass(frozen=True)
class Bar:
    label: str
    start_s: float
    duration_s: float
    result: str
    job: bool  # a job's bar, or one of its steps


def bars(jobs: list[JobResult]) -> list[Bar]:
    starts = [job.started_at for job in jobs if job.ran and job.started_at is not None]
    origin = min(starts, default=0.0)
    found: list[Bar] = []
    for job in jobs:
        if not job.ran or job.started_at is None:
            continue
        start = job.started_at - origin
        found.append(Bar(job.name, start, job.duration_s, job.result, job=True))
        offset = start
        for step in job.steps:
            if step.outcome == "skipped" and step.duration_s == 0:
                continue
            found.append(Bar(step.name, offset, step.duration_s, step.conclusion, job=False))
            offset += step.duration_s
    return found


def span(found: list[Bar]) -> float:
    """The length of the axis in seconds (never 0, so that widths can be divided)."""
    return max((bar.start_s + bar.duration_s for bar in found), default=0.0) or 1.0
