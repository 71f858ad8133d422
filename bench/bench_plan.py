"""Parse, expand and list 50 workflows with 1,000 matrix cells in total; budget: 1 s.

Run: .venv/bin/python bench/bench_plan.py
Prints the time in-process and through `python -m pitstop run --list`, and the ratio of each
to the 1 s budget (a ratio below 1.0 is within budget).
"""

from __future__ import annotations

import io
import os
import resource
import subprocess
import sys
import tempfile
import time
from contextlib import redirect_stdout
from pathlib import Path

from pitstop.commands.run import HEADERS, list_rows, print_list
from pitstop.runner.plan import make_plan
from pitstop.workflow import load_workflows

WORKFLOWS = 50
BUDGET_S = 1.0

WORKFLOW = """\
name: Workflow {n}
on:
  push:
    branches: [main, 'releases/**']
  pull_request:
env:
  LEVEL: info
permissions:
  contents: read
jobs:
  lint:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: ruff check .
  test:
    needs: lint
    name: test ${{{{ matrix.python }}}} on ${{{{ matrix.os }}}}
    runs-on: ${{{{ matrix.os }}}}
    strategy:
      fail-fast: false
      matrix:
        os: [ubuntu-latest, macos-latest, windows-latest]
        python: ['3.10', '3.11', '3.12', '3.13']
        db: [postgres, sqlite]
        exclude:
          - os: windows-latest
            db: postgres
          - os: macos-latest
            python: '3.10'
        include:
          - os: ubuntu-latest
            python: '3.13'
            experimental: true
    services:
      db:
        image: postgres:16
        env:
          POSTGRES_PASSWORD: postgres
        ports: ['5432:5432']
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: ${{{{ matrix.python }}}}
      - id: tests
        if: ${{{{ success() && matrix.db == 'postgres' }}}}
        run: |
          pip install -e .
          pytest -q
  deploy:
    needs: [test]
    if: github.ref == 'refs/heads/main'
    runs-on: ubuntu-latest
    steps:
      - run: echo deploy
"""
# lint (1) + test (3 * 4 * 2 = 24, minus 4 + 2 excluded = 18 cells; the include extends two
# of them) + deploy (1) = 20 cells per file: 1,000 in total.


def write_workflows(root: Path) -> None:
    directory = root / ".github" / "workflows"
    directory.mkdir(parents=True)
    for n in range(WORKFLOWS):
        text = WORKFLOW.format(n=n)
        (directory / f"wf{n:02}.yml").write_text(text, encoding="utf-8")


def in_process(root: Path) -> tuple[float, float, int]:
    """Wall and CPU seconds to load, expand and list in this process."""
    start, cpu = time.perf_counter(), time.process_time()
    plan = make_plan(load_workflows(root), {"github": {"ref": "refs/heads/main"}})
    with redirect_stdout(io.StringIO()):
        print_list(plan, tty=False)
    rows = list_rows(plan)
    return time.perf_counter() - start, time.process_time() - cpu, len(rows)


def via_cli(root: Path) -> tuple[float, float, int]:
    """Wall and CPU seconds of `python -m pitstop run --list` (interpreter start included)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "pitstop", "run", "--list", "--ref", "main", "-C", str(root)],
        capture_output=True,
        text=True,
        check=True,
    )
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu, len(done.stdout.splitlines()) - 1


def main() -> int:
    with tempfile.TemporaryDirectory() as directory:
        root = Path(directory)
        write_workflows(root)
        inner, inner_cpu, cells = in_process(root)
        outer, outer_cpu, listed = via_cli(root)
    assert len(HEADERS) == 5
    load = os.getloadavg()[0]
    print(f"{WORKFLOWS} workflows, {cells} job cells ({listed} listed by the CLI)")
    print(f"machine: {os.cpu_count()} CPUs, load average {load:.1f}")
    for label, wall, cpu in (
        ("in-process parse+expand+list", inner, inner_cpu),
        ("python -m pitstop run --list", outer, outer_cpu),
    ):
        print(
            f"{label}: wall {wall:.3f} s (ratio to 1 s budget {wall / BUDGET_S:.2f}), "
            f"cpu {cpu:.3f} s (ratio {cpu / BUDGET_S:.2f})"
        )
    return 0 if max(inner, outer) < BUDGET_S else 1


if __name__ == "__main__":
    raise SystemExit(main())
