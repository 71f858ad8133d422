"""`pitstop run` beyond the plan: settings, run directory, observer, summary, JSON, exit code."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
from collections.abc import Mapping
from pathlib import Path

import platformdirs

from pitstop import crashlog
from pitstop.actions import cache_store
from pitstop.actions.base import Stores
from pitstop.errors import PitstopError
from pitstop.github.assignments import MATRIX_KEY, parse_assignments, parse_inputs, parse_vars
from pitstop.report import json_result, summary
from pitstop.report.graph import render_graph
from pitstop.report.html import run_page
from pitstop.report.html.graph import Needs, plan_needs
from pitstop.report.plain import PlainObserver
from pitstop.runner import (
    containment,
    job_home,
    pre_commit_seed,
    remotes,
    run_folders,
    scrub,
    venv_store,
)
from pitstop.runner.concurrency import ConcurrencyGroups
from pitstop.runner.contexts import (
    RunIds,
    github_context,
    load_event_file,
    next_run_ids,
    runner_context,
)
from pitstop.runner.execute import selected_cells
from pitstop.runner.home_pool import HomePool
from pitstop.runner.host_env import host_environment
from pitstop.runner.masking import Masker
from pitstop.runner.observer import Observer
from pitstop.runner.plan import Plan
from pitstop.runner.run import run_plan
from pitstop.runner.run_state import RunResult
from pitstop.runner.secrets import load_secrets
from pitstop.runner.settings import RunSettings
from pitstop.runner.snapshot import Snapshot

HOMES = "homes"  # in the run dir: job homes waiting for their next job (runner/home_pool.py)


def run_session(args: argparse.Namespace, plan: Plan) -> int:
    plan = selected_cells(plan, parse_assignments(args.matrix, "--matrix", rule=MATRIX_KEY))
    if args.dry_run:
        print(render_graph(plan))
        return 0
    keep = None if args.run_dir else run_folders.keep_count(os.environ)
    run_dir = (args.run_dir or _cache() / "runs" / _run_id()).resolve()
    run_dir.mkdir(parents=True, exist_ok=True)
    with run_folders.in_use(run_dir):
        pruner = run_folders.pruning(run_dir.parent, run_dir, keep)  # beside the jobs
        code = _session(args, plan, run_dir)
        if pruner is not None:
            pruner.finish()
        return code


def _session(args: argparse.Namespace, plan: Plan, run_dir: Path) -> int:
    secrets = load_secrets(args.secret, args.secret_file, os.environ)
    masker = Masker(secrets.values())
    tty = sys.stdout.isatty() and args.json != "-" and not args.verbose
    observer: Observer
    if tty:
        from pitstop.report.live import LiveObserver

        observer = LiveObserver()
    else:
        stream = sys.stderr if args.json == "-" else sys.stdout
        observer = PlainObserver(stream, notes=args.verbose)
    crashlog.register(masker.mask)
    settings = _settings(args, plan, run_dir, secrets, masker, observer)
    started = time.time()
    try:
        with containment.swept_on_exit(run_dir / "sweeper.log"):
            result = _run(plan, settings, args, observer)
        result.allow_unverified = args.allow_unverified
        result.pushes = remotes.pushes(run_dir / "remotes")
    except Exception as exc:  # pitstop's own fault: leave no secret, and say what happened
        _after_crash(exc, run_dir, started, masker, args)
        raise
    finally:
        shutil.rmtree(run_dir / "snapshot", ignore_errors=True)  # each job has its own copy
        shutil.rmtree(run_dir / HOMES, ignore_errors=True)  # homes no job holds any more
    _report(result, masker, args, tty, plan_needs(plan))
    return result.exit_code


def _after_crash(
    exc: Exception, run_dir: Path, started: float, masker: Masker, args: argparse.Namespace
) -> None:
    """Scrub what the run wrote and write the (partial) JSON report with the cause."""
    scrub.scrub_tree(masker, run_dir, started)
    if args.json and args.json != "-":
        partial = RunResult(run_dir, error=f"internal error: {type(exc).__name__}: {exc}")
        json_result.write(partial, masker, args.json)


def _run(
    plan: Plan, settings: RunSettings, args: argparse.Namespace, observer: Observer
) -> RunResult:
    jobs = max(1, args.jobs)
    if hasattr(observer, "__enter__"):
        with observer:  # type: ignore[attr-defined]
            return run_plan(plan, settings, jobs, args.fail_fast)
    return run_plan(plan, settings, jobs, args.fail_fast)


def _report(
    result: RunResult, masker: Masker, args: argparse.Namespace, tty: bool, needs: Needs
) -> None:
    out = sys.stderr if args.json == "-" else sys.stdout
    text, unwritten = None, None
    try:  # first, so that a fault in the summary still leaves the report
        text = json_result.write(result, masker, args.json, needs) if args.json else None
    except OSError as exc:
        unwritten = PitstopError(
            f"cannot write the JSON report to {args.json}: {exc.strerror or exc}",
            hint="free some space or pass another --json path; the summary above is complete",
        )
    if tty:
        summary.print_rich(result, masker)
    else:
        summary.print_plain(result, masker, lambda line: print(line, file=out))
    if text is not None:
        sys.stdout.write(text)
    print(f"report: {_write_report(result, masker, needs)}", file=out)
    if result.cancelled:
        print("pitstop: interrupted", file=sys.stderr)
    if unwritten is not None:
        raise unwritten


def _write_report(result: RunResult, masker: Masker, needs: Needs) -> str:
    """`run.json` and `report.html` in the run directory (`pitstop report` rewrites the page)."""
    try:
        json_result.write(result, masker, str(result.run_dir / "run.json"), needs)
        return str(run_page.write(result, needs, masker.mask))
    except OSError as exc:
        return f"not written ({exc})"


def _settings(
    args: argparse.Namespace,
    plan: Plan,
    run_dir: Path,
    secrets: Mapping[str, str],
    masker: Masker,
    observer: Observer,
) -> RunSettings:
    repo = args.directory.resolve()
    cache = _cache()
    job_home.create_shared(cache)
    inputs = parse_inputs(args.input)
    github = _github(args, plan, repo, run_dir, inputs)
    return RunSettings(
        run_dir=run_dir,
        repo=repo,
        materialise=Snapshot(
            repo, run_dir / "snapshot", args.committed, run_dir / "remotes"
        ).materialise,
        github=github,
        runner=runner_context(run_dir / "tmp", cache / "tool_cache"),
        secrets=secrets,
        vars=parse_vars(args.var),
        inputs=inputs,
        masker=masker,
        stores=Stores(
            cache_store.for_repository(cache, repo, os.environ),
            run_dir / "artifacts",
            cache / "tool_cache",
            _venvs(cache),
        ),
        observer=observer,
        groups=ConcurrencyGroups(_state() / "concurrency", scope=str(repo)),
        base_env=host_environment(os.environ),
        package_caches=cache,  # ~/.cache/pitstop/{pip,uv,...}: the settings probe's uv too
        user_pre_commit=pre_commit_seed.user_store(os.environ),
        homes=HomePool(run_dir / HOMES, cache),
        verbose=args.verbose,
        skip_unsupported=args.skip_unsupported,
        service_version_mismatch=args.service_version_mismatch,
        run_numbers={w.path: next_run_ids(_state(), w.path).run_number for w in plan.workflows},
    )


def _github(
    args: argparse.Namespace,
    plan: Plan,
    repo: Path,
    run_dir: Path,
    inputs: Mapping[str, str],
) -> dict[str, object]:
    event = None if args.event_file is None else load_event_file(args.event_file)
    run_ids = RunIds(run_dir.name if args.run_dir is None else _run_id(), "1")
    github = github_context(
        repo,
        event_name=args.event,
        workspace=repo,
        run_ids=run_ids,
        event=event,
        base_ref=args.base_ref,
        inputs=inputs,
    )
    event_path = run_dir / "event.json"
    event_path.write_text(json.dumps(github["event"], indent=2), encoding="utf-8")
    github["event_path"] = str(event_path)
    return github


def _run_id() -> str:
    return str(time.time_ns() // 1_000_000)


def _state() -> Path:
    return Path(platformdirs.user_state_dir("pitstop"))


def _venvs(cache: Path) -> Path | None:
    """The store of built environments (pitstop.runner.venv_store); PITSTOP_VENV_STORE=off
    turns reuse off (every pinned install then starts from an empty venv)."""
    return cache / "venvs" if venv_store.enabled(os.environ) else None


def _cache() -> Path:
    return Path(platformdirs.user_cache_dir("pitstop"))
