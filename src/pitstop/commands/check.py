"""`pitstop check [PATH]`: validate the workflows and dependabot.yml; exit 1 on any finding.

Checks: the JSON schemas, pitstop's own model, SHA pinning, zizmor (offline), actionlint
(its wheel is a dependency), and drift from what `pitstop init` would write. The same problem
found by several checks at one line is one finding naming every source (checks/overlap.py).
A check that cannot run is reported as "not checked", never as passed.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from types import ModuleType

from pitstop.checks import actionlint, drift, model, overlap, pinning, schema, zizmor
from pitstop.checks.base import Inputs, Result
from pitstop.errors import PitstopError

HELP = "validate the workflows and dependabot.yml (schema, model, zizmor, actionlint, drift)"

CHECKS: dict[str, ModuleType] = {
    "schema": schema,
    "model": model,
    "pinning": pinning,
    "zizmor": zizmor,
    "actionlint": actionlint,
    "drift": drift,
}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", nargs="?", default=".", help="the project (default: .)")


def inputs(root: Path) -> Inputs:
    folder = root / ".github" / "workflows"
    workflows = sorted(
        p.relative_to(root).as_posix() for p in [*folder.glob("*.yml"), *folder.glob("*.yaml")]
    )
    dependabot = next(
        (
            f".github/{n}"
            for n in ("dependabot.yml", "dependabot.yaml")
            if (root / ".github" / n).is_file()
        ),
        None,
    )
    return Inputs(root, tuple(workflows), dependabot)


def run(args: argparse.Namespace) -> int:
    root = Path(args.path).resolve()
    if not root.is_dir():
        raise PitstopError(f"{root} is not a directory", hint="pass the project's folder")
    found = inputs(root)
    if not found.all_files:
        raise PitstopError(
            f"no workflows in {root / '.github' / 'workflows'}", hint="run `pitstop init` first"
        )
    results = [module.run(found) for module in CHECKS.values()]
    return report(results)


def report(results: list[Result]) -> int:
    found = [finding for result in results for finding in result.findings]
    problems = overlap.merge(found)
    for finding in problems:
        print(finding)
    print()
    for result in results:
        if result.not_checked:
            print(f"{result.check:<11} not checked: {result.not_checked}")
        else:
            count = len(result.findings)
            verdict = "ok" if count == 0 else f"{count} finding(s)"
            print(f"{result.check:<11} {verdict} ({result.files} file(s))")
    merged = len(found) - len(problems)
    also = f" ({merged} duplicate(s) merged)" if merged else ""
    print(f"\n{len(problems)} finding(s){also}")
    return 1 if problems else 0
