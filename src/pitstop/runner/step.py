"""Execute one step of a job: `if:`, env, `run:` or `uses:`, outcome and conclusion.

`outcome` is the step's own result; `conclusion` is the result after `continue-on-error`.
A failed step with `continue-on-error: true` has outcome failure and conclusion success and
does not fail the job.

A step reads a `StepScope` and returns `StepChanges` (`step_io`); the job applies them. A
local composite action runs its own steps through the same `StepRunner.run`.
"""

from __future__ import annotations

import dataclasses
import errno
import os
import time
from pathlib import Path

from pitstop.actions.base import Annotation
from pitstop.errors import Location, PitstopError
from pitstop.github import envfiles
from pitstop.github.commands import CommandParser
from pitstop.github.network import needs_network
from pitstop.runner import environment_gaps, evaluation, install_reuse, network, system_packages
from pitstop.runner.composite import run_composite
from pitstop.runner.github_env import step_environment
from pitstop.runner.output import StepOutput
from pitstop.runner.run_state import Outcome, StepResult
from pitstop.runner.script import ScriptOutcome, ScriptRun, run_script
from pitstop.runner.status import StepStatus
from pitstop.runner.step_io import StepChanges, StepHost, StepScope, error_annotation
from pitstop.runner.uses import action_key, local_javascript, run_uses
from pitstop.workflow.model import Step

JOB_DEFAULTS_CONTEXTS = ("github", "inputs", "strategy", "matrix", "needs", "env")


class StepRunner:
    """Runs steps with what the job lends them (`StepHost`): a scope in, changes out."""

    def __init__(self, host: StepHost) -> None:
        self.host = host

    def run(self, step: Step, scope: StepScope, results: list[StepResult]) -> StepChanges:
        """Run `step` in `scope`, recording its result in `results` (the job's, or a
        composite action's own)."""
        return _StepRun(self, step, scope).run(results)


class _StepRun:
    """One step while it runs: its contexts, the output watch, the changes so far."""

    def __init__(self, runner: StepRunner, step: Step, scope: StepScope) -> None:
        self.runner = runner
        self.host = runner.host
        self.step = step
        self.scope = scope
        self.watch = environment_gaps.Watch()
        self.changes = StepChanges()
        self.contexts = scope.contexts.replace(env={**scope.env, **scope.caller_env}).as_dict()

    def run(self, results: list[StepResult]) -> StepChanges:
        result = StepResult(name=self._name(), id=self.step.id)
        results.append(result)
        if self.scope.halted is not None:
            return self._halted(result)
        self.host.at_step(result.name)
        started = time.monotonic()
        try:
            outcome = self._run(result)
        except PitstopError as exc:
            self._error(exc.message, exc)  # the step fails; continue-on-error decides for the job
            outcome = Outcome.FAILURE
        except OSError as exc:  # a full disk, a closed pipe: this step fails, not the run
            self._error(f"the step failed: {exc.strerror or exc} ({_errno_name(exc)})")
            outcome = Outcome.FAILURE
        if self.changes.halted is not None:  # this step (or one inside it, in a composite)
            result.verified = False
        result.duration_s = round(time.monotonic() - started, 3)
        self._conclude(result, outcome)
        return self._finish(result)

    def _add(self, changes: StepChanges) -> None:
        self.changes = self.changes.then(changes)

    def _finish(self, result: StepResult) -> StepChanges:
        return dataclasses.replace(
            self.changes,
            step_id=self.step.id,
            outcome=result.outcome,
            conclusion=result.conclusion,
            outputs=dict(result.outputs),
        )

    def _error(self, message: str, exc: PitstopError | None = None) -> None:
        masker = self.host.settings.masker
        annotation, lines = error_annotation(masker, self.scope.workflow.path, message, exc)
        self._add(StepChanges(annotations=(annotation,)))
        for line in lines:
            self.host.say(line)

    def _run(self, result: StepResult) -> Outcome:
        step, scope, host, contexts = self.step, self.scope, self.host, self.contexts
        step_env = {
            **scope.caller_env,
            **evaluation.strings(step.env, contexts, step.position, "env"),
        }
        contexts["env"] = {**scope.env, **step_env}
        status = StepStatus(host.cancel, scope.failed)
        if not evaluation.condition(step.if_, contexts, status, step.position):
            return Outcome.SKIPPED
        host.step_started(result.name)
        host.say(f"▶ {result.name}")
        files = envfiles.create_step_files(scope.files_dir / f"step-{step.index}")
        env = step_environment(scope, host.settings.base_env, step, step_env, files)
        parser = CommandParser(env=env, workspace=scope.workspace)

        def show(line: str) -> None:
            self.watch.see(line)
            host.show(line)

        settings = host.settings
        output = StepOutput(parser, settings.masker, host.log, show, settings.verbose)
        timeout = evaluation.minutes(
            step.timeout_minutes, contexts, step.position, "timeout-minutes"
        )
        if step.run is not None:
            outcome = self._script(env, timeout, files, output)
        else:
            outcome = self._uses(env, files, output, timeout)
        return self._apply(result, outcome, output)

    def _uses(
        self,
        env: dict[str, str],
        files: envfiles.StepFiles,
        output: StepOutput,
        timeout: float | None,
    ) -> ScriptOutcome:
        step = self.step
        assert step.uses is not None
        action = None
        if action_key(step.uses).startswith("./"):
            action = local_javascript(self.scope.workspace, step)
            if action is None:
                outcome, changes = run_composite(
                    self.host, self.runner.run, self.scope, step, self.contexts
                )
                self._add(changes)
                return outcome
        seconds = None if timeout is None else timeout * 60
        outcome, changes = run_uses(
            self.host, self.scope, step, self.contexts, env, output, seconds, action
        )
        self._add(changes)
        return outcome

    def _script(
        self,
        env: dict[str, str],
        timeout: float | None,
        files: envfiles.StepFiles,
        output: StepOutput,
    ) -> ScriptOutcome:
        step, scope, host = self.step, self.scope, self.host
        assert step.run is not None
        script = evaluation.text(step.run, self.contexts, step.position, "run")
        job_shell, job_directory = self._job_defaults()
        defaults = scope.workflow.defaults
        shell = step.shell or job_shell or defaults.shell
        cwd = scope.workspace
        location = evaluation.location(step.position)
        if step.working_directory:
            cwd = scope.workspace / evaluation.text(
                step.working_directory, self.contexts, step.position, "working-directory"
            )
            _check_inside_job(cwd, scope.workspace.parent, location)
        elif job_directory or defaults.working_directory:
            cwd = scope.workspace / (job_directory or defaults.working_directory or "")
            _check_inside_job(cwd, scope.workspace.parent, location)
        seconds = None if timeout is None else timeout * 60
        run = ScriptRun(script, shell, cwd, env, seconds, location)
        packages = system_packages.recognise(script) if _posix_shell(shell) else None
        if packages is not None:
            return self._system_packages(system_packages.check(packages))
        store = host.settings.stores.venv_store
        reuse = install_reuse.before(store, run, scope.workspace, scope.temp, host.say)
        if reuse is not None and reuse.restored:
            host.restored_venv(reuse)
            return ScriptOutcome(Outcome.SUCCESS, None, None)  # docs/speed.md: pip would do nothing
        outcome = run_script(run, scope.temp, files, output, host.processes)
        if reuse is not None and outcome.outcome == Outcome.SUCCESS:
            reuse.after()
        return outcome

    def _system_packages(self, check: system_packages.Check) -> ScriptOutcome:
        """An apt-only step: never run here; what it would install is here already, or the
        job halts, unverified (runner/system_packages.py)."""
        listed = ", ".join(check.packages) or "nothing"
        if check.satisfied:
            self.host.say(f"apt installs {listed}: installed here already, so not run")
            note = f"apt step not run (pitstop never runs apt): {listed} installed here"
            self._add(StepChanges(notes=(note,)))
            return ScriptOutcome(Outcome.SUCCESS, None, None)
        lacking = ", ".join(check.missing) or listed
        gap = f"no local {lacking}" if check.unknown is None else f"{check.unknown}"
        note = (
            f"not verified ({gap}): this step installs {listed} with apt on GitHub's runner; "
            f"pitstop never runs apt on your machine. Install them yourself "
            f"(sudo apt-get install {' '.join(check.missing or check.packages)}) to run the "
            "steps after it"
        )
        self.host.say(note)
        self._add(StepChanges(notes=(note,), halted=gap))
        return ScriptOutcome(Outcome.SUCCESS, None, None, verified=False)

    def _job_defaults(self) -> tuple[str | None, str | None]:
        """`jobs.<id>.defaults.run`: (shell, working-directory), evaluated."""
        defaults = self.scope.job.defaults
        shell = self._job_default(defaults.shell, "shell")
        return shell, self._job_default(defaults.working_directory, "working-directory")

    def _job_default(self, value: str | None, what: str) -> str | None:
        """Evaluated with the contexts GitHub allows there (actions/runner workflow-v1.0.json,
        "job-defaults-run"); the workflow's `defaults.run` and a step's `shell` are literal on
        GitHub, so they are not evaluated."""
        if value is None:
            return None
        job = self.scope.job_contexts.as_dict()
        scope = {name: job[name] for name in JOB_DEFAULTS_CONTEXTS}
        return evaluation.text(value, scope, self.scope.job.position, f"defaults.run.{what}")

    def _apply(self, result: StepResult, outcome: ScriptOutcome, output: StepOutput) -> Outcome:
        annotations = list(output.annotations)
        if outcome.message is not None:
            annotations.append(
                Annotation(
                    "error",
                    self.host.settings.masker.mask(outcome.message),
                    self.scope.workflow.path,
                    self.step.position.line,
                    hint=outcome.hint,
                )
            )
        if not outcome.verified:
            result.verified = False
        result.outputs.update(output.outputs)
        env, path, summary = dict(output.env), list(output.path), ""
        files = outcome.files
        if files is not None:
            env.update(files.env)
            path.extend(files.path)
            result.outputs.update(files.outputs)
            summary = files.summary
        changes = StepChanges(
            env=env, path=tuple(path), annotations=tuple(annotations), summary=summary
        )
        self._add(changes)
        return outcome.outcome

    def _conclude(self, result: StepResult, outcome: Outcome) -> None:
        result.outcome = outcome
        result.conclusion = outcome
        ran = outcome in {Outcome.SUCCESS, Outcome.FAILURE}
        if ran and needs_network(result.name) and not network.internet_reachable():
            result.verified = False
            result.conclusion = Outcome.SUCCESS  # proves nothing either way: the job goes on
            self._add(StepChanges(notes=(network.offline_note(result.name),)))
        elif outcome == Outcome.FAILURE and (gap := self.watch.cause(network.internet_reachable)):
            result.verified = False
            result.conclusion = Outcome.SUCCESS  # proves nothing either way, like offline
            note = (
                f"not verified ({gap}): {result.name} failed for a reason of this machine's; "
                "on GitHub's runner it takes another path"
            )
            self._add(StepChanges(notes=(note,)))
            if not self._continue_on_error():
                # later steps would run in an environment GitHub never has
                self._add(StepChanges(halted=gap))
        elif outcome == Outcome.FAILURE:
            if self._continue_on_error():
                result.conclusion = Outcome.SUCCESS
            else:
                self._add(StepChanges(failed=True))

    def _halted(self, result: StepResult) -> StepChanges:
        """A step after one that halted the job (e.g. no local Python): it would run on
        something other than what GitHub gives, so it does not run and proves nothing."""
        result.verified = False
        self._add(StepChanges(halted_steps=(result.name,)))
        self.host.say(f"- {result.name}: not run, not verified ({self.scope.halted})")
        self._conclude(result, Outcome.SKIPPED)
        return self._finish(result)

    def _continue_on_error(self) -> bool:
        step = self.step
        try:
            return evaluation.boolean(
                step.continue_on_error, self.contexts, step.position, "continue-on-error"
            )
        except PitstopError as exc:
            self._error(exc.message, exc)
            self._add(StepChanges(failed=True))
            return False

    def _name(self) -> str:
        step = self.step
        if step.name is None:
            return step.display_name
        try:
            return evaluation.text(step.name, self.contexts, step.position, "name")
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


def _posix_shell(shell: str | None) -> bool:
    """Whether the step's script is read by bash or sh (the default on Linux is bash)."""
    return shell is None or Path(shell.split()[0]).name in {"bash", "sh"}
