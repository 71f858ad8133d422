"""The seam between the runner and the native stand-ins for well-known `uses:` actions.

An action module in `ACTIONS` (see `pitstop.actions.registry`) satisfies `Action`: given an
`ActionCall` it does its work and returns an `ActionResult`. It never touches the runner's
state directly: everything flows through these two records, and processes are started
through `ActionCall.run_command` so that the runner keeps control of logging, masking,
timeouts and process groups.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, Protocol

from pitstop.github.annotations import Annotation as Annotation  # re-exported for actions
from pitstop.workflow.model import Position

Conclusion = Literal["success", "failure"]
JobStatus = Literal["success", "failure", "cancelled"]


@dataclass(frozen=True)
class Stores:
    """Where persistent state lives: caches across runs, artifacts within one run."""

    cache_dir: Path  # content-addressed cache store, shared by every run of a project
    artifact_dir: Path  # this run's artifacts, `<artifact_dir>/<name>/...`
    tool_cache: Path  # RUNNER_TOOL_CACHE
    # built venvs reused by pinned installs (pitstop.runner.venv_store); None: no reuse
    venv_store: Path | None = None


# run_command(argv, env=None, cwd=None) -> exit code. Output goes to the step log.
RunCommand = Callable[..., int]


@dataclass(frozen=True)
class ActionCall:
    uses: str  # as written, e.g. "actions/setup-python@0b93...  # v5.3.0" minus the comment
    inputs: Mapping[str, str]  # evaluated `with:` values, as strings (GitHub's semantics)
    workspace: Path  # GITHUB_WORKSPACE of the job
    env: Mapping[str, str]  # the environment the step would see
    contexts: Mapping[str, object]  # github, runner, job, matrix, ... (for e.g. job status)
    stores: Stores
    position: Position  # the step, for error messages
    log: Callable[[str], None]  # one line to the step log (masked by the runner)
    run_command: RunCommand
    # The job's own folder (workspace, home, runner temp, in the run dir): an action writes
    # nothing outside it (see docs/security.md). None: unconfined (unit tests of an action).
    job_dir: Path | None = None
    # pitstop's own package caches (pip, uv, ... shared by every job): an actions/cache path
    # that is one of them is used as it is, neither restored nor saved.
    shared_caches: tuple[Path, ...] = ()


@dataclass
class ActionResult:
    """What an action produced. Mutable: it is a result object, filled while running."""

    conclusion: Conclusion = "success"
    outputs: dict[str, str] = field(default_factory=dict)
    env: dict[str, str] = field(default_factory=dict)  # as if written to GITHUB_ENV
    path: list[str] = field(default_factory=list)  # as if written to GITHUB_PATH
    annotations: list[Annotation] = field(default_factory=list)
    summary: str = ""  # markdown, as if written to GITHUB_STEP_SUMMARY
    # Lines for the run summary that are not failures but must be seen, e.g.
    # "not verified (offline): codecov upload".
    notes: list[str] = field(default_factory=list)
    # False: the action succeeded but could not check everything here (e.g. offline); the
    # step is "not verified", neither a failure nor a success. A note must say what.
    verified: bool = True
    # Set (with verified False) when the job's later steps cannot be verified here without
    # what this step could not provide, e.g. "no local Python 3.14": they do not run and are
    # "not verified" too (see pitstop.runner.step).
    halts_job: str | None = None
    # Called once at the end of the job with the job's status (e.g. to save a cache). It may
    # return an ActionResult for the post step (its conclusion, annotations and notes count,
    # e.g. a JavaScript action's failing `post:`); None means the post step succeeded.
    post: Callable[[JobStatus], ActionResult | None] | None = None


class Action(Protocol):
    """One emulated action: `INPUTS` it honours, and `run`. Unknown inputs are rejected."""

    @property
    def INPUTS(self) -> Sequence[str]: ...

    def run(self, call: ActionCall) -> ActionResult: ...
