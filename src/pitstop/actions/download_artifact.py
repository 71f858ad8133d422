"""actions/download-artifact (v4 semantics) from this run's artifact folder.

Honoured inputs:
- `name`: that artifact, extracted into `path`; a missing one fails the step.
- `artifact-ids`: comma-separated ids (not together with `name`).
- `pattern`: a glob over artifact names; without `name`/`artifact-ids`/`pattern`, every
  artifact of the run.
- `merge-multiple`: with several artifacts, put them all in `path` instead of
  `path/<name>/` each (a single artifact always goes to `path`, as v4 does).
- `path` (default: the workspace; `~` expanded). It must resolve (links followed) inside
  the job's folder (workspace, job home, runner temp): a path into your checkout or
  anywhere else on your machine fails the step, and so does an artifact that holds a link.
- `digest-mismatch` (`error` default, `warn`, `info`, `ignore`): each artifact's digest is
  checked against the one recorded at upload.
- Accepted: `github-token`, `repository`, `run-id` only for this run (another run's
  artifacts are not available locally); `skip-decompress: false`.

Output `download-path`.

A named artifact that is missing while a job in `needs` was halted as not verified (no local
Python, offline, ...) is not a failure: that job would have uploaded it on GitHub. The step is
not verified and halts its job in turn.
"""

from __future__ import annotations

import fnmatch
import os
import shutil
from pathlib import Path

from pitstop.actions import artifact_store, inputs
from pitstop.actions.artifact_store import Artifact
from pitstop.actions.base import ActionCall, ActionResult, Annotation

INPUTS = (
    "name",
    "artifact-ids",
    "path",
    "pattern",
    "merge-multiple",
    "github-token",
    "repository",
    "run-id",
    "skip-decompress",
    "digest-mismatch",
)
MISMATCH = ("error", "warn", "info", "ignore")


def run(call: ActionCall) -> ActionResult:
    inputs.check_inputs(call, INPUTS)
    _check_this_run(call)
    mismatch = inputs.text(call, "digest-mismatch", "error")
    if mismatch not in MISMATCH:
        raise inputs.error(
            call, f"digest-mismatch: {mismatch!r}", hint="use error, warn, info or ignore"
        )
    raw = inputs.text(call, "path")
    home = call.env.get("HOME") or str(Path.home())
    target = call.workspace / (raw.replace("~", home, 1) if raw.startswith("~") else raw)
    _check_inside_job(call, target)
    missing = _missing_from_a_halted_job(call)
    if missing is not None:
        return missing
    artifacts, single = _select(call)
    merge = inputs.boolean(call, "merge-multiple", False)
    result = ActionResult()
    for artifact in artifacts:
        into = target if single or merge or len(artifacts) == 1 else target / artifact.name
        _copy(call, artifact, into, mismatch, result)
    result.outputs["download-path"] = str(target.resolve())
    return result


def _check_inside_job(call: ActionCall, target: Path) -> None:
    """The target resolves (links followed) inside the job's folder (see the docstring)."""
    if call.job_dir is None:
        return
    if not Path(os.path.realpath(target)).is_relative_to(call.job_dir.resolve()):
        raise inputs.error(
            call,
            f"path {inputs.text(call, 'path')!r} resolves to {os.path.realpath(target)}, "
            "outside the job's folder",
            hint="download into the workspace, $RUNNER_TEMP or ~ (a run writes only inside "
            "its run dir)",
        )


def _check_folders_inside_job(call: ActionCall, folder: Path, into: Path) -> None:
    """Every folder the artifact lands in resolves inside the job's folder: a link already
    in `into` (`into/sub -> /elsewhere`) must not carry the files out."""
    if call.job_dir is None:
        return
    job_dir = call.job_dir.resolve()
    for directory, _, _ in os.walk(folder):
        destination = into / Path(directory).relative_to(folder)
        real = os.path.realpath(destination)
        if not Path(real).is_relative_to(job_dir):
            raise inputs.error(
                call,
                f"{destination} resolves to {real}, outside the job's folder",
                hint="a run writes only inside its run dir; remove the link",
            )


def _missing_from_a_halted_job(call: ActionCall) -> ActionResult | None:
    name = inputs.text(call, "name")
    needs = call.contexts.get("needs")
    halted = artifact_store.halted_jobs(
        call.stores.artifact_dir, needs if isinstance(needs, dict) else {}
    )
    available = {a.name for a in artifact_store.listing(call.stores.artifact_dir)}
    if not name or name in available or not halted:
        return None
    reason = "a needed job was not verified"
    return ActionResult(
        verified=False,
        halts_job=reason,
        notes=[
            f"not verified ({reason}): artifact {name!r} was not uploaded here because "
            f"{'; '.join(halted)}; on GitHub that job would have run and uploaded it"
        ],
    )


def _check_this_run(call: ActionCall) -> None:
    github = call.contexts.get("github")
    context = github if isinstance(github, dict) else {}
    for name, own in (("repository", context.get("repository")), ("run-id", context.get("run_id"))):
        value = inputs.text(call, name)
        if value and value != str(own):
            raise inputs.error(
                call,
                f"{name} {value!r}: only this run's artifacts are available locally",
            )
    if inputs.boolean(call, "skip-decompress", False):
        raise inputs.error(
            call, "skip-decompress: true is not supported (artifacts are stored unpacked)"
        )


def _select(call: ActionCall) -> tuple[list[Artifact], bool]:
    available = artifact_store.listing(call.stores.artifact_dir)
    name = inputs.text(call, "name")
    ids = inputs.text(call, "artifact-ids")
    if name and ids:
        raise inputs.error(call, "inputs 'name' and 'artifact-ids' cannot be used together")
    if name:
        found = [a for a in available if a.name == name]
        if not found:
            names = ", ".join(a.name for a in available) or "none"
            raise inputs.error(
                call,
                f"artifact {name!r} not found in this run (uploaded: {names})",
                hint="an artifact is available after the job that uploads it; add it to `needs`",
            )
        return found, True
    if ids:
        return _by_ids(call, available, ids), False
    pattern = inputs.text(call, "pattern")
    if pattern:
        return [a for a in available if fnmatch.fnmatchcase(a.name, pattern)], False
    return available, False


def _by_ids(call: ActionCall, available: list[Artifact], ids: str) -> list[Artifact]:
    wanted = [i.strip() for i in ids.split(",") if i.strip()]
    if not all(i.isdigit() for i in wanted):
        raise inputs.error(call, f"artifact-ids must be numbers: {ids!r}")
    found = [a for a in available if str(a.id) in wanted]
    if not found:
        raise inputs.error(call, "none of the provided artifact IDs were found")
    return found


def _copy(
    call: ActionCall, artifact: Artifact, into: Path, mismatch: str, result: ActionResult
) -> None:
    folder = artifact.folder(call.stores.artifact_dir)
    if artifact_store.digest(folder) != artifact.digest and mismatch != "ignore":
        message = f"Artifact '{artifact.name}' digest validation failed"
        if mismatch == "error":
            raise inputs.error(call, message, hint="the stored artifact was changed after upload")
        result.annotations.append(
            Annotation("warning" if mismatch == "warn" else "notice", message)
        )
    _check_folders_inside_job(call, folder, into)
    shutil.copytree(folder, into, dirs_exist_ok=True)
    call.log(f"Artifact {artifact.name} downloaded to {into}")
