"""Local composite actions (`uses: ./path` with `runs.using: composite`), step by step.

The action's steps run in their own scope: `inputs` from `with:` and the declared defaults,
their own `steps` context, and the caller's env. The action's `outputs` are evaluated from
that scope at the end. Other kinds of local actions (node, docker) are unsupported.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from pitstop.errors import Location, PitstopError
from pitstop.github import envfiles
from pitstop.runner import evaluation
from pitstop.runner.output import StepOutput
from pitstop.runner.run_state import StepResult
from pitstop.runner.script import ScriptOutcome
from pitstop.runner.unsupported import Unsupported
from pitstop.workflow.loader import _step
from pitstop.workflow.model import Step, Value
from pitstop.workflow.shape import Shape, raw
from pitstop.workflow.yaml import MapNode, Node, read_yaml

if TYPE_CHECKING:
    from pitstop.runner.job_execution import JobExecution


def action_file(workspace: Path, uses: str, step: Step) -> Path:
    directory = workspace / uses.split("@", 1)[0]
    for name in ("action.yml", "action.yaml"):
        if (directory / name).is_file():
            return directory / name
    p = step.position
    raise PitstopError(
        f"no action.yml or action.yaml in {uses}",
        location=Location.in_file(p.file, p.line, p.column),
        hint="a local action path is relative to the repository root, e.g. ./.github/actions/x",
    )


def run_composite(
    x: JobExecution,
    step: Step,
    contexts: dict[str, object],
    env: dict[str, str],
    files: envfiles.StepFiles,
    output: StepOutput,
) -> ScriptOutcome:
    from pitstop.runner.step import StepRunner

    assert step.uses is not None
    path = action_file(x.workspace, step.uses, step)
    source, document = read_yaml(path, path.relative_to(x.workspace).as_posix())
    shape = Shape(source)
    table = shape.mapping(document, "an action")
    runs = shape.mapping(table.get("runs") or table, "'runs'")
    using = _raw(runs.get("using"))
    if using != "composite":
        raise Unsupported(
            f"local action {step.uses} uses {using!r}; pitstop runs composite and JavaScript "
            "(node12/16/20/24) local actions",
            location=Location.in_file(step.position.file, step.position.line, step.position.column),
            hint="turn it into a composite or JavaScript action, or run this job on GitHub",
        )
    steps_node = runs.get("steps")
    items = shape.sequence(steps_node, "'runs.steps'").items if steps_node is not None else []
    steps = [_step(shape, index, item) for index, item in enumerate(items)]
    scope = dict(contexts)
    scope["inputs"] = _inputs(table, step, contexts)
    scope["steps"] = {}
    # The action's own folder, for its steps: `github.action_path` and GITHUB_ACTION_PATH.
    action_path = str(path.parent)
    scope["github"] = {**_mapping(contexts.get("github")), "action_path": action_path}
    step_env = evaluation.strings(step.env, contexts, step.position, "env")
    step_env["GITHUB_ACTION_PATH"] = action_path
    results: list[StepResult] = []
    failed_before = x.status.failed
    runner = StepRunner(x, scope, results, step_env)
    for inner in steps:
        runner.run(inner)
    failed = x.status.failed and not failed_before
    x.status.failed = failed_before
    outputs = _outputs(table, scope)
    results_files = envfiles.StepFileResults({}, outputs, {}, [], "")
    return ScriptOutcome("failure" if failed else "success", results_files, None)


def _mapping(value: object) -> dict[str, object]:
    return dict(value) if isinstance(value, Mapping) else {}


def _raw(node: Node | None) -> Value:
    return None if node is None else raw(node)


def _declared(table: MapNode, key: str, field: str) -> dict[str, Value]:
    """`inputs.<name>.default` or `outputs.<name>.value`, by name."""
    declared = _raw(table.get(key))
    found: dict[str, Value] = {}
    if isinstance(declared, Mapping):
        for name, spec in declared.items():
            found[name] = spec.get(field) if isinstance(spec, Mapping) else None
    return found


def _inputs(table: MapNode, step: Step, contexts: dict[str, object]) -> dict[str, object]:
    inputs: dict[str, object] = {}
    for name, default in _declared(table, "inputs", "default").items():
        value = evaluation.value(default, contexts, step.position, f"inputs.{name}")
        inputs[name] = evaluation.as_string(value)
    inputs.update(evaluation.strings(step.with_, contexts, step.position, "with"))
    return inputs


def _outputs(table: MapNode, scope: dict[str, object]) -> dict[str, str]:
    return {
        name: evaluation.text(value, scope, None, f"outputs.{name}")
        for name, value in _declared(table, "outputs", "value").items()
        if isinstance(value, str)
    }
