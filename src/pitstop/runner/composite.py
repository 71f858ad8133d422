"""Local composite actions (`uses: ./path` with `runs.using: composite`), step by step.

The action's steps run through the same seam as the job's (`step_io`), in their own scope:
`inputs` from `with:` and the declared defaults, their own `steps` context, and the caller's
env. Each inner step's changes apply to that scope (its env, PATH, whether the action failed)
and pass on to the job as the action's own changes; the action fails when one of its steps
fails. Its `outputs` are evaluated from that scope at the end. Other kinds of local actions
(docker) are unsupported.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from pitstop.errors import Location
from pitstop.github import envfiles
from pitstop.runner import evaluation
from pitstop.runner.run_state import Outcome, StepResult
from pitstop.runner.script import ScriptOutcome
from pitstop.runner.status import StepStatus
from pitstop.runner.step_io import Contexts, RunStep, StepChanges, StepHost, StepScope
from pitstop.runner.unsupported import Unsupported
from pitstop.workflow.action import COMPOSITE, ActionManifest, action_file, load_action
from pitstop.workflow.model import Step


def run_composite(
    host: StepHost,
    run_step: RunStep,
    scope: StepScope,
    step: Step,
    contexts: Mapping[str, object],
) -> tuple[ScriptOutcome, StepChanges]:
    """Run the action's steps with `run_step`; the outcome and what they changed."""
    assert step.uses is not None
    path = action_file(scope.workspace, step.uses, step.position)
    action = load_action(path, path.relative_to(scope.workspace).as_posix())
    if action.using != COMPOSITE:
        raise Unsupported(
            f"local action {step.uses} uses {action.using!r}; pitstop runs composite and "
            "JavaScript (node12/16/20/24) local actions",
            location=Location.in_file(step.position.file, step.position.line, step.position.column),
            hint="turn it into a composite or JavaScript action, or run this job on GitHub",
        )
    inner = _scope(action, scope, step, contexts)
    changes, failed = StepChanges(), False
    results: list[StepResult] = []  # the action's own steps: not in the job's report
    for each in action.steps:
        done = run_step(each, inner, results)
        failed = failed or done.failed
        changes = changes.then(done.effects())
        inner = _after(inner, done, host)
    outputs = _outputs(action, inner.contexts.as_dict())
    files = envfiles.StepFileResults({}, outputs, {}, [], "")
    return ScriptOutcome(Outcome.FAILURE if failed else Outcome.SUCCESS, files, None), changes


def _scope(
    action: ActionManifest, scope: StepScope, step: Step, contexts: Mapping[str, object]
) -> StepScope:
    """The action's own scope: its inputs, an empty `steps`, `github.action_path`, and the
    caller's step env (with GITHUB_ACTION_PATH) for each of its steps."""
    inputs = _inputs(action, step, contexts)
    # The action's own folder, for its steps: `github.action_path` and GITHUB_ACTION_PATH.
    action_path = str(action.path.parent)
    github = {**_mapping(contexts.get("github")), "action_path": action_path}
    step_env = evaluation.strings(step.env, contexts, step.position, "env")
    step_env["GITHUB_ACTION_PATH"] = action_path
    own = Contexts.of(contexts).replace(inputs=inputs, steps={}, github=github)
    return dataclasses.replace(scope, contexts=own, caller_env=step_env)


def _after(scope: StepScope, done: StepChanges, host: StepHost) -> StepScope:
    """The scope for the action's next step: `steps.<id>` and `job.status` as they are now."""
    scope = scope.after(done)
    steps = dict(scope.contexts.steps)
    if done.step_id is not None:
        steps[done.step_id] = done.steps_entry()
    status = StepStatus(host.cancel, scope.failed).job_status
    job = {**scope.contexts.job, "status": status}
    return dataclasses.replace(scope, contexts=scope.contexts.replace(steps=steps, job=job))


def _mapping(value: object) -> dict[str, object]:
    return dict(value) if isinstance(value, Mapping) else {}


def _inputs(
    action: ActionManifest, step: Step, contexts: Mapping[str, object]
) -> dict[str, object]:
    inputs: dict[str, object] = {}
    for name, default in action.input_defaults.items():
        value = evaluation.value(default, contexts, step.position, f"inputs.{name}")
        inputs[name] = evaluation.as_string(value)
    inputs.update(evaluation.strings(step.with_, contexts, step.position, "with"))
    return inputs


def _outputs(action: ActionManifest, scope: dict[str, object]) -> dict[str, str]:
    return {
        name: evaluation.text(value, scope, None, f"outputs.{name}")
        for name, value in action.output_values.items()
        if isinstance(value, str)
    }
