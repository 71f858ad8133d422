"""`pitstop report [RUN_DIR]`: (re)write a run's `report.html` from its `run.json` and logs."""

from __future__ import annotations

import argparse
import json
import webbrowser
from pathlib import Path

import platformdirs

from pitstop.errors import PitstopError
from pitstop.report import json_result
from pitstop.report.html import run_page

HELP = "write a run's report.html (default: the latest run) and print its path"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "run_dir",
        nargs="?",
        type=Path,
        metavar="RUN_DIR",
        help="the run directory (default: the latest run in pitstop's cache)",
    )
    parser.add_argument("--open", action="store_true", help="open the report in a browser")


def run(args: argparse.Namespace) -> int:
    run_dir = (args.run_dir or latest_run()).resolve()
    document = _document(run_dir / "run.json")
    result = json_result.from_document(document)
    result.run_dir = run_dir  # the directory may have moved since the run
    for job in result.jobs:
        if job.log_path is not None:
            job.log_path = run_dir / "logs" / job.log_path.name
    # Logs and run.json were masked when the run wrote them; nothing secret is known here.
    path = run_page.write(result, json_result.needs_of(document), lambda text: text)
    print(path)
    if args.open:
        webbrowser.open(path.as_uri())
    return 0


def latest_run() -> Path:
    runs = Path(platformdirs.user_cache_dir("pitstop")) / "runs"
    done = sorted(
        (d for d in runs.iterdir() if (d / "run.json").is_file()) if runs.is_dir() else (),
        key=lambda d: (d / "run.json").stat().st_mtime,
    )
    if not done:
        raise PitstopError(f"no finished run in {runs}", hint="pass the run directory")
    return done[-1]


def _document(path: Path) -> dict[str, object]:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except OSError:
        raise PitstopError(
            f"{path}: no run result here",
            hint="pass a directory `pitstop run` wrote (it prints `report: .../report.html`)",
        ) from None
    except ValueError as exc:
        raise PitstopError(f"{path}: not a run result ({exc})") from None
    if not isinstance(document, dict):
        raise PitstopError(f"{path}: not a run result (expected a JSON object)")
    return document
