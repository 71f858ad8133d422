"""actions/cache, actions/cache/restore and actions/cache/save on the local store.

Honoured inputs:
- `path` (required): one glob a line, `~` expanded, `!` excludes, relative to the workspace.
- `key` (required, at most 512 characters, no commas) and `restore-keys` (one a line).
- `fail-on-cache-miss`, `lookup-only` (restore only checks), `save-always` (actions/cache:
  save even when the job did not succeed).
- Accepted with no local effect: `upload-chunk-size`, `enableCrossOsArchive`.

Outputs, as the real actions set them: `cache-hit` is `true` only for an exact match of
`key`, `false` for a restore-key match, unset on a miss; actions/cache/restore adds
`cache-primary-key` and `cache-matched-key`. actions/cache saves in its post step, only when
the job succeeded and `key` was not an exact hit; actions/cache/save saves in the step. An
existing key is never overwritten (a warning, as on GitHub). See `cache_store` for the rules.
A `path` line that is one of pitstop's own package caches (a job's `~/.cache/uv` is a link to
pitstop's uv cache, see runner/job_home.py) is used as it is: neither saved nor restored.

Scope, as on GitHub: the store is this repository's own (`pitstop run` passes a folder per
repository), and entries belong to the git ref they were saved from: a restore looks in the
run's ref, then a pull request's base branch, then the default branch; a save goes to the
run's ref. A restore never writes outside the job's folder (workspace, job home, runner temp):
a cached absolute path elsewhere (`/tmp/x`, `/etc/...`) is not restored, and a note says so.
A restore never replaces an existing file under `~` (kept files are counted in a note), and
actions/cache's save leaves out files under `~` older than its restore step: the runner's
folder would hold only what the job added.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

from pitstop.actions import cache_store, inputs
from pitstop.actions.base import ActionCall, ActionResult, Annotation, JobStatus

RESTORE_INPUTS = (
    "path",
    "key",
    "restore-keys",
    "fail-on-cache-miss",
    "lookup-only",
    "enableCrossOsArchive",
)
SAVE_INPUTS = ("path", "key", "upload-chunk-size", "enableCrossOsArchive")


@dataclass(frozen=True)
class Request:
    key: str
    path_lines: list[str]  # the lines to save and restore (see `shared_lines`)
    version: str  # of every line as written, as GitHub computes it
    roots: cache_store.Roots
    scopes: list[str]  # the first is where a save goes
    shared: list[str]  # lines naming pitstop's own package caches: used as they are


def request(call: ActionCall) -> Request:
    key = inputs.required(call, "key")
    if len(key) > 512:
        raise inputs.error(call, f"key {key[:40]!r}... cannot be larger than 512 characters")
    if "," in key:
        raise inputs.error(call, f"key {key!r} cannot contain commas")
    path_lines = inputs.lines(call, "path")
    if not path_lines:
        raise inputs.error(call, "input required and not supplied: path")
    home = Path(call.env.get("HOME") or Path.home())
    confine = call.job_dir.resolve() if call.job_dir is not None else None
    shared = tuple(Path(os.path.realpath(folder)) for folder in call.shared_caches)
    roots = cache_store.Roots(call.workspace.resolve(), home.resolve(), confine, shared)
    version = cache_store.version(path_lines)
    kept, skipped = shared_lines(path_lines, call.workspace, home, shared)
    return Request(key, kept, version, roots, scopes(call), skipped)


def shared_lines(
    lines: list[str], workspace: Path, home: Path, shared: tuple[Path, ...]
) -> tuple[list[str], list[str]]:
    """(the other lines, the lines naming one of pitstop's shared package caches): a job's
    `~/.cache/uv` is pitstop's uv cache, warm already, so it is neither saved nor restored."""
    kept: list[str] = []
    skipped: list[str] = []
    for line in lines:
        plain = not line.startswith("!") and not any(c in line for c in "*?[")
        path = Path(str(home) + line[1:] if line.startswith("~") else line)
        real = Path(os.path.realpath(workspace / path))
        inside = plain and any(real.is_relative_to(folder) for folder in shared)
        (skipped if inside else kept).append(line)
    return kept, skipped


def scopes(call: ActionCall) -> list[str]:
    """The refs whose caches this job may restore, in GitHub's order (see the docstring)."""
    github = call.contexts.get("github")
    if not isinstance(github, dict) or not github.get("ref"):
        return [""]
    found = [str(github["ref"])]
    event = github.get("event")
    repository = event.get("repository") if isinstance(event, dict) else None
    default = repository.get("default_branch") if isinstance(repository, dict) else None
    for branch in (github.get("base_ref"), default):
        if branch and f"refs/heads/{branch}" not in found:
            found.append(f"refs/heads/{branch}")
    return found


def restore_into(call: ActionCall, req: Request, result: ActionResult) -> str | None:
    """Restore the best match; returns the matched key (None on a miss)."""
    restore_keys = inputs.lines(call, "restore-keys")
    for key in restore_keys:
        if "," in key:
            raise inputs.error(call, f"restore key {key!r} cannot contain commas")
    if req.shared:
        call.log(f"{', '.join(req.shared)}: pitstop's own package cache, used as it is")
        if not req.path_lines:
            return None  # nothing else to restore: not a miss worth failing for
    store = call.stores.cache_dir
    entry = cache_store.find(store, [req.key, *restore_keys], req.version, req.scopes)
    if entry is None:
        if inputs.boolean(call, "fail-on-cache-miss", False):
            result.conclusion = "failure"
            message = (
                "Failed to restore cache entry. Exiting as fail-on-cache-miss is set. "
                f"Input key: {req.key}"
            )
            result.annotations.append(Annotation("error", message))
        call.log(f"Cache not found for input keys: {', '.join([req.key, *restore_keys])}")
        return None
    if inputs.boolean(call, "lookup-only", False):
        call.log(f"Cache found and can be restored from key: {entry.key}")
    else:
        restored = cache_store.restore(store, entry, req.roots)
        call.log(f"Cache restored from key: {entry.key} ({entry.size} bytes)")
        if restored.kept:
            result.notes.append(
                f"cache {entry.key}: {restored.kept} existing file(s) in the home folder "
                "kept as they were"
            )
        if restored.refused:
            result.notes.append(
                f"cache {entry.key}: {len(restored.refused)} path(s) outside the job's folder "
                f"not restored (a run writes only inside its run dir), e.g. {restored.refused[0]}"
            )
    result.outputs["cache-hit"] = str(entry.key == req.key).lower()
    return entry.key


def save_paths(call: ActionCall, req: Request, since: float | None = None) -> str:
    """Save under the key; returns a line for the log (or the warning)."""
    if req.shared and not req.path_lines:
        return f"Cache not saved: {', '.join(req.shared)} is pitstop's own package cache"
    paths = inputs.glob_paths(call, req.path_lines, home=req.roots.home, implicit_descendants=False)
    if not paths:
        return (
            "warning: Path Validation Error: Path(s) specified in the action for caching "
            "do(es) not exist, hence no cache is being saved."
        )
    store = call.stores.cache_dir
    entry = cache_store.save(
        store, req.key, req.version, paths, req.roots, since, scope=req.scopes[0]
    )
    if entry is None:
        return f"warning: Failed to save: cache with key {req.key} exists already (immutable)"
    return f"Cache saved with key: {req.key} ({entry.size} bytes)"


class Restore:
    INPUTS = RESTORE_INPUTS

    def run(self, call: ActionCall) -> ActionResult:
        inputs.check_inputs(call, self.INPUTS)
        req = request(call)
        result = ActionResult()
        matched = restore_into(call, req, result)
        result.outputs["cache-primary-key"] = req.key
        result.outputs["cache-matched-key"] = matched or ""
        return result


class Save:
    INPUTS = SAVE_INPUTS

    def run(self, call: ActionCall) -> ActionResult:
        inputs.check_inputs(call, self.INPUTS)
        line = save_paths(call, request(call))
        call.log(line)
        result = ActionResult()
        if line.startswith("warning: "):
            result.annotations.append(Annotation("warning", line.removeprefix("warning: ")))
        return result


class RestoreAndSave:
    """actions/cache: restore now, save in the post step when the job succeeded."""

    INPUTS = (*RESTORE_INPUTS, "upload-chunk-size", "save-always")

    def run(self, call: ActionCall) -> ActionResult:
        inputs.check_inputs(call, self.INPUTS)
        req = request(call)
        result = ActionResult()
        started = time.time()  # what the job adds to the folders from now on is its cache
        matched = restore_into(call, req, result)
        save_always = inputs.boolean(call, "save-always", False)

        def post(status: JobStatus) -> ActionResult | None:
            if status != "success" and not save_always:
                call.log(f"Cache not saved: the job did not succeed ({status})")
            elif matched == req.key:
                call.log(f"Cache hit occurred on the primary key {req.key}, not saving cache.")
            else:
                line = save_paths(call, req, since=started)
                call.log(line)
                if line.startswith("warning: "):
                    return ActionResult(
                        annotations=[Annotation("warning", line.removeprefix("warning: "))]
                    )
            return None

        result.post = post
        return result


both = RestoreAndSave()
restore = Restore()
save = Save()
