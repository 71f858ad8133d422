"""Where a gate lives in the CI workflow: the job and step whose command matches it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pitstop.prove.defects import Gate
from pitstop.runner.plan import make_plan
from pitstop.workflow.model import Job, Step, Workflow


@dataclass(frozen=True)
class GateStep:
    job: str
    step: Step
    matrix: tuple[tuple[str, str], ...]  # one cell is enough to prove a gate
    timeout_minutes: float | str

    @property
    def step_name(self) -> str:
        return self.step.display_name


def _text(step: Step) -> str:
    if step.run is not None:
        return step.run
    with_text = " ".join(f"{key}={value}" for key, value in step.with_.items())
    return f"{step.uses} {with_text}"


def find(workflow: Workflow, gate: Gate) -> GateStep | None:
    """The first step of the workflow whose command matches the gate's pattern."""
    pattern = re.compile(gate.pattern)
    for job in workflow.jobs.values():
        for step in job.steps:
            if pattern.search(_text(step)):
                return GateStep(job.id, step, _one_cell(workflow, job), job.timeout_minutes)
    return None


def _one_cell(workflow: Workflow, job: Job) -> tuple[tuple[str, str], ...]:
    """The matrix values of the job's last cell (usually the newest Python)."""
    if job.strategy is None:
        return ()
    cells = make_plan([workflow], jobs=[job.id]).cells_of(workflow.path, job.id)
    if not cells or cells[-1].deferred:
        return ()
    values = cells[-1].matrix.items()
    return tuple((key, str(value)) for key, value in values if isinstance(value, str | int | float))
