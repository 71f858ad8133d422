"""`uses:` steps: a native stand-in from `ACTIONS`, or a local JavaScript action.

The stand-in gets an `ActionCall` whose `run_command` goes through the same process helper
as `run:` steps (logged, masked, timed out, killed on Ctrl-C), and its `ActionResult` becomes
the step's changes like its environment files. (A local composite action: `composite`.)
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from pathlib import Path

from pitstop.actions import javascript
from pitstop.actions.base import Action, ActionCall, ActionResult, RunCommand
from pitstop.actions.registry import lookup, not_found
from pitstop.errors import Location, PitstopError
from pitstop.github import envfiles
from pitstop.runner import evaluation, job_home
from pitstop.runner.output import StepOutput
from pitstop.runner.run_state import Outcome
from pitstop.runner.script import ScriptOutcome
from pitstop.runner.step_io import StepChanges, StepHost, StepScope
from pitstop.workflow.action import action_file
from pitstop.workflow.model import Step


def action_key(uses: str) -> str:
    """`owner/repo[/path]` without `@version`: the key of `ACTIONS`."""
    return uses.split("@", 1)[0].strip()


def run_uses(
    host: StepHost,
    scope: StepScope,
    step: Step,
    contexts: dict[str, object],
    env: dict[str, str],
    output: StepOutput,
    timeout_s: float | None = None,
    action: Action | None = None,
) -> tuple[ScriptOutcome, StepChanges]:
    """Run a `uses:` step (`action`: a local one already found, else `ACTIONS`' entry);
    `timeout_s` (the step's timeout-minutes) bounds the whole step."""
    assert step.uses is not None
    key = action_key(step.uses)
    action = action or lookup(step.uses)
    if action is None:
        message, hint = not_found(step.uses)
        raise PitstopError(message, location=_location(step), hint=hint)
    inputs = evaluation.strings(step.with_, contexts, step.position, "with")
    call = ActionCall(
        uses=step.uses,
        inputs=inputs,
        workspace=scope.workspace,
        env=env,
        contexts=contexts,
        stores=host.settings.stores,
        position=step.position,
        log=output.emit,
        run_command=_command_runner(host, scope.workspace, env, output, timeout_s),
        job_dir=scope.workspace.parent,
        shared_caches=job_home.shared_caches(host.settings.package_caches),
    )
    try:
        action_result = action.run(call)
    except _Stopped as stopped:
        if stopped.timed_out:
            minutes = (timeout_s or 0) / 60
            message = f"The step has timed out after {minutes:g} minutes."
            return ScriptOutcome(Outcome.FAILURE, None, message), StepChanges()
        return ScriptOutcome(Outcome.CANCELLED, None, None), StepChanges()
    return apply_action_result(host, key, action_result, output)


def local_javascript(workspace: Path, step: Step) -> Action | None:
    """A local `uses: ./path` whose action.yml says `runs.using: nodeN` (else None)."""
    assert step.uses is not None
    folder = action_file(workspace, step.uses, step.position).parent
    return javascript.at(folder, action_key(step.uses), "", local=True)


def _command_runner(
    host: StepHost,
    workspace: Path,
    step_env: Mapping[str, str],
    output: StepOutput,
    timeout_s: float | None,
) -> RunCommand:
    deadline = None if timeout_s is None else time.monotonic() + timeout_s

    def run_command(
        argv: Sequence[str], env: Mapping[str, str] | None = None, cwd: Path | None = None
    ) -> int:
        remaining = None if deadline is None else max(0.0, deadline - time.monotonic())
        done = host.processes.run(
            argv,
            env=step_env if env is None else env,
            cwd=cwd or workspace,
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
    host: StepHost, key: str, result: ActionResult, output: StepOutput
) -> tuple[ScriptOutcome, StepChanges]:
    output.annotations.extend(result.annotations)
    masker = host.settings.masker
    for note in result.notes:
        output.emit(f"note: {note}")
    changes = StepChanges(
        notes=tuple(masker.mask(note) for note in result.notes),
        posts=() if result.post is None else ((key, result.post),),
        halted=result.halts_job,
    )
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
        return ScriptOutcome(Outcome.FAILURE, files, message), changes
    outcome = ScriptOutcome(Outcome.SUCCESS, files, None, verified=result.verified)
    return outcome, changes


def _location(step: Step) -> Location:
    p = step.position
    return Location.in_file(p.file, p.line, p.column)
