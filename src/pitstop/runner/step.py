"""Execute one step of a job: `if:`, env, `run:` or `uses:`, outcome and conclusion.

`outcome` is the step's own result; `conclusion` is the result after `continue-on-error`.
A failed step with `continue-on-error: true` has outcome failure and conclusion success and
does not fail the job.
"""

from __future__ import annotations

import errno
import os
import time
from pathlib import Path
from typing import TYPE_CHECKING

from pitstop.actions.base import Annotation
from pitstop.errors import Location, PitstopError
from pitstop.github import envfiles
from pitstop.github.commands import CommandParser
from pitstop.github.network import needs_network
from pitstop.runner import environment_gaps, evaluation, install_reuse, network
from pitstop.runner.github_env import step_environment
from pitstop.runner.output import StepOutput
from pitstop.runner.run_state import Outcome, StepResult
from pitstop.runner.script import ScriptOutcome, ScriptRun, run_script
from pitstop.runner.uses import run_uses
from pitstop.workflow.model import Step

JOB_DEFAULTS_CONTEXTS = ("github", "inputs", "strategy", "matrix", "needs", "env")

if TYPE_CHECKING:
    from pitstop.runner.job_execution import JobExecution


class StepRunner:
    """Runs steps in a scope: the job's, or a composite action's (its own `steps`/`inputs`)."""

    def __init__(
        self,
        execution: JobExecution,
        contexts: dict[str, object] | None = None,
        results: list[StepResult] | None = None,
        caller_env: dict[str, str] | None = None,
    ) -> None:
        self.x = execution
        self.caller_env = caller_env or {}
        self.scope = execution.contexts if contexts is None else contexts
        self.results = execution.result.steps if results is None else results
        self._watch = environment_gaps.Watch()

    def run(self, step: Step) -> StepResult:
        x = self.x
        contexts = self._contexts()
        result = StepResult(name=self._name(step, contexts), id=step.id)
        self.results.append(result)
        self._watch = environment_gaps.Watch()
        if x.halted is not None:
            return self._halted(step, result, contexts)
        x.result.current_step = result.name
        started = time.monotonic()
        try:
            outcome = self._run(step, result, contexts)
        except PitstopError as exc:
            x.error(exc.message, exc)  # the step fails; continue-on-error decides for the job
            outcome = "failure"
        except OSError as exc:  # a full disk, a closed pipe: this step fails, not the run
            x.error(f"the step failed: {exc.strerror or exc} ({_errno_name(exc)})")
            outcome = "failure"
        if self._halted_job():  # this step (or one inside it, in a composite action)
            result.verified = False
        x.record_step(result, started)
        self._conclude(step, result, outcome, contexts)
        return result

    def _run(self, step: Step, result: StepResult, contexts: dict[str, object]) -> Outcome:
        x = self.x
        step_env = {
            **self.caller_env,
            **evaluation.strings(step.env, contexts, step.position, "env"),
        }
        contexts["env"] = {**x.env, **step_env}
        if not evaluation.condition(step.if_, contexts, x.status, step.position):
            return "skipped"
        x.settings.observer.step_started(x.result, result.name)
        x.say(f"▶ {result.name}")
        files = x.step_files(step.index)
        env = step_environment(x, step, step_env, files)
        parser = CommandParser(env=env, workspace=x.workspace)

        def show(line: str) -> None:
            self._watch.see(line)
            x.settings.observer.line(x.result, line)

        output = StepOutput(parser, x.settings.masker, x.log, show, x.settings.verbose)
        timeout = evaluation.minutes(
            step.timeout_minutes, contexts, step.position, "timeout-minutes"
        )
        if step.run is not None:
            outcome = self._script(step, contexts, env, timeout, files, output)
        else:
            seconds = None if timeout is None else timeout * 60
            outcome = run_uses(x, step, contexts, env, files, output, seconds)
        return self._apply(step, result, outcome, output)

    def _script(
        self,
        step: Step,
        contexts: dict[str, object],
        env: dict[str, str],
        timeout: float | None,
        files: envfiles.StepFiles,
        output: StepOutput,
    ) -> ScriptOutcome:
        x = self.x
        assert step.run is not None
        script = evaluation.text(step.run, contexts, step.position, "run")
        job_shell, job_directory = self._job_defaults()
        shell = step.shell or job_shell or x.workflow.defaults.shell
        cwd = x.workspace
        location = evaluation.location(step.position)
        if step.working_directory:
            cwd = x.workspace / evaluation.text(
                step.working_directory, contexts, step.position, "working-directory"
            )
            _check_inside_job(cwd, x.workspace.parent, location)
        elif job_directory or x.workflow.defaults.working_directory:
            cwd = x.workspace / (job_directory or x.workflow.defaults.working_directory or "")
            _check_inside_job(cwd, x.workspace.parent, location)
        seconds = None if timeout is None else timeout * 60
        run = ScriptRun(script, shell, cwd, env, seconds, location)
        reuse = install_reuse.before(x.settings.stores.venv_store, run, x.workspace, x.temp, x.say)
        if reuse is not None and reuse.restored:
            return ScriptOutcome("success", None, None)  # docs/speed.md: pip would do nothing
        outcome = run_script(run, x.temp, files, output, x.processes)
        if reuse is not None and outcome.outcome == "success":
            reuse.after()
        return outcome

    def _job_defaults(self) -> tuple[str | None, str | None]:
        """`jobs.<id>.defaults.run`: (shell, working-directory), evaluated."""
        defaults = self.x.job.defaults
        shell = self._job_default(defaults.shell, "shell")
        return shell, self._job_default(defaults.working_directory, "working-directory")

    def _job_default(self, value: str | None, what: str) -> str | None:
        """Evaluated with the contexts GitHub allows there (actions/runner workflow-v1.0.json,
        "job-defaults-run"); the workflow's `defaults.run` and a step's `shell` are literal on
        GitHub, so they are not evaluated."""
        if value is None:
            return None
        x = self.x
        scope = {name: x.contexts[name] for name in JOB_DEFAULTS_CONTEXTS if name in x.contexts}
        return evaluation.text(value, scope, x.job.position, f"defaults.run.{what}")

    def _apply(
        self, step: Step, result: StepResult, outcome: ScriptOutcome, output: StepOutput
    ) -> Outcome:
        x = self.x
        for annotation in output.annotations:
            x.annotate(annotation)
        if outcome.message is not None:
            x.annotate(
                Annotation(
                    "error",
                    x.settings.masker.mask(outcome.message),
                    x.workflow.path,
                    step.position.line,
                    hint=outcome.hint,
                )
            )
        files = outcome.files
        if not outcome.verified:
            result.verified = False
        result.outputs.update(output.outputs)
        x.env.update(output.env)
        x.path = envfiles.prepend_path(x.path, output.path)
        if files is not None:
            x.env.update(files.env)
            x.path = envfiles.prepend_path(x.path, files.path)
            result.outputs.update(files.outputs)
            x.append_summary(files.summary)
        return outcome.outcome  # type: ignore[return-value]

    def _conclude(
        self, step: Step, result: StepResult, outcome: Outcome, contexts: dict[str, object]
    ) -> None:
        x = self.x
        result.outcome = outcome
        result.conclusion = outcome
        offline = outcome in {"success", "failure"} and needs_network(result.name)
        if offline and not network.internet_reachable():
            result.verified = False
            result.conclusion = "success"  # proves nothing either way: the job goes on
            x.result.notes.append(network.offline_note(result.name))
        elif outcome == "failure" and (gap := self._watch.cause(network.internet_reachable)):
            result.verified = False
            result.conclusion = "success"  # proves nothing either way, like an offline step
            x.result.notes.append(
                f"not verified ({gap}): {result.name} failed for a reason of this machine's; "
                "on GitHub's runner it takes another path"
            )
            if not self._continue_on_error(step, contexts):
                x.halted = gap  # later steps would run in an environment GitHub never has
        elif outcome == "failure":
            if self._continue_on_error(step, contexts):
                result.conclusion = "success"
            else:
                x.status.failed = True
        if step.id is not None:
            steps = self.scope["steps"]
            assert isinstance(steps, dict)
            steps[step.id] = {
                "outputs": dict(result.outputs),
                "outcome": result.outcome,
                "conclusion": result.conclusion,
            }
        job = x.contexts["job"]
        assert isinstance(job, dict)
        job["status"] = x.status.job_status

    def _halted_job(self) -> bool:
        return self.x.halted is not None

    def _halted(self, step: Step, result: StepResult, contexts: dict[str, object]) -> StepResult:
        """A step after one that halted the job (e.g. no local Python): it would run on
        something other than what GitHub gives, so it does not run and proves nothing."""
        result.verified = False
        self.x.halted_steps.append(result.name)
        self.x.say(f"- {result.name}: not run, not verified ({self.x.halted})")
        self._conclude(step, result, "skipped", contexts)
        return result

    def _continue_on_error(self, step: Step, contexts: dict[str, object]) -> bool:
        try:
            return evaluation.boolean(
                step.continue_on_error, contexts, step.position, "continue-on-error"
            )
        except PitstopError as exc:
            self.x.fail(exc.message, exc)
            return False

    def _contexts(self) -> dict[str, object]:
        x = self.x
        contexts = dict(self.scope)
        contexts["env"] = {**x.env, **self.caller_env}
        return contexts

    def _name(self, step: Step, contexts: dict[str, object]) -> str:
        if step.name is None:
            return step.display_name
        try:
            return evaluation.text(step.name, contexts, step.position, "name")
        except PitstopError:
            return step.name


def _check_inside_job(cwd: Path, job_dir: Path, location: Location) -> None:
    """A step's working directory resolves (links followed) inside the job's folder
    (workspace, home, runner temp): `..` or an absolute path never lands in your checkout."""
    real = Path(os.path.realpath(cwd))
    if not real.is_relative_to(job_dir.resolve()):
        raise PitstopError(
            f"working-directory {cwd} resolves to {real}, outside the job's folder",
            location=location,
            hint="use a folder of the workspace, $RUNNER_TEMP or ~ (a run writes only inside "
            "its run dir; see docs/security.md)",
        )


def _errno_name(exc: OSError) -> str:
    return errno.errorcode.get(exc.errno or 0, type(exc).__name__)
