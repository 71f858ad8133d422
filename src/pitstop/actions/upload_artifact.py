"""actions/upload-artifact (v4 semantics) into this run's artifact folder.

Honoured inputs:
- `name` (default `artifact`): unique within the run; a second upload of the same name
  fails unless `overwrite: true`, which replaces it.
- `path` (required): globs one a line, `!` exclusions, `~` expanded (see `pitstop.github.glob`). The
  artifact keeps the structure below the least common ancestor of the patterns' search
  paths; a single file named without wildcards is stored at the top.
- `if-no-files-found`: `warn` (default), `error` or `ignore`.
- `include-hidden-files` (default false: files and folders starting with `.` below the
  artifact's root are left out, as v4.4+ does).
- `retention-days` (0-90) and `compression-level` (0-9) are checked and noted: local
  artifacts live as long as the run folder and are stored uncompressed.
- `archive: false` (a single file, stored as is).

Outputs `artifact-id` (a counter within the run), `artifact-url` (a file:// URL of the
artifact folder) and `artifact-digest` (see `artifact_store`). Each upload adds a note for
the summary.
"""

from __future__ import annotations

import os
from pathlib import Path

from pitstop.actions import artifact_store, inputs
from pitstop.actions.base import ActionCall, ActionResult, Annotation
from pitstop.github import glob

INPUTS = (
    "name",
    "path",
    "if-no-files-found",
    "retention-days",
    "compression-level",
    "overwrite",
    "include-hidden-files",
    "archive",
)
NO_FILES = ("warn", "error", "ignore")


def run(call: ActionCall) -> ActionResult:
    inputs.check_inputs(call, INPUTS)
    name = inputs.text(call, "name", "artifact")
    reason = artifact_store.invalid_name(name)
    if reason:
        raise inputs.error(call, f"the artifact name {name!r} is not valid: {reason}")
    result = ActionResult()
    _check_numbers(call, result)
    no_files = inputs.text(call, "if-no-files-found", "warn")
    if no_files not in NO_FILES:
        raise inputs.error(
            call, f"if-no-files-found: {no_files!r}", hint="use warn, error or ignore"
        )
    root, files = find_files(call)
    if not files:
        return _no_files(call, result, no_files)
    if not inputs.boolean(call, "archive", True) and len(files) > 1:
        raise inputs.error(
            call, f"with archive: false only a single file can be uploaded; found {len(files)}"
        )
    overwrite = inputs.boolean(call, "overwrite", False)
    try:
        artifact = artifact_store.upload(call.stores.artifact_dir, name, root, files, overwrite)
    except artifact_store.ArtifactExists:
        raise inputs.error(
            call,
            f"an artifact named {name!r} was already uploaded in this run",
            hint="artifact names are unique within a run; use another name or overwrite: true",
        ) from None
    folder = artifact.folder(call.stores.artifact_dir)
    result.outputs["artifact-id"] = str(artifact.id)
    result.outputs["artifact-url"] = folder.resolve().as_uri()
    result.outputs["artifact-digest"] = artifact.digest
    result.notes.append(
        f"artifact {name}: {artifact.files} file(s), {artifact.size} bytes, {folder}"
    )
    return result


def find_files(call: ActionCall) -> tuple[Path, list[Path]]:
    """The files to upload and the root directory whose structure they keep."""
    lines = inputs.lines(call, "path")
    if not lines:
        raise inputs.error(call, "input required and not supplied: path")
    files = [path for path in inputs.glob_paths(call, lines) if not path.is_dir()]
    home = Path(call.env.get("HOME") or Path.home())
    search_paths = glob.search_paths(glob.parse_patterns(lines, call.workspace, home))
    if len(search_paths) > 1:
        root = Path(os.path.commonpath(search_paths))
    elif len(files) == 1 and files[0] == search_paths[0]:
        root = files[0].parent
    else:
        root = search_paths[0]
    if not inputs.boolean(call, "include-hidden-files", False):
        files = [f for f in files if not _hidden(f.relative_to(root))]
    return root, files


def _hidden(relative: Path) -> bool:
    return any(part.startswith(".") for part in relative.parts)


def _no_files(call: ActionCall, result: ActionResult, no_files: str) -> ActionResult:
    message = (
        f"No files were found with the provided path: {inputs.text(call, 'path')}. "
        "No artifacts will be uploaded."
    )
    if no_files == "error":
        result.conclusion = "failure"
        result.annotations.append(Annotation("error", message))
    elif no_files == "warn":
        result.annotations.append(Annotation("warning", message))
    call.log(message)
    return result


def _check_numbers(call: ActionCall, result: ActionResult) -> None:
    for name, low, high, meaning in (
        ("retention-days", 0, 90, "local artifacts live as long as the run folder"),
        ("compression-level", 0, 9, "local artifacts are stored uncompressed"),
    ):
        value = inputs.text(call, name)
        if not value:
            continue
        if not value.isdigit() or not low <= int(value) <= high:
            raise inputs.error(call, f"{name} must be a whole number from {low} to {high}")
        result.notes.append(f"upload-artifact {name}: {value} accepted; {meaning}")
