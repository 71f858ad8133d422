"""The reference project's `ci.yml`, cold, warm and against its floor, in one invocation.

Usage: python bench/bench_pipeline.py [--jobs 2] [--keep DIR] [--no-reuse-run]

On one scratch copy of `examples/taskboard` with the workflows `pitstop init` writes (as
bench_prove.py makes it), with pitstop's cache folder pointed at an empty temporary folder
(`XDG_CACHE_HOME`, which also holds pip's and uv's caches):

- cold: the first `pitstop run ci.yml` (nothing cached, nothing built);
- warm: the same run again (caches filled, built environments stored);
- warm, no reuse: the same run with `PITSTOP_VENV_STORE=off` (every pinned install runs from
  an empty venv with a warm pip cache: what a warm run cost before issue 13); skip it with
  `--no-reuse-run`;
- the floor: the work the pipeline exists for, in environments already built: the wall
  time of every `run:` step of the warm run that is not an install (`pip install`, `npm
  ci`), measured by pitstop per step, scheduled on the same number of workers along the
  `needs:` graph. Everything else (checkout, setup-*, installs, caches, services,
  workspaces, clean-up) is pitstop's or the runner's overhead, shown per job.

Every run is `--keep-going --allow-unverified` (offline, pip-audit and Trivy are not
verified). It prints the wall times, the ratios and the per-job overhead table.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_prove import scratch_project

INSTALL = re.compile(r"\bpip install\b|\bnpm (ci|install)\b|\buv (sync|pip install)\b")


def run(project: Path, folder: Path, name: str, jobs: str, env: dict[str, str]) -> dict:
    out = folder / f"{name}.json"
    argv = [sys.executable, "-m", "pitstop", "run", ".github/workflows/ci.yml", "--keep-going"]
    argv += ["--allow-unverified", "--jobs", jobs, "--json", str(out)]
    argv += ["--run-dir", str(folder / f"run-{name}")]
    started = time.monotonic()
    with (folder / f"{name}.log").open("w") as log:
        done = subprocess.run(
            argv,
            cwd=project,
            env={**os.environ, **env},
            stdout=log,
            stderr=subprocess.STDOUT,
            check=False,
        )
    result = json.loads(out.read_text()) if out.exists() else {"jobs": []}
    result["wall_s"] = time.monotonic() - started
    result["exit"] = done.returncode
    return result


def work_steps(workflow: dict, job: dict) -> list[float]:
    """The warm run's durations of the job's `run:` steps that are not installs."""
    steps = workflow["jobs"][job["id"]]["steps"]
    if len(steps) != len(job["steps"]):
        return []
    return [
        measured["duration_s"] or 0.0
        for written, measured in zip(steps, job["steps"], strict=True)
        if "run" in written and not INSTALL.search(written["run"])
    ]


def schedule(durations: dict[str, float], needs: dict[str, list[str]], workers: int) -> float:
    """Makespan of the job cells ("<job id>#<n>") on `workers`: a cell starts when a worker
    is free and every cell of the jobs it needs has ended."""

    def job(cell: str) -> str:
        return cell.split("#")[0]

    ended: dict[str, float] = {}
    free = [0.0] * workers
    pending = dict(durations)
    while pending:

        def needs_end(cell: str) -> float | None:
            wanted = [c for c in durations if job(c) in needs.get(job(cell), [])]
            if any(c not in ended for c in wanted):
                return None
            return max((ended[c] for c in wanted), default=0.0)

        ready = {c: t for c in pending if (t := needs_end(c)) is not None}
        cell = min(ready, key=lambda c: ready[c])
        worker = min(range(workers), key=lambda w: free[w])
        start = max(free[worker], ready[cell])
        ended[cell] = free[worker] = start + pending.pop(cell)
    return max(ended.values(), default=0.0)


def floor(project: Path, warm: dict, workers: int) -> tuple[float, dict[str, float]]:
    workflow = yaml.safe_load((project / ".github/workflows/ci.yml").read_text())
    per_job = {}
    needs = {}
    for index, job in enumerate(warm["jobs"]):
        per_job[f"{job['id']}#{index}"] = sum(work_steps(workflow, job))
        written = workflow["jobs"][job["id"]].get("needs", [])
        needs[job["id"]] = [written] if isinstance(written, str) else list(written)
    return schedule(per_job, needs, workers), per_job


def overhead_table(warm: dict, workflow: dict) -> list[str]:
    lines = [
        f"  {'job':22} {'wall':>6} {'work':>6} {'setup':>6} {'install':>7} "
        f"{'wkspace':>7} {'services':>8} {'cleanup':>7} {'scrub':>5} {'other':>6}"
    ]
    for job in warm["jobs"]:
        steps = workflow["jobs"][job["id"]]["steps"]
        work = sum(work_steps(workflow, job))
        install = sum(
            m["duration_s"] or 0.0
            for w, m in zip(steps, job["steps"], strict=False)
            if "run" in w and INSTALL.search(w["run"])
        )
        all_steps = sum(m["duration_s"] or 0.0 for m in job["steps"])
        setup = all_steps - work - install
        phases = job.get("phases_s", {})
        ws, sv, cu, sc = (
            phases.get(k, 0.0) for k in ("workspace", "services", "clean-up", "scrub")
        )
        other = job["duration_s"] - all_steps - ws - sv - cu - sc
        lines.append(
            f"  {job['name'][:22]:22} {job['duration_s']:6.1f} {work:6.1f} {setup:6.1f} "
            f"{install:7.1f} {ws:7.2f} {sv:8.2f} {cu:7.2f} {sc:5.2f} {other:6.2f}"
        )
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", default="2")
    parser.add_argument("--keep", type=Path, help="keep the scratch folder here")
    parser.add_argument(
        "--no-reuse-run", action="store_true", help="skip the warm run with environment reuse off"
    )
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="bench-pipeline-"))
    folder.mkdir(parents=True, exist_ok=True)
    project = scratch_project(folder)
    env = {"XDG_CACHE_HOME": str(folder / "cache")}
    load = os.getloadavg()[0]
    cold = run(project, folder, "cold", args.jobs, env)
    warm = run(project, folder, "warm", args.jobs, env)
    off = None
    if not args.no_reuse_run:
        off = run(project, folder, "warm-no-reuse", args.jobs, {**env, "PITSTOP_VENV_STORE": "off"})
    workflow = yaml.safe_load((project / ".github/workflows/ci.yml").read_text())
    floor_s, _ = floor(project, warm, int(args.jobs))
    print(
        f"ci.yml on examples/taskboard, {args.jobs} workers, {os.cpu_count()} CPUs, "
        f"load average {load:.1f} at the start, {os.getloadavg()[0]:.1f} at the end"
    )
    print(f"  cold                 {cold['wall_s']:7.1f} s  exit {cold['exit']}")
    print(f"  warm                 {warm['wall_s']:7.1f} s  exit {warm['exit']}")
    if off is not None:
        print(f"  warm, reuse off      {off['wall_s']:7.1f} s  exit {off['exit']}")
    print(f"  floor (work only)    {floor_s:7.1f} s")
    print(
        f"  warm / floor {warm['wall_s'] / floor_s:.2f} (target <= 1.5); "
        f"cold / warm {cold['wall_s'] / warm['wall_s']:.2f}",
        end="",
    )
    if off is not None:
        print(f"; reuse off / warm {off['wall_s'] / warm['wall_s']:.2f}")
    else:
        print()
    print("per job, warm run (s): work = the floor's steps; setup = checkout, setup-*, caches,")
    print("uploads; install = pip/npm installs; then pitstop's own phases")
    for line in overhead_table(warm, workflow):
        print(line)
    if args.keep is None:
        shutil.rmtree(folder, ignore_errors=True)
    return 0 if cold["exit"] == 0 and warm["exit"] == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
