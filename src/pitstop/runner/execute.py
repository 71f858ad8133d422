"""A plan -> scheduler nodes (`pitstop.runner.run` runs them into a `RunResult`).

The planner's `JobCell`s become `Cell`s (with their workflow and job records) wrapped in
scheduler `Node`s carrying what the scheduler needs: the matrix's fail-fast and max-parallel,
and the workflow's concurrency group.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from pitstop.errors import PitstopError
from pitstop.runner import evaluation
from pitstop.runner.cell import Cell
from pitstop.runner.keys import JobKey
from pitstop.runner.plan import JobCell, Plan
from pitstop.runner.scheduler import Need, Node
from pitstop.runner.settings import RunSettings
from pitstop.workflow.matrix import expand_matrix
from pitstop.workflow.model import Job, Workflow
from pitstop.workflow.names import display_name


def base_contexts(settings: RunSettings) -> dict[str, object]:
    """The contexts available to workflow-level keys (`concurrency`, `run-name`, matrix)."""
    return {
        "github": dict(settings.github),
        "inputs": dict(settings.inputs),
        "vars": dict(settings.vars),
        "secrets": dict(settings.secrets),
        "needs": {},
        "env": {},
        "matrix": {},
        "strategy": {},
        "job": {},
        "steps": {},
        "runner": dict(settings.runner),
    }


def make_nodes(plan: Plan, settings: RunSettings, prefix: str = "") -> list[Node[Cell]]:
    by_path = {workflow.path: workflow for workflow in plan.workflows}
    contexts = base_contexts(settings)
    totals: dict[JobKey, int] = {}
    for cell in plan.cells:
        totals[cell.key] = totals.get(cell.key, 0) + 1
    concurrency = {w.path: workflow_concurrency(w, contexts) for w in plan.workflows}
    nodes = []
    for job_cell in plan.cells:
        workflow = by_path[job_cell.workflow]
        job = workflow.jobs[job_cell.job]
        payload = Cell(
            workflow,
            job,
            dict(job_cell.matrix),
            prefix + job_cell.display_name,
            job_cell.index,
            totals[job_cell.key],
        )
        nodes.append(_node(job_cell, payload, job, contexts, concurrency[workflow.path]))
    return nodes


def _node(
    job_cell: JobCell,
    cell: Cell,
    job: Job,
    contexts: Mapping[str, object],
    concurrency: tuple[str, bool] | None,
) -> Node[Cell]:
    fail_fast, max_parallel = True, None
    strategy = job.strategy
    if strategy is not None and not job_cell.deferred:
        matrix_contexts = {**contexts, "matrix": dict(job_cell.matrix)}
        fail_fast = evaluation.boolean(
            strategy.fail_fast, matrix_contexts, job.position, "fail-fast"
        )
        limit = evaluation.number(
            strategy.max_parallel, matrix_contexts, job.position, "max-parallel"
        )
        max_parallel = None if limit is None else max(1, int(limit))
    return Node(
        key=job_cell.cell_key,
        needs=job_cell.needs,
        fail_fast=fail_fast,
        max_parallel=max_parallel,
        payload=cell,
        workflow_concurrency=concurrency,
        deferred=job_cell.deferred,
    )


def expand_deferred(
    node: Node[Cell], needs: Mapping[str, Need], contexts: Mapping[str, object]
) -> list[Node[Cell]]:
    """The cells of a matrix computed from `needs`, now that they have run."""
    cell = node.payload
    job = cell.job
    matrix = job.strategy.matrix if job.strategy is not None else None
    full = {**contexts, "needs": {job_id: need.context() for job_id, need in needs.items()}}
    try:
        combinations = expand_matrix(matrix, full)
        names = [display_name(job.id, job.name, c, full) for c in combinations]
    except PitstopError as exc:
        raise PitstopError(
            f"job {job.id!r}: {exc.message}",
            location=evaluation.location(job.position),
            hint=exc.hint,
        ) from None
    nodes = []
    for index, (combination, name) in enumerate(zip(combinations, names, strict=True)):
        job_cell = JobCell(cell.workflow.path, job.id, combination, name, node.needs, index)
        payload = Cell(cell.workflow, job, dict(combination), name, index, len(combinations))
        nodes.append(_node(job_cell, payload, job, full, node.workflow_concurrency))
    return nodes


def workflow_concurrency(
    workflow: Workflow, contexts: Mapping[str, object]
) -> tuple[str, bool] | None:
    concurrency = workflow.concurrency
    if concurrency is None:
        return None
    group = evaluation.text(concurrency.group, contexts, None, "concurrency")
    cancel = evaluation.boolean(concurrency.cancel_in_progress, contexts, None, "concurrency")
    return group, cancel


def selected_cells(plan: Plan, filters: Mapping[str, str]) -> Plan:
    """Keep the cells whose matrix matches every `--matrix K=V` (other jobs stay)."""
    if not filters:
        return plan
    for key, wanted in filters.items():
        values = {evaluation.as_string(c.matrix[key]) for c in plan.cells if key in c.matrix}
        if wanted not in values:
            known = ", ".join(sorted(values)) or "none: no matrix has this key"
            raise PitstopError(
                f"--matrix {key}={wanted} matches no matrix cell",
                hint=f"values of {key!r} in the selected jobs: {known}",
            )
    kept = tuple(cell for cell in plan.cells if _matches(cell, filters))
    stages = tuple(tuple(c for c in stage if c in kept) for stage in plan.stages)
    return Plan(plan.workflows, kept, stages)


def _matches(cell: JobCell, filters: Mapping[str, str]) -> bool:
    for key, wanted in filters.items():
        if key in cell.matrix and evaluation.as_string(cell.matrix[key]) != wanted:
            return False
    return True


__all__: Sequence[str] = ("make_nodes", "selected_cells")
