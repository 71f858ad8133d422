"""Where a gate lives in the CI workflow: the step `pitstop init` marked with the gate's id,
else (a workflow written by hand) the first step that runs the gate's command or action."""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from pitstop.actions import pythons
from pitstop.prove.commands import Command, commands
from pitstop.prove.defects import Gate
from pitstop.runner.plan import make_plan
from pitstop.runner.run_state import JobResult, StepResult
from pitstop.workflow.model import Job, NumberOrExpression, Step, Workflow


@dataclass(frozen=True)
class GateStep:
    job: str
    step: Step
    matrix: tuple[tuple[str, str], ...]  # one cell is enough to prove a gate
    timeout_minutes: NumberOrExpression

    @property
    def step_name(self) -> str:
        return self.step.display_name

    def is_step(self, result: StepResult | None) -> bool:
        """Whether a step of a run's result is this gate's step: by its `id:` when both have
        one (a `name:` may hold `${{ }}`, which the run evaluated), else by its name."""
        if result is None:
            return False
        if self.step.id is not None and result.id is not None:
            return result.id == self.step.id
        return result.name == self.step_name

    def results_in(self, job: JobResult) -> list[StepResult]:
        """This gate's step in a job's result (none when the job never reached it)."""
        return [step for step in job.steps if self.is_step(step)]


def find(workflow: Workflow, gate: Gate) -> GateStep | None:
    """The gate's step: by its `id:` (in the gate's order of preference), else by structure."""
    steps = list(_steps(workflow))
    for step_id in gate.step_ids:
        for job, step in steps:
            if step.id == step_id:
                return _gate_step(workflow, job, step)
    for job, step in steps:
        if runs(step, gate):
            return _gate_step(workflow, job, step)
    return None


def runs(step: Step, gate: Gate) -> bool:
    """Whether the step runs the gate: its action, or one of its commands as a command word."""
    if step.uses is not None:
        return any(step.uses.split("@")[0] == action for action in gate.actions)
    script = step.run or ""
    return any(pattern.matches(argv) for argv in commands(script) for pattern in gate.commands)


# The test runner a step runs, by its command word: what collects the test defects.
RUNNERS = (
    (Command("pytest"), "pytest"),
    (Command("py.test"), "pytest"),
    (Command("manage.py", ("test",)), "django"),
    (Command("django-admin", ("test",)), "django"),
)


def test_runner(step: Step) -> str | None:
    """ "pytest" or "django" (`manage.py test`) when the step runs one, else None."""
    for argv in commands(step.run or ""):
        for pattern, runner in RUNNERS:
            if pattern.matches(argv):
                return runner
    return None


def _steps(workflow: Workflow) -> Iterator[tuple[Job, Step]]:
    for job in workflow.jobs.values():
        for step in job.steps:
            yield job, step


def _gate_step(workflow: Workflow, job: Job, step: Step) -> GateStep:
    return GateStep(job.id, step, _one_cell(workflow, job), job.timeout_minutes)


def _one_cell(workflow: Workflow, job: Job) -> tuple[tuple[str, str], ...]:
    """The matrix values of the job's last cell (usually the newest Python) whose Python this
    machine has: a cell on a missing Python would leave the gate "not verified"."""
    if job.strategy is None:
        return ()
    cells = make_plan([workflow], jobs=[job.id]).cells_of(workflow.path, job.id)
    if not cells or cells[-1].deferred:
        return ()
    found = pythons.discover(os.environ)
    local = [cell for cell in cells if _pythons_here(cell.matrix, found)]
    values = (local or cells)[-1].matrix.items()
    return tuple((key, str(value)) for key, value in values if isinstance(value, str | int | float))


def _pythons_here(matrix: Mapping[str, object], found: Sequence[pythons.Interpreter]) -> bool:
    """Every matrix value named like a Python version has a local interpreter."""
    for key, value in matrix.items():
        spec = pythons.parse_spec(str(value)) if "python" in key.lower() else None
        if spec is not None and pythons.best(spec, found) is None:
            return False
    return True
