"""`uses:` steps: a native stand-in from `ACTIONS`, or a local composite or JavaScript action.

The stand-in gets an `ActionCall` whose `run_command` goes through the same process helper
as `run:` steps (logged, masked, timed out, killed on Ctrl-C), and its `ActionResult` is
applied like a step's environment files.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from pitstop.actions import javascript
from pitstop.actions.base import Action, ActionCall, ActionResult, RunCommand
from pitstop.actions.registry import lookup, not_found
from pitstop.errors import Location, PitstopError
from pitstop.github import envfiles
from pitstop.runner import evaluation, job_home
from pitstop.runner.output import StepOutput
from pitstop.runner.script import ScriptOutcome
from pitstop.workflow.model import Step

if TYPE_CHECKING:
    from pitstop.runner.job_execution import JobExecution


def action_key(uses: str) -> str:
    """`owner/repo[/path]` without `@version`: the key of `ACTIONS`."""
    return uses.split("@", 1)[0].strip()


def run_uses(
    x: JobExecution,
    step: Step,
    contexts: dict[str, object],
    env: dict[str, str],
    files: envfiles.StepFiles,
    output: StepOutput,
    timeout_s: float | None = None,
) -> ScriptOutcome:
    """Run a `uses:` step; `timeout_s` (the step's timeout-minutes) bounds the whole step."""
    assert step.uses is not None
    key = action_key(step.uses)
    action = _local_javascript(x, step) if key.startswith("./") else lookup(step.uses)
    if key.startswith("./") and action is None:
        from pitstop.runner.composite import run_composite

        return run_composite(x, step, contexts, env, files, output)
    if action is None:
        message, hint = not_found(step.uses)
        raise PitstopError(message, location=_location(step), hint=hint)
    inputs = evaluation.strings(step.with_, contexts, step.position, "with")
    call = ActionCall(
        uses=step.uses,
        inputs=inputs,
        workspace=x.workspace,
        env=env,
        contexts=contexts,
        stores=x.settings.stores,
        position=step.position,
        log=output.emit,
        run_command=_command_runner(x, env, output, timeout_s),
        job_dir=x.workspace.parent,
        shared_caches=job_home.shared_caches(x.settings.package_caches),
    )
    try:
        action_result = action.run(call)
    except _Stopped as stopped:
        if stopped.timed_out:
            minutes = (timeout_s or 0) / 60
            return ScriptOutcome(
                "failure", None, f"The step has timed out after {minutes:g} minutes."
            )
        return ScriptOutcome("cancelled", None, None)
    return apply_action_result(x, key, action_result, output)


def _local_javascript(x: JobExecution, step: Step) -> Action | None:
    """A local `uses: ./path` whose action.yml says `runs.using: nodeN` (else None)."""
    from pitstop.runner.composite import action_file

    assert step.uses is not None
    folder = action_file(x.workspace, step.uses, step).parent
    return javascript.at(folder, action_key(step.uses), "", local=True)


def _command_runner(
    x: JobExecution, step_env: Mapping[str, str], output: StepOutput, timeout_s: float | None
) -> RunCommand:
    deadline = None if timeout_s is None else time.monotonic() + timeout_s

    def run_command(
        argv: Sequence[str], env: Mapping[str, str] | None = None, cwd: Path | None = None
    ) -> int:
        remaining = None if deadline is None else max(0.0, deadline - time.monotonic())
        done = x.processes.run(
            argv,
            env=step_env if env is None else env,
            cwd=cwd or x.workspace,
            on_line=output.line,
            timeout=remaining,
            on_part=output.part,
        )
        if done.cancelled or done.timed_out:
            raise _Stopped(done.timed_out)
        return done.exit_code

    return run_command


class _Stopped(Exception):
    """A command of an action was cancelled or timed out: the step ends there."""

    def __init__(self, timed_out: bool) -> None:
        super().__init__("timed out" if timed_out else "cancelled")
        self.timed_out = timed_out


def apply_action_result(
    x: JobExecution, key: str, result: ActionResult, output: StepOutput
) -> ScriptOutcome:
    output.annotations.extend(result.annotations)
    for note in result.notes:
        x.result.notes.append(x.settings.masker.mask(note))
        output.emit(f"note: {note}")
    if result.post is not None:
        x.posts.append((key, result.post))
    if result.halts_job is not None:
        x.halted = result.halts_job
    files = envfiles.StepFileResults(
        env=dict(result.env),
        outputs=dict(result.outputs),
        state={},
        path=list(result.path),
        summary=result.summary,
    )
    if result.conclusion == "failure":
        errors = [a for a in result.annotations if a.level == "error"]
        message = None if errors else f"{key} failed"
        return ScriptOutcome("failure", files, message)
    return ScriptOutcome("success", files, None, verified=result.verified)


def _location(step: Step) -> Location:
    p = step.position
    return Location.in_file(p.file, p.line, p.column)
