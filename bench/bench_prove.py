"""`pitstop prove` on the reference project against one clean CI run, side by side.

Issue 7's budget: the whole proof (its own clean baseline plus every defect) takes less than
three times one clean run of the CI workflow. Both are measured here in one session, on one
scratch copy of `examples/taskboard` with the workflows `pitstop init` writes; the clean run
goes twice (the second is the warm run, with the project's actions/cache entries filled):

    python bench/bench_prove.py [--jobs N] [--keep DIR]

It prints both wall times, the ratio, and prove's own report. Offline, pip-audit and Trivy are
"not verified (offline)" in both runs.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "taskboard"
IGNORE = shutil.ignore_patterns("node_modules", "staticfiles", "app.css", ".venv")
GIT = ["git", "-c", "user.name=bench", "-c", "user.email=bench@example.invalid"]


def pitstop(*args: str, cwd: Path) -> tuple[int, float]:
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "pitstop", *args], cwd=cwd, check=False)
    return done.returncode, time.monotonic() - started


def scratch_project(folder: Path) -> Path:
    project = folder / "taskboard"
    shutil.copytree(EXAMPLE, project, ignore=IGNORE)
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=project, check=True)
    code, _ = pitstop("init", "--no-preflight", ".", cwd=project)
    if code != 0:
        raise SystemExit("pitstop init failed")
    subprocess.run([*GIT, "add", "-A"], cwd=project, check=True)
    subprocess.run([*GIT, "commit", "-qm", "taskboard + CI"], cwd=project, check=True)
    return project


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", default="2")
    parser.add_argument("--keep", type=Path, help="keep the scratch folder here")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="bench-prove-"))
    folder.mkdir(parents=True, exist_ok=True)
    project = scratch_project(folder)
    run_args = ["run", ".github/workflows/ci.yml", "--keep-going", "--allow-unverified"]
    run_code, run_s = pitstop(*run_args, "--jobs", args.jobs, cwd=project)
    # Again: the project's actions/cache entries (mypy's cache) are now filled, as for every
    # run after the first; the "warm run".
    warm_code, warm_s = pitstop(*run_args, "--jobs", args.jobs, cwd=project)
    prove_args = ["prove", ".", "--allow-unverified", "--jobs", args.jobs]
    prove_args += ["--json", str(folder / "prove.json")]
    prove_code, prove_s = pitstop(*prove_args, cwd=project)
    print(f"clean CI run (pitstop run ci.yml): {run_s:7.1f} s  exit {run_code}")
    print(f"the same run again (warm):          {warm_s:7.1f} s  exit {warm_code}")
    print(f"pitstop prove (baseline + defects): {prove_s:7.1f} s  exit {prove_code}")
    print(f"ratio prove / clean run: {prove_s / run_s:.2f} (budget: < 3.00)")
    print(f"ratio prove / warm run: {prove_s / warm_s:.2f}")
    if args.keep is None:
        shutil.rmtree(folder, ignore_errors=True)
    return 0 if run_code == warm_code == prove_code == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
