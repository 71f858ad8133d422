"""`pitstop run` beyond the plan: settings, run directory, observer, summary, JSON, exit code."""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from collections.abc import Mapping
from pathlib import Path

import platformdirs

from pitstop.actions.base import Stores
from pitstop.errors import PitstopError
from pitstop.report import json_result, summary
from pitstop.report.plain import PlainObserver
from pitstop.runner.concurrency import ConcurrencyGroups
from pitstop.runner.execute import run_plan, selected_cells
from pitstop.runner.masking import Masker
from pitstop.runner.observer import Observer
from pitstop.runner.plan import Plan
from pitstop.runner.run_contexts import github_context, runner_context
from pitstop.runner.run_state import RunResult
from pitstop.runner.secrets import ENV_PREFIX, load_secrets, parse_inputs, parse_vars
from pitstop.runner.settings import RunSettings


def run_session(args: argparse.Namespace, plan: Plan) -> int:
    plan = selected_cells(plan, _pairs(args.matrix, "--matrix"))
    if args.dry_run:
        from pitstop.commands.run import render_graph

        print(render_graph(plan))
        return 0
    run_id = str(int(time.time() * 1000))
    run_dir = (args.run_dir or _cache() / "runs" / run_id).resolve()
    run_dir.mkdir(parents=True, exist_ok=True)
    secrets = load_secrets(args.secret, args.secret_file, os.environ)
    masker = Masker(secrets.values())
    tty = sys.stdout.isatty() and args.json != "-" and not args.verbose
    observer: Observer
    if tty:
        from pitstop.report.live import LiveObserver

        observer = LiveObserver()
    else:
        observer = PlainObserver(sys.stderr if args.json == "-" else sys.stdout)
    settings = _settings(args, run_dir, run_id, secrets, masker, observer)
    result = _run(plan, settings, args, observer)
    _report(result, masker, args, tty)
    return result.exit_code


def _run(
    plan: Plan, settings: RunSettings, args: argparse.Namespace, observer: Observer
) -> RunResult:
    jobs = max(1, args.jobs)
    if hasattr(observer, "__enter__"):
        with observer:  # type: ignore[attr-defined]
            return run_plan(plan, settings, jobs, args.keep_going)
    return run_plan(plan, settings, jobs, args.keep_going)


def _report(result: RunResult, masker: Masker, args: argparse.Namespace, tty: bool) -> None:
    out = sys.stderr if args.json == "-" else sys.stdout
    if tty:
        summary.print_rich(result, masker)
    else:
        summary.print_plain(result, masker, lambda line: print(line, file=out))
    if args.json:
        text = json_result.write(result, masker, args.json)
        if text is not None:
            sys.stdout.write(text)
    if result.cancelled:
        print("pitstop: interrupted", file=sys.stderr)


def _settings(
    args: argparse.Namespace,
    run_dir: Path,
    run_id: str,
    secrets: Mapping[str, str],
    masker: Masker,
    observer: Observer,
) -> RunSettings:
    repo = args.directory.resolve()
    cache = _cache()
    payload = _payload(args.event_file)
    github = github_context(repo, args.event, payload, run_id=run_id, run_dir=run_dir)
    runner = runner_context(run_dir, cache / "tool_cache")
    return RunSettings(
        run_dir=run_dir,
        repo=repo,
        materialise=lambda dest: _materialise(repo, dest, args.committed),
        github=github,
        runner=runner,
        secrets=secrets,
        vars=parse_vars(args.var),
        inputs=parse_inputs(args.input),
        masker=masker,
        stores=Stores(cache / "cache", run_dir / "artifacts", cache / "tool_cache"),
        observer=observer,
        groups=ConcurrencyGroups(Path(platformdirs.user_state_dir("pitstop")) / "concurrency"),
        base_env={k: v for k, v in os.environ.items() if not k.startswith(ENV_PREFIX)},
        verbose=args.verbose,
        skip_unsupported=args.skip_unsupported,
    )


def _materialise(repo: Path, dest: Path, committed: bool) -> None:
    import subprocess

    dest.mkdir(parents=True, exist_ok=True)
    if committed:
        archive = subprocess.run(
            ["git", "archive", "HEAD"], cwd=repo, capture_output=True, check=True
        )
        subprocess.run(["tar", "-x", "-C", str(dest)], input=archive.stdout, check=True)
        return
    listed = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard", "-z"],
        cwd=repo,
        capture_output=True,
        check=True,
    ).stdout.split(b"\0")
    import shutil

    for raw in listed:
        if not raw:
            continue
        rel = raw.decode()
        src = repo / rel
        if not src.exists():
            continue
        (dest / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, dest / rel)


def _payload(path: Path | None) -> dict[str, object]:
    if path is None:
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise PitstopError(
            f"cannot read the event payload {path}: {exc}",
            hint="--event-file takes a JSON file like GitHub's webhook payload",
        ) from None
    if not isinstance(data, dict):
        raise PitstopError(f"the event payload {path} is not a JSON object")
    return data


def _pairs(pairs: list[str], option: str) -> dict[str, str]:
    from pitstop.commands.run import parse_pairs

    return parse_pairs(pairs, option)


def _cache() -> Path:
    return Path(platformdirs.user_cache_dir("pitstop"))


__all__ = ["platform", "run_session"]
