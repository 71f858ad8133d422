"""100 MB of step output through `pitstop run` against the same bytes piped to `cat > file`.

Usage: python bench/bench_output.py [--mb 100] [--shape lines|line|both]

Two shapes of output: many lines (`yes` of a 79-character line) and one line with no newline
at all (`tr` of /dev/zero). For each, it times
- the baseline: the generator piped to `cat > FILE`;
- pitstop: `pitstop run` (a separate process) on a one-step workflow running that generator,
  so the bytes go through pitstop's reader, line splitter, masker and job log;
and reports the wall time, the ratio, and pitstop's peak resident memory (`wait4`'s ru_maxrss
of the `pitstop run` process: the maximum over it and the children it waited for). Linear
handling shows as a ratio that does not grow with --mb and a peak that does not grow with it.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _repo import workflow_repo

GENERATORS = {
    "lines": "yes 'a line of step output, the kind a test runner prints by the thousand.....' "
    "| head -c {size}",
    "line": "head -c {size} /dev/zero | tr '\\0' x",
}


def measure(argv: list[str], cwd: Path | None = None) -> tuple[float, int]:
    """Wall seconds and peak RSS (KiB) of one process (and the children it waited for)."""
    started = time.perf_counter()
    process = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{argv[:3]} exited {process.returncode}")
    return elapsed, usage.ru_maxrss


def make_repo(root: Path, command: str) -> Path:
    job = "  out:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n"
    return workflow_repo(root, "out.yml", f"on: push\njobs:\n{job}          {command}\n")


def bench(shape: str, size: int, scratch: Path) -> None:
    command = GENERATORS[shape].format(size=size)
    cat_time, cat_peak = measure(["bash", "-c", f"{command} | cat > {scratch / 'cat.out'}"])
    repo = make_repo(scratch / f"repo-{shape}", command)
    run = [sys.executable, "-m", "pitstop", "run", "-C", str(repo)]
    run += ["--run-dir", str(scratch / f"run-{shape}")]
    pit_time, pit_peak = measure(run)
    log = next((scratch / f"run-{shape}" / "logs").glob("*.log"))
    print(
        f"{size / 1e6:.0f} MB as {shape:5}: cat {cat_time:6.2f} s ({cat_peak / 1024:5.1f} MiB)   "
        f"pitstop {pit_time:6.2f} s = {pit_time / cat_time:5.1f}x  "
        f"peak {pit_peak / 1024:6.1f} MiB   log {log.stat().st_size / 1e6:.0f} MB"
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=int, default=100)
    parser.add_argument("--shape", choices=("lines", "line", "both"), default="both")
    args = parser.parse_args()
    shapes = ("lines", "line") if args.shape == "both" else (args.shape,)
    with tempfile.TemporaryDirectory() as scratch:
        for shape in shapes:
            bench(shape, args.mb * 1_000_000, Path(scratch))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
