"""The seam between a job and its steps: what a step may read, and what it changed.

A step reads a `StepScope` (frozen: its contexts, the job's env and PATH additions so far,
whether the job failed or halted, the workspace paths) and returns `StepChanges` (frozen: env
and PATH additions, outputs, outcome and conclusion, annotations, notes, the summary, post
hooks, a halt), which the job applies. A composite action runs its own steps through the same
seam: it applies their changes to its own scope and returns them, merged, as its own.

What cannot wait for the step's end goes through the `StepHost` the job lends: log lines, the
live view, the process groups that a cancel kills, the run's settings.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Protocol

from pitstop.actions.base import ActionResult, Annotation
from pitstop.actions.base import JobStatus as ActionJobStatus
from pitstop.errors import PitstopError
from pitstop.github.envfiles import prepend_path
from pitstop.runner.cancel import Cancel
from pitstop.runner.install_reuse import Reuse
from pitstop.runner.masking import Masker
from pitstop.runner.process import ProcessGroups
from pitstop.runner.run_state import Outcome, StepResult
from pitstop.runner.settings import RunSettings
from pitstop.workflow.model import Job, Step, Workflow

# A post hook of an action (`post:`), by the action's key, run at the job's end.
Post = tuple[str, Callable[[ActionJobStatus], ActionResult | None]]


def _copy(value: object) -> Mapping[str, object]:
    return dict(value) if isinstance(value, Mapping) else {}


@dataclass(frozen=True)
class Contexts:
    """The contexts an expression of a step may read (each a copy, taken when the step
    starts)."""

    github: Mapping[str, object]
    runner: Mapping[str, object]
    vars: Mapping[str, object]
    secrets: Mapping[str, object]
    inputs: Mapping[str, object]
    needs: Mapping[str, object]
    matrix: Mapping[str, object]
    strategy: Mapping[str, object]
    env: Mapping[str, object]
    steps: Mapping[str, object]
    job: Mapping[str, object]

    @classmethod
    def of(cls, contexts: Mapping[str, object]) -> Contexts:
        names = [f.name for f in dataclasses.fields(cls)]
        return cls(**{name: _copy(contexts.get(name)) for name in names})

    def as_dict(self) -> dict[str, object]:
        """By name, as the expression evaluator and the actions read them."""
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}

    def replace(self, **changes: Mapping[str, object]) -> Contexts:
        return dataclasses.replace(self, **changes)


@dataclass(frozen=True)
class StepScope:
    """What a step may read."""

    contexts: Contexts  # the step's scope: the job's, or a composite action's
    job_contexts: Contexts  # the job's own (`jobs.<id>.defaults.run`, GITHUB_* variables)
    env: Mapping[str, str]  # workflow env, job env, then GITHUB_ENV writes so far
    path: tuple[str, ...]  # GITHUB_PATH writes so far
    home_env: Mapping[str, str]  # HOME, XDG dirs, package caches (job_home)
    failed: bool  # an earlier step failed the job (or the composite action)
    halted: str | None  # why the job cannot be verified after an earlier step
    workspace: Path
    temp: Path  # RUNNER_TEMP
    files_dir: Path  # the steps' GITHUB_ENV, GITHUB_OUTPUT, ... files
    workflow: Workflow
    job: Job
    caller_env: Mapping[str, str] = field(default_factory=dict)  # a composite's step env

    def after(self, changes: StepChanges) -> StepScope:
        """This scope once `changes` are applied (inside a composite action)."""
        return dataclasses.replace(
            self,
            env={**self.env, **changes.env},
            path=tuple(prepend_path(self.path, changes.path)),
            failed=self.failed or changes.failed,
            halted=self.halted if changes.halted is None else changes.halted,
        )


@dataclass(frozen=True)
class StepChanges:
    """What a step changed, for the job (or the composite action) to apply."""

    step_id: str | None = None
    outcome: Outcome = Outcome.SKIPPED
    conclusion: Outcome = Outcome.SKIPPED
    outputs: Mapping[str, str] = field(default_factory=dict)
    env: Mapping[str, str] = field(default_factory=dict)  # GITHUB_ENV additions
    path: tuple[str, ...] = ()  # GITHUB_PATH additions, in the order they were written
    annotations: tuple[Annotation, ...] = ()
    notes: tuple[str, ...] = ()
    summary: str = ""  # GITHUB_STEP_SUMMARY, masked when the job writes it
    posts: tuple[Post, ...] = ()
    halted: str | None = None  # the job cannot be verified after this step
    halted_steps: tuple[str, ...] = ()  # steps not run after a halt (inside a composite)
    failed: bool = False  # the step fails the job (its conclusion, or a bad key of its own)

    def steps_entry(self) -> dict[str, object]:
        """`steps.<id>` for the steps after it."""
        return {
            "outputs": dict(self.outputs),
            "outcome": self.outcome.value,
            "conclusion": self.conclusion.value,
        }

    def effects(self) -> StepChanges:
        """What a composite action passes on of an inner step: everything but the step's own
        result and whether it failed (the composite action's outcome says that)."""
        return dataclasses.replace(
            self,
            step_id=None,
            outcome=Outcome.SKIPPED,
            conclusion=Outcome.SKIPPED,
            outputs={},
            failed=False,
        )

    def then(self, later: StepChanges) -> StepChanges:
        """These changes followed by `later` (the step fields are `later`'s)."""
        return StepChanges(
            step_id=later.step_id,
            outcome=later.outcome,
            conclusion=later.conclusion,
            outputs=later.outputs,
            env={**self.env, **later.env},
            path=self.path + later.path,
            annotations=self.annotations + later.annotations,
            notes=self.notes + later.notes,
            summary=self.summary + later.summary,
            posts=self.posts + later.posts,
            halted=self.halted if later.halted is None else later.halted,
            halted_steps=self.halted_steps + later.halted_steps,
            failed=self.failed or later.failed,
        )


class StepHost(Protocol):
    """What the job lends its steps for effects that cannot wait for the step's end."""

    @property
    def settings(self) -> RunSettings: ...

    @property
    def processes(self) -> ProcessGroups: ...

    @property
    def cancel(self) -> Cancel: ...

    @property
    def log(self) -> IO[str]: ...

    def say(self, text: str) -> None:
        """A line of pitstop's own to the job log and the live view (masked)."""

    def show(self, text: str) -> None:
        """A line of the step's output to the live view (already logged and masked)."""

    def at_step(self, name: str) -> None:
        """The live view's current step (one that runs, or whose `if:` is evaluated)."""

    def step_started(self, name: str) -> None:
        """A step whose `if:` holds starts (the observer hears it)."""

    def restored_venv(self, reuse: Reuse) -> None:
        """A venv a step restored from the store: handed back when the job ends clean."""


# Runs one step in a scope, recording its result in `results`: how a composite action runs
# its own steps through the same seam as the job's.
RunStep = Callable[[Step, StepScope, list[StepResult]], StepChanges]


def error_annotation(
    masker: Masker, file: str | None, message: str, exc: PitstopError | None
) -> tuple[Annotation, list[str]]:
    """An error annotation (at the error's location when it has one) and its log lines."""
    line = None
    if exc is not None and exc.location is not None:
        file, line = exc.location.file, exc.location.line
    masked = masker.mask(message)
    hint = None if exc is None or not exc.hint else masker.mask(exc.hint)
    lines = [f"##[error]{masked}"] + ([] if hint is None else [f"  = hint: {hint}"])
    return Annotation("error", masked, file, line, hint=hint), lines
