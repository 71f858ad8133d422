"""The job graph: job cells in columns by how deep they sit in their workflow's `needs`."""

from __future__ import annotations

from collections.abc import Mapping

from pitstop.runner.plan import Plan
from pitstop.runner.run_state import JobResult

Needs = Mapping[tuple[str, str], tuple[str, ...]]  # (workflow file, job id) -> needed job ids


def depth(workflow: str, job: str, needs: Needs, seen: frozenset[str] = frozenset()) -> int:
    """0 for a job that needs nothing; else one more than the deepest job it needs."""
    wanted = [n for n in needs.get((workflow, job), ()) if n not in seen]
    if not wanted:
        return 0
    return 1 + max(depth(workflow, n, needs, seen | {job}) for n in wanted)


def columns(jobs: list[JobResult], needs: Needs) -> list[list[JobResult]]:
    """The jobs in columns by depth, each column in plan order."""
    by_depth: dict[int, list[JobResult]] = {}
    for job in jobs:
        by_depth.setdefault(depth(job.workflow, job.id, needs), []).append(job)
    return [by_depth[d] for d in sorted(by_depth)]


def plan_needs(plan: Plan) -> dict[tuple[str, str], tuple[str, ...]]:
    """The `needs` of every job of the planned workflows."""
    return {
        (workflow.file_name, job_id): job.needs
        for workflow in plan.workflows
        for job_id, job in workflow.jobs.items()
    }
