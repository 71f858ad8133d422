"""`pitstop prove`: break the project on purpose and show that every gate turns red."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import platformdirs

from pitstop.prove.campaign import prove
from pitstop.prove.defects import DEFECTS
from pitstop.prove.invoke import Children
from pitstop.report.html import prove_page
from pitstop.report.prove_report import conclusion, print_report, write_json

HELP = "inject each kind of defect into a copy of the project and check every gate turns red"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", nargs="?", type=Path, default=Path(), metavar="PATH")
    names = ", ".join(defect.name for defect in DEFECTS)
    parser.add_argument(
        "--only", nargs="+", default=[], metavar="DEFECT", help=f"only these defects: {names}"
    )
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, metavar="N")
    parser.add_argument("--json", metavar="PATH|-", help="write the result as JSON")
    parser.add_argument(
        "--work-dir", type=Path, help="where the copies go (default: a temporary folder)"
    )
    parser.add_argument(
        "--allow-unverified",
        action="store_true",
        help="exit 0 when no gate missed although some could not be checked here (offline)",
    )
    parser.add_argument(
        "--report",
        type=Path,
        metavar="HTML",
        help="where report.html goes (default: a new folder under pitstop's cache)",
    )


def run(args: argparse.Namespace) -> int:
    children = Children()
    log = sys.stderr if args.json == "-" else sys.stdout

    def progress(line: str) -> None:
        print(f"[prove] {line}", file=log, flush=True)

    with tempfile.TemporaryDirectory(prefix="work-", dir=_scratch_parent()) as scratch:
        work = args.work_dir or Path(scratch)
        try:
            proof = prove(
                args.path,
                work,
                only=args.only,
                parallel=args.jobs,
                children=children,
                progress=progress,
                keep=args.work_dir is not None,
            )
        except BaseException:
            children.stop_all()
            raise
    print_report(proof, sys.stderr if args.json == "-" else sys.stdout)
    if args.json:
        write_json(proof, args.json)
    page = prove_page.write(proof, args.report or _default_report())
    print(f"report: {page}", file=log)
    verdict = conclusion(proof)
    return 0 if verdict == "proven" or (verdict == "unverified" and args.allow_unverified) else 1


def _scratch_parent() -> Path:
    """Where the default work folder goes: beside pitstop's run folders and its store of built
    venvs, so that a copy's venvs are hard links to the store (and spares are renamed in and
    out), which cannot cross file systems. /tmp is often another one (a tmpfs)."""
    parent = Path(platformdirs.user_cache_dir("pitstop")) / "prove"
    parent.mkdir(parents=True, exist_ok=True)
    return parent


def _default_report() -> Path:
    stamp = time.strftime("%Y%m%dT%H%M%S")
    return Path(platformdirs.user_cache_dir("pitstop")) / "prove" / stamp / "report.html"
