"""A job that calls a local reusable workflow (`uses: ./.github/workflows/x.yml`).

The called workflow's jobs run as nested jobs named `<caller> / <job>`, with `inputs` from
the caller's `with:` (and the declared defaults) and `secrets` from its `secrets:` (or all of
them with `inherit`). The caller's result aggregates the nested jobs; its outputs are the
called workflow's `on.workflow_call.outputs`, evaluated over the `jobs` context.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from pathlib import Path

from pitstop.actions.base import Annotation
from pitstop.errors import Location, PitstopError
from pitstop.runner import evaluation
from pitstop.runner.cancel import Cancel
from pitstop.runner.cell import Cell
from pitstop.runner.execute import make_nodes
from pitstop.runner.plan import make_plan
from pitstop.runner.run_state import JobResult
from pitstop.runner.scheduler import CellExecutor, Scheduler, aggregate
from pitstop.runner.settings import RunSettings
from pitstop.workflow.loader import load_workflow
from pitstop.workflow.model import Job, Workflow


def run_reusable(
    caller: RunSettings,
    nested: Callable[[RunSettings], CellExecutor[Cell]],
    cell: Cell,
    result: JobResult,
    contexts: dict[str, object],
    cancel: Cancel,
) -> None:
    """Run the called workflow's jobs with `nested(settings)`: the caller's job runner for
    the called workflow's inputs and secrets (it shares the run's directory names)."""
    job = cell.job
    called = load_called(caller.repo, job)
    inputs = _inputs(called, job, contexts)
    secrets = _secrets(job, contexts, caller.secrets)
    settings = dataclasses.replace(caller, inputs=inputs, secrets=secrets, called=True)
    base = {**contexts, "inputs": inputs, "secrets": secrets, "needs": {}}
    plan = make_plan([called], base, (), str(caller.repo))
    nodes = make_nodes(plan, settings, prefix=f"{cell.name} / ")
    scheduler = Scheduler(nodes, nested(settings), len(nodes) or 1, False, settings.groups)
    cancel.on_cancel(lambda: scheduler.cancel_all(cancel.reason or "cancelled"))
    result.children = scheduler.run()
    _conclude(called, result, job)


def load_called(repo: Path, job: Job) -> Workflow:
    assert job.uses is not None
    uses = job.uses.strip()
    path = repo / uses.split("@", 1)[0]
    if not path.is_file():
        raise PitstopError(
            f"job {job.id!r} calls {uses}, which does not exist",
            location=_location(job),
            hint="the path is relative to the repository root",
        )
    called = load_workflow(path, repo)
    if "workflow_call" not in called.on.events:
        raise PitstopError(
            f"{uses} cannot be called: it has no `on: workflow_call` trigger",
            location=_location(job),
            hint="add `workflow_call:` to its `on:`",
        )
    return called


def _inputs(called: Workflow, job: Job, contexts: Mapping[str, object]) -> dict[str, object]:
    given = evaluation.value(job.with_, contexts, job.position, "with")
    assert isinstance(given, dict)
    inputs: dict[str, object] = {}
    for name, spec in called.on.call_inputs.items():
        if name in given:
            inputs[name] = given[name]
        elif spec.required:
            raise PitstopError(
                f"job {job.id!r}: the required input {name!r} of {job.uses} is not given",
                location=_location(job),
                hint=f"add `{name}:` under `with:`",
            )
        elif spec.default is not None:
            inputs[name] = evaluation.value(spec.default, contexts, job.position, name)
    for name in given:
        if name not in called.on.call_inputs:
            raise PitstopError(
                f"job {job.id!r}: {job.uses} has no input {name!r}",
                location=_location(job),
                hint="declared inputs: " + (", ".join(called.on.call_inputs) or "none"),
            )
    return inputs


def _secrets(job: Job, contexts: Mapping[str, object], every: Mapping[str, str]) -> dict[str, str]:
    if job.secrets == "inherit":
        return dict(every)
    if job.secrets is None:
        return {}
    return evaluation.strings(job.secrets, contexts, job.position, "secrets")


def _conclude(called: Workflow, result: JobResult, job: Job) -> None:
    children = result.children
    result.result = aggregate([child.needs_result for child in children])
    result.needs_result = result.result
    result.duration_s = round(sum(child.duration_s for child in children), 3)
    jobs: dict[str, dict[str, object]] = {}
    for child in children:
        entry = jobs.setdefault(child.id, {"result": child.needs_result, "outputs": {}})
        outputs = entry["outputs"]
        assert isinstance(outputs, dict)
        outputs.update(child.outputs)
    for job_id, entry in jobs.items():
        entry["result"] = aggregate([c.needs_result for c in children if c.id == job_id])
    for name, output in called.on.call_outputs.items():
        try:
            result.outputs[name] = evaluation.text(output.value, {"jobs": jobs}, None, name)
        except PitstopError as exc:
            result.annotations.append(_annotation(exc, job))
            result.result = result.needs_result = "failure"


def _annotation(exc: PitstopError, job: Job) -> Annotation:
    return Annotation("error", f"outputs: {exc.message}", job.position.file, job.position.line)


def _location(job: Job) -> Location:
    p = job.position
    return Location.in_file(p.file, p.line, p.column)
