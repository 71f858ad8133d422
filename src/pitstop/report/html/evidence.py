"""What a job left behind that a person wants to see: test results, coverage, findings.

Looked for in the job's workspace (`<run dir>/jobs/<job>/workspace`, where the job wrote
them; uploaded artifacts are copies of such files and are listed, not read): every `*.xml`
whose root is `<testsuites>` or `<testsuite>` (JUnit) or `<coverage line-rate=...>`
(coverage XML), and every `*.sarif` / `*.sarif.json`. Virtualenvs, `.git`, `node_modules`
and caches are not searched, nor files over 20 MB.
"""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pitstop.report.html import coverage, junit, sarif

SKIP = {
    ".git", ".venv", "venv", "env", "node_modules", "__pycache__", "site-packages",
    ".tox", ".nox", ".mypy_cache", ".ruff_cache", ".pytest_cache", "staticfiles",
}  # fmt: skip
MAX_BYTES = 20_000_000
MAX_FILES = 20_000


@dataclass(frozen=True)
class Evidence:
    tests: tuple[junit.TestReport, ...] = ()
    coverage: tuple[coverage.CoverageReport, ...] = ()
    findings: tuple[sarif.Finding, ...] = ()


@dataclass(frozen=True)
class Artifact:
    name: str
    files: int
    size: int


def candidates(root: Path) -> Iterator[Path]:
    """The XML and SARIF files under `root`, in a stable order, skipping the noise."""
    seen = 0
    for directory, names, files in os.walk(root):
        names[:] = sorted(name for name in names if name not in SKIP)
        for name in sorted(files):
            seen += 1
            if seen > MAX_FILES:
                return
            if name.endswith((".xml", ".sarif", ".sarif.json")):
                yield Path(directory) / name


def collect(root: Path, log_text: str, floor_from: Path) -> Evidence:
    tests: list[junit.TestReport] = []
    covered: list[coverage.CoverageReport] = []
    findings: list[sarif.Finding] = []
    for path in candidates(root) if root.is_dir() else ():
        shown = str(path.relative_to(root))
        if path.stat().st_size > MAX_BYTES:
            continue
        if path.name.endswith((".sarif", ".sarif.json")):
            findings.extend(sarif.read(path))
            continue
        element = _root(path)
        if element is None:
            continue
        if junit.is_junit(element):
            tests.append(junit.parse(element, shown))
        elif coverage.is_coverage(element):
            floor = coverage.floor(floor_from, log_text)
            covered.append(coverage.parse(element, shown, floor))
    return Evidence(tuple(tests), tuple(covered), tuple(findings))


def _root(path: Path) -> ET.Element | None:
    try:
        return ET.parse(path).getroot()
    except (ET.ParseError, OSError, ValueError):
        return None


def artifacts(run_dir: Path) -> list[Artifact]:
    """The run's uploaded artifacts: name, number of files, total size in bytes."""
    store = run_dir / "artifacts"
    if not store.is_dir():
        return []
    found = []
    for entry in sorted(store.iterdir()):
        if entry.name.startswith("."):
            continue  # the store's own bookkeeping
        files = [p for p in entry.rglob("*") if p.is_file()] if entry.is_dir() else [entry]
        found.append(Artifact(entry.name, len(files), sum(p.stat().st_size for p in files)))
    return found
