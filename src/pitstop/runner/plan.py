"""Workflows -> job cells -> stages: what would run, in which order.

A `JobCell` is one job of one workflow with one matrix combination. A `Plan` groups the cells
in stages: every job of a stage needs only jobs of earlier stages (graphlib). A matrix that
refers to `needs` cannot be expanded before its needs have run: such a job is one cell with
`deferred=True`, expanded by the runner later.
"""

from __future__ import annotations

import graphlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from pitstop.errors import Location, PitstopError
from pitstop.runner.keys import CellKey, JobKey
from pitstop.workflow.matrix import expand_matrix
from pitstop.workflow.model import Job, Workflow
from pitstop.workflow.names import display_name
from pitstop.workflow.shape import suggest

# The contexts GitHub makes available to `strategy` and a job's `name`.
PLAN_CONTEXTS = ("github", "inputs", "vars", "needs", "strategy")


@dataclass(frozen=True)
class JobCell:
    workflow: str  # the workflow's path
    job: str  # the job id
    matrix: Mapping[str, object]
    display_name: str
    needs: tuple[str, ...]  # job ids in the same workflow
    index: int = 0  # position among the cells of its job
    deferred: bool = False

    @property
    def key(self) -> JobKey:
        return JobKey(self.workflow, self.job)

    @property
    def cell_key(self) -> CellKey:
        return self.key.cell(self.index)


@dataclass(frozen=True)
class Plan:
    workflows: tuple[Workflow, ...]
    cells: tuple[JobCell, ...]  # in workflow order, then job order, then matrix order
    stages: tuple[tuple[JobCell, ...], ...]

    def cells_of(self, workflow: str, job: str) -> tuple[JobCell, ...]:
        return tuple(cell for cell in self.cells if cell.key == JobKey(workflow, job))


def make_plan(
    workflows: Sequence[Workflow],
    contexts: Mapping[str, object] | None = None,
    jobs: Sequence[str] = (),
    root: str | None = None,
) -> Plan:
    """Expand every selected job into cells and order them in stages."""
    base: dict[str, object] = {context: {} for context in PLAN_CONTEXTS}
    base.update(contexts or {})
    selected = select_jobs(workflows, jobs)
    cells: list[JobCell] = []
    for workflow in workflows:
        for job in workflow.jobs.values():
            if JobKey(workflow.path, job.id) in selected:
                cells.extend(job_cells(workflow, job, base, root))
    return Plan(tuple(workflows), tuple(cells), stages(cells))


def select_jobs(workflows: Sequence[Workflow], wanted: Sequence[str]) -> set[JobKey]:
    """The jobs named by `-j` plus everything they need, transitively; all jobs if none."""
    every = {JobKey(workflow.path, job_id) for workflow in workflows for job_id in workflow.jobs}
    if not wanted:
        return every
    selected: set[JobKey] = set()
    for name in wanted:
        found = [key for key in every if key.job == name]
        if not found:
            names = sorted({key.job for key in every})
            raise PitstopError(
                f"no job {name!r} in the selected workflows", hint=suggest(name, names)
            )
        for key in found:
            _add_with_needs(key, workflows, selected)
    return selected


def _add_with_needs(key: JobKey, workflows: Sequence[Workflow], selected: set[JobKey]) -> None:
    by_path = {workflow.path: workflow for workflow in workflows}
    pending = [key]
    while pending:
        current = pending.pop()
        if current in selected:
            continue
        selected.add(current)
        job = by_path[current.workflow].jobs[current.job]
        pending.extend(current.of_same_workflow(need) for need in job.needs)


def job_cells(
    workflow: Workflow, job: Job, contexts: Mapping[str, object], root: str | None = None
) -> list[JobCell]:
    matrix = job.strategy.matrix if job.strategy is not None else None
    if _refers_to_needs(matrix):
        name = job.name if job.name is not None and "${{" not in job.name else job.id
        return [JobCell(workflow.path, job.id, MappingProxyType({}), name, job.needs, 0, True)]
    try:
        combinations = expand_matrix(matrix, contexts)
        names = [display_name(job.id, job.name, c, contexts) for c in combinations]
    except PitstopError as exc:
        raise _at_job(exc, workflow, job, root) from None
    return [
        JobCell(workflow.path, job.id, combination, name, job.needs, index)
        for index, (combination, name) in enumerate(zip(combinations, names, strict=True))
    ]


def _at_job(exc: PitstopError, workflow: Workflow, job: Job, root: str | None) -> PitstopError:
    file = f"{root}/{workflow.path}" if root else workflow.path
    where = Location.in_file(file, job.position.line, job.position.column, len(job.id))
    where = Location(workflow.path, where.line, where.column, where.source_line, where.length)
    return PitstopError(f"job {job.id!r}: {exc.message}", location=where, hint=exc.hint)


def _refers_to_needs(value: object) -> bool:
    if isinstance(value, str):
        return "${{" in value and "needs." in value
    if isinstance(value, Mapping):
        return any(_refers_to_needs(item) for item in value.values())
    if isinstance(value, tuple | list):
        return any(_refers_to_needs(item) for item in value)
    return False


def stages(cells: Iterable[JobCell]) -> tuple[tuple[JobCell, ...], ...]:
    """Group cells so that every job's needs are in earlier stages."""
    cells = list(cells)
    graph: dict[JobKey, set[JobKey]] = {}
    for cell in cells:
        graph.setdefault(cell.key, set()).update(cell.key.of_same_workflow(n) for n in cell.needs)
    sorter = graphlib.TopologicalSorter(graph)
    sorter.prepare()
    order: dict[JobKey, int] = {}
    level = 0
    while sorter.is_active():
        ready = sorter.get_ready()
        for key in ready:
            order[key] = level
        sorter.done(*ready)
        level += 1
    grouped: list[list[JobCell]] = [[] for _ in range(level)]
    for cell in cells:
        grouped[order[cell.key]].append(cell)
    return tuple(tuple(group) for group in grouped)
