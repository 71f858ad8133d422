"""Execute one `run:` script: GitHub's shell, the step's environment, its files, its output.

The process runs through `pitstop.runner.process` (own process group, stdin detached, lines
streamed); a step timeout or a cancel kills the whole group. Afterwards the step's
environment files are read back.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pitstop.errors import Location, PitstopError
from pitstop.github import envfiles
from pitstop.runner.output import StepOutput
from pitstop.runner.process import ProcessGroups
from pitstop.runner.run_state import Outcome
from pitstop.runner.shells import prepare_script


@dataclass(frozen=True)
class ScriptRun:
    """A `run:` step, evaluated and ready to start."""

    script: str
    shell: str | None  # as written (None: GitHub's default)
    cwd: Path
    env: dict[str, str]
    timeout_s: float | None
    location: Location | None = None


@dataclass(frozen=True)
class ScriptOutcome:
    outcome: Outcome  # success, failure or cancelled
    files: envfiles.StepFileResults | None
    message: str | None  # why it failed, for an error annotation
    verified: bool = True  # False: an action could not check everything here (offline)
    hint: str | None = None  # what to do about `message`, from a PitstopError


def run_script(
    run: ScriptRun,
    temp: Path,
    files: envfiles.StepFiles,
    output: StepOutput,
    groups: ProcessGroups,
) -> ScriptOutcome:
    if not run.cwd.is_dir():
        raise PitstopError(
            f"working-directory {run.cwd} does not exist",
            location=run.location,
            hint="`working-directory` is relative to the job's workspace",
        )
    env = {**run.env, **files.env()}
    prepared = prepare_script(run.shell, run.script, temp, env.get("PATH", ""), run.location)
    output.log.write(prepared.shell.display + "\n")
    done = groups.run(
        prepared.argv,
        env=env,
        cwd=run.cwd,
        on_line=output.line,
        timeout=run.timeout_s,
        on_part=output.part,
    )
    return conclude(done.exit_code, done.timed_out, done.cancelled, files, output, run.timeout_s)


def conclude(
    code: int,
    timed_out: bool,
    cancelled: bool,
    files: envfiles.StepFiles,
    output: StepOutput,
    timeout_s: float | None,
) -> ScriptOutcome:
    try:
        results = envfiles.read_step_files(files)
    except PitstopError as exc:
        output.emit(f"##[error]{exc.message}")
        if exc.hint:
            output.emit(f"  = hint: {exc.hint}")
        return ScriptOutcome(Outcome.FAILURE, None, exc.message, hint=exc.hint)
    if timed_out:
        message = f"The step has timed out after {(timeout_s or 0) / 60:g} minutes."
        output.emit(f"##[error]{message}")
        return ScriptOutcome(Outcome.FAILURE, results, message)
    if cancelled:
        output.emit("##[error]The operation was canceled.")
        return ScriptOutcome(Outcome.CANCELLED, results, None)
    if output.failures:
        return ScriptOutcome(Outcome.FAILURE, results, output.failures[0])
    if code != 0:
        message = f"Process completed with exit code {code}."
        output.emit(f"##[error]{message}")
        return ScriptOutcome(Outcome.FAILURE, results, message)
    return ScriptOutcome(Outcome.SUCCESS, results, None)
