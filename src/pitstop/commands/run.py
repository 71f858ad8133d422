"""`pitstop run`: run GitHub Actions workflows locally (`--list` and `--graph` show the plan)."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from pitstop.errors import PitstopError
from pitstop.github import git
from pitstop.github.assignments import parse_inputs, parse_vars
from pitstop.github.git import changed_files, current_branch, push_base
from pitstop.report.graph import render_graph
from pitstop.runner.plan import Plan, make_plan
from pitstop.runner.triggers import Event, not_triggered_note, select_workflows
from pitstop.workflow.loader import load_workflow, load_workflows
from pitstop.workflow.model import Workflow

HELP = "run GitHub Actions workflows locally (--list/--graph show what would run)"

EVENTS = ("push", "pull_request", "workflow_dispatch", "schedule")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("workflows", nargs="*", metavar="WORKFLOW_FILE", type=Path)
    parser.add_argument(
        "-j",
        "--job",
        action="append",
        default=[],
        dest="jobs_selected",
        metavar="JOB",
        help="run this job and the jobs it needs",
    )
    parser.add_argument(
        "--event",
        choices=EVENTS,
        default="push",
        help="the event that triggers the workflows (default: push)",
    )
    parser.add_argument("--event-file", type=Path, metavar="PAYLOAD_JSON")
    parser.add_argument("--input", action="append", default=[], metavar="K=V")
    parser.add_argument("--matrix", action="append", default=[], metavar="K=V")
    parser.add_argument("--secret", action="append", default=[], metavar="K=V")
    parser.add_argument(
        "--secret-file",
        action="append",
        default=[],
        type=Path,
        metavar="FILE",
        help="secrets in dotenv format (repeatable)",
    )
    parser.add_argument("--var", action="append", default=[], metavar="K=V")
    parser.add_argument(
        "--jobs",
        type=int,
        default=os.cpu_count() or 1,
        metavar="N",
        help="run at most N jobs at once",
    )
    parser.add_argument(
        "--fail-fast",
        action="store_true",
        help="after a job fails, start no new job (like pytest -x); the jobs not started are "
        "reported 'not run (stopped early)'. Default: every job GitHub would run, runs",
    )
    parser.add_argument(
        "--keep-going",
        action="store_true",
        help="accepted for compatibility; does nothing (running every job is the default)",
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="print what would run, in stages, and exit"
    )
    parser.add_argument("--json", metavar="PATH|-", help="write the result as JSON (- = stdout)")
    parser.add_argument("--run-dir", type=Path, metavar="DIR", help="where workspaces and logs go")
    parser.add_argument(
        "--committed", action="store_true", help="run on HEAD, not on the working tree"
    )
    parser.add_argument(
        "--allow-unverified",
        action="store_true",
        help="exit 0 when the only steps not green are [network] steps that could not be "
        "verified offline (they are still reported)",
    )
    parser.add_argument(
        "--service-version-mismatch",
        choices=("error", "warn"),
        default="error",
        help="when no server of a service's major version is installed: fail (default), "
        "or use the nearest version with a warning in the summary",
    )
    parser.add_argument(
        "--skip-unsupported",
        action="store_true",
        help="mark jobs pitstop cannot run natively as skipped instead of failed",
    )
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="show ::debug:: lines and plain output"
    )
    parser.add_argument("--ref", help="the git ref the event is for (default: the current branch)")
    parser.add_argument("--base-ref", help="the base branch of a pull_request (default: main)")
    parser.add_argument(
        "--changed",
        action="append",
        metavar="PATH",
        help="a changed file, for paths filters (default: the files changed relative to "
        "the pull request's base, or for a push to the upstream branch, else HEAD~1)",
    )
    parser.add_argument(
        "-C",
        "--directory",
        type=Path,
        default=Path(),
        metavar="DIR",
        help="the repository (default: the current directory)",
    )
    shown = parser.add_mutually_exclusive_group()
    shown.add_argument("--list", action="store_true", help="list the job cells and exit")
    shown.add_argument("--graph", action="store_true", help="print the needs graph in stages")


def run(args: argparse.Namespace) -> int:
    if not (args.list or args.graph):
        return execute(args)
    plan = build_plan(args)
    text = render_graph(plan) if args.graph else None
    if text is not None:
        print(text)
    else:
        print_list(plan, sys.stdout.isatty())
    return 0


def execute(args: argparse.Namespace) -> int:
    """Run the selected workflows; the exit code is the run's (0, 1, or 130 on Ctrl-C)."""
    from pitstop.commands.run_session import run_session

    with git.memoised(args.directory):
        return run_session(args, build_plan(args))


def current_ref(directory: Path) -> str | None:
    """The checked-out branch as refs/heads/NAME (None outside git or on a detached HEAD)."""
    branch = current_branch(directory)
    return f"refs/heads/{branch}" if branch else None


def event_from(args: argparse.Namespace, workflows: Sequence[Workflow] = ()) -> Event:
    ref = args.ref or current_ref(args.directory)
    if ref is not None and not ref.startswith("refs/"):
        ref = f"refs/heads/{ref}"
    changed = changed_files_for(args, workflows)
    base = args.base_ref or "main"
    if args.event == "pull_request":
        return Event("pull_request", ref=ref, base_ref=base, changed_files=changed)
    return Event(args.event, ref=ref, changed_files=changed)


def changed_files_for(
    args: argparse.Namespace, workflows: Sequence[Workflow]
) -> tuple[str, ...] | None:
    """The files `paths` filters are matched against; None when they cannot be known.

    Computed only when a workflow has a `paths` filter. None makes the filters match, so a
    workflow is never silently left out for lack of a base.
    """
    if args.changed:
        return tuple(args.changed)
    filters = (f for w in workflows for f in w.on.events.values())
    if not any(f.paths is not None or f.paths_ignore is not None for f in filters):
        return None
    if args.event == "pull_request":
        base: str | None = args.base_ref or "main"
    elif args.event == "push":
        base = push_base(args.directory)
    else:
        return None
    if base is None:
        return None
    try:
        return tuple(changed_files(args.directory, base))
    except PitstopError:
        return None


def selected_workflows(args: argparse.Namespace) -> list[Workflow]:
    root: Path = args.directory
    if args.workflows:
        named = [load_workflow(path, root) for path in args.workflows]
        event = event_from(args, named)
        for workflow in named:
            note = not_triggered_note(workflow, event)
            if note is not None:
                print(f"note: {note}", file=sys.stderr)
        return named
    every = load_workflows(root)
    if not every:
        raise PitstopError(
            f"no workflows in {root / '.github' / 'workflows'}",
            hint="run pitstop in a repository with .github/workflows/*.yml, or pass a file",
        )
    chosen = select_workflows(every, event_from(args, every))
    if not chosen:
        raise PitstopError(
            f"no workflow is triggered by {args.event!r}",
            hint="pick another --event, or pass the workflow file",
        )
    return chosen


def build_plan(args: argparse.Namespace) -> Plan:
    workflows = selected_workflows(args)
    event = event_from(args)
    github = {"event_name": args.event, "ref": event.ref or "", "event": {}}
    contexts = {
        "github": github,
        "inputs": parse_inputs(args.input),
        "vars": parse_vars(args.var),
        "needs": {},
    }
    return make_plan(workflows, contexts, args.jobs_selected, str(args.directory))


def list_rows(plan: Plan) -> list[tuple[str, str, str, str, str]]:
    by_path = {workflow.path: workflow for workflow in plan.workflows}
    rows = []
    for cell in plan.cells:
        events = ", ".join(by_path[cell.workflow].on.names())
        name = cell.display_name + (" (matrix expanded at run time)" if cell.deferred else "")
        rows.append(
            (by_path[cell.workflow].file_name, cell.job, name, ", ".join(cell.needs), events)
        )
    return rows


HEADERS = ("workflow", "job", "name", "needs", "events")


def print_list(plan: Plan, tty: bool) -> None:
    rows = list_rows(plan)
    if tty:
        from rich.console import Console
        from rich.table import Table

        table = Table(*HEADERS)
        for row in rows:
            table.add_row(*row)
        Console().print(table)
        return
    widths = [max(len(h), *(len(row[i]) for row in rows)) for i, h in enumerate(HEADERS)]
    for row in (HEADERS, *rows):
        print(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        )
