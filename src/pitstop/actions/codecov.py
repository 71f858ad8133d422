"""codecov/codecov-action, offline: check and record the coverage reports, never upload.

Honoured inputs:
- `files` (comma-separated; `file` is the old spelling), `directory` (where to search;
  the workspace by default), `disable_search` (only the named files), `exclude` (folders
  left out of the search), `working-directory`.
- `fail_ci_if_error`: a missing or invalid report fails the step; otherwise it is a warning.
- `handle_no_reports_found`: finding no report at all is not an error.
- `token`: accepted and never printed, logged or recorded.
- Every other input of the action (flags, name, slug, ...) is accepted and has no local
  effect: nothing leaves the machine.

Each valid report is recorded in a note; the upload itself always gets the note
"not verified (offline): Codecov upload" and is never reported as done.
"""

from __future__ import annotations

from pathlib import Path

from pitstop.actions import coverage_files, inputs
from pitstop.actions.base import ActionCall, ActionResult, Annotation

INPUTS = (
    "base_sha", "binary", "codecov_yml_path", "commit_parent", "directory",
    "disable_file_fixes", "disable_search", "disable_safe_directory", "disable_telem",
    "dry_run", "env_vars", "exclude", "fail_ci_if_error", "file", "files", "flags", "force",
    "git_service", "gcov_args", "gcov_executable", "gcov_ignore", "gcov_include",
    "handle_no_reports_found", "job_code", "name", "network_filter", "network_prefix", "os",
    "override_branch", "override_build", "override_build_url", "override_commit",
    "override_pr", "plugins", "recurse_submodules", "report_code", "report_type", "root_dir",
    "run_command", "skip_validation", "slug", "swift_project", "token", "url",
    "use_legacy_upload_endpoint", "use_oidc", "use_pypi", "verbose", "version",
    "working-directory",
)  # fmt: skip
OFFLINE_NOTE = "not verified (offline): Codecov upload"


def run(call: ActionCall) -> ActionResult:
    inputs.check_inputs(call, INPUTS)
    result = ActionResult(notes=[OFFLINE_NOTE])
    strict = inputs.boolean(call, "fail_ci_if_error", False)
    base = call.workspace / inputs.text(call, "working-directory", ".")
    reports, problems = _reports(call, base)
    for file in reports:
        try:
            kind = coverage_files.describe(file)
        except coverage_files.InvalidReport as exc:
            problems.append(f"{_shown(file, call.workspace)} is not a valid coverage report: {exc}")
        else:
            result.notes.append(f"codecov: recorded {_shown(file, call.workspace)} ({kind})")
    if not reports and not inputs.boolean(call, "handle_no_reports_found", False):
        problems.append("no coverage report found")
    for problem in problems:
        result.annotations.append(Annotation("error" if strict else "warning", problem))
        call.log(("error: " if strict else "warning: ") + problem)
    if problems and strict:
        result.conclusion = "failure"
    return result


def _reports(call: ActionCall, base: Path) -> tuple[list[Path], list[str]]:
    named = [f.strip() for key in ("files", "file") for f in call.inputs.get(key, "").split(",")]
    named = [f for f in named if f]
    missing = [f"coverage report {f} does not exist" for f in named if not (base / f).is_file()]
    reports = [base / f for f in named if (base / f).is_file()]
    if not inputs.boolean(call, "disable_search", False):
        folder = base / inputs.text(call, "directory", ".")
        excluded = [base / e.strip() for e in inputs.text(call, "exclude").split(",") if e.strip()]
        for found in coverage_files.search(folder) if folder.is_dir() else []:
            if found not in reports and not any(found.is_relative_to(e) for e in excluded):
                reports.append(found)
    return reports, missing


def _shown(file: Path, workspace: Path) -> str:
    return str(file.relative_to(workspace)) if file.is_relative_to(workspace) else str(file)
