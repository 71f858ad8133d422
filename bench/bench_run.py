"""pitstop's own overhead per job, and 100 `echo` jobs, against plain bash (one run, side by side).

Usage: python bench/bench_run.py [--jobs-count 100] [--parallel 2]

It builds a temporary git repository with a workflow of N independent jobs, each one `run:`
step `echo`, and times:
- plain bash: the same N scripts run by `bash -e` (N processes), with the same parallelism;
- pitstop: `pitstop run` in-process (so Python's start-up is not counted) on that workflow,
  and on a workflow of 1 job, to get the per-job cost (T(N) - T(1)) / (N - 1);
- pitstop's own CPU time (its process, every thread, not the steps' processes) per job,
  which does not depend on how loaded the machine is, and the extra worker wall time per
  job, (T_pitstop - T_bash) x workers / N, which does.
It prints the times and the ratios. The issue's targets: under 50 ms of overhead per job, and
100 jobs in under 5 s on 2 cores.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from pitstop import cli

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _repo import workflow_repo


def make_repo(root: Path, count: int) -> Path:
    jobs = "".join(
        f"  job{i}:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo hello {i}\n"
        for i in range(count)
    )
    return workflow_repo(root, "bench.yml", f"on: push\njobs:\n{jobs}")


def time_bash(count: int, parallel: int, scripts: Path) -> float:
    scripts.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        path = scripts / f"s{i}.sh"
        path.write_text(f"echo hello {i}\n")
        paths.append(path)
    started = time.perf_counter()
    with ThreadPoolExecutor(parallel) as pool:
        list(
            pool.map(
                lambda p: subprocess.run(["bash", "-e", str(p)], capture_output=True, check=True),
                paths,
            )
        )
    return time.perf_counter() - started


def time_pitstop(repo: Path, run_dir: Path, parallel: int) -> tuple[float, float]:
    """Wall time, and pitstop's own CPU time (this process, all threads; not its children)."""
    argv = ["run", "-C", str(repo), "--run-dir", str(run_dir), "--jobs", str(parallel)]
    started, cpu = time.perf_counter(), time.process_time()
    with contextlib.redirect_stdout(io.StringIO()):
        code = cli.main(argv)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    if code != 0:
        raise SystemExit(f"pitstop run failed with {code}")
    return elapsed, cpu


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--jobs-count", type=int, default=100)
    parser.add_argument("--parallel", type=int, default=2)
    args = parser.parse_args()
    n, parallel = args.jobs_count, args.parallel
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        big = make_repo(base / "big", n)
        one = make_repo(base / "one", 1)
        time_pitstop(one, base / "warm", parallel)  # imports and caches, not measured
        bash = time_bash(n, parallel, base / "scripts")
        t_one, _ = time_pitstop(one, base / "run-one", parallel)
        t_big, cpu_big = time_pitstop(big, base / "run-big", parallel)
    per_job = (t_big - t_one) / (n - 1)
    bash_per_job = bash / n
    # The worker time one job costs beyond its bash script: (pitstop - bash) x workers / jobs.
    overhead = max(0.0, t_big - bash) * parallel / n
    load = os.getloadavg()[0]
    print(f"{n} echo jobs, {parallel} at a time, load average {load:.1f} on {os.cpu_count()} CPUs")
    print(f"  plain bash          {bash:8.3f} s  ({bash_per_job * 1000:6.1f} ms per script)")
    print(f"  pitstop run         {t_big:8.3f} s  ({t_big / bash:5.1f}x bash)")
    print(f"  pitstop run, 1 job  {t_one:8.3f} s")
    print(f"  wall time per job   {per_job * 1000:8.1f} ms  ({per_job / bash_per_job:5.1f}x bash)")
    print(
        f"  pitstop's own overhead per job: {cpu_big / n * 1000:.1f} ms of CPU in pitstop's "
        f"process; {overhead * 1000:.1f} ms of worker wall time (target < 50 ms)"
    )
    print(f"  {n} jobs in {t_big:.2f} s (target < 5 s on 2 cores)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
