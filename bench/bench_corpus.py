"""pitstop on real Django projects nobody here wrote: init, run its CI, prove, one table.

The projects are listed in `bench/corpus.toml` and checked out (never committed) under
`/work/corpus/<name>/`. Each present one is copied to a scratch folder, made a fresh git
repository with one commit (pitstop reads git), and then:

    pitstop init .
    pitstop run .github/workflows/ci.yml --keep-going --allow-unverified --json run.json
    pitstop prove . --json prove.json            (unless --skip-prove)

    python bench/bench_corpus.py [--corpus /work/corpus] [--only NAME ...] [--skip-prove]
                                 [--jobs 2] [--keep DIR]

It prints one table: init's exit code, the jobs that succeeded / failed / could not be verified
offline, each failed job with its first error, prove's verdicts (caught / missed / red before
the defect / offline / set-up broken / n.a. / internal) and red baseline jobs, and the wall
seconds of each phase. Run it with the repository's `.venv`
Python (it reads first errors with pitstop's own picker). None of this is a test.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pitstop.report.first_error import pick

ROOT = Path(__file__).resolve().parents[1]
CORPUS_TOML = ROOT / "bench" / "corpus.toml"
PITSTOP = ROOT / ".venv" / "bin" / "pitstop"
IGNORE = shutil.ignore_patterns(".git", "node_modules", ".venv", "staticfiles", "__pycache__")
GIT = ["git", "-c", "user.name=bench", "-c", "user.email=bench@example.invalid"]
FORCE_HINT = "with --force to"  # init: "re-run with --force to ...", "Re-run with --force to ..."
TIMEOUT = 1500  # default seconds per phase (--timeout)
GROUP: dict[str, Any] = {"start_new_session": True}
PROVE_COLUMNS = {  # prove's verdicts, in the table's words
    "caught": "caught",
    "missed": "missed",
    "red before the defect": "red before",
    "not verifiable (offline)": "offline",
    "not verifiable (set-up)": "set-up",
    "skipped": "n/a",
    "error": "internal",
}


@dataclass
class Outcome:
    """What one project did in each phase; mutable, filled as the phases run."""

    name: str
    init_code: int | None = None
    init_forced: int | None = None  # the exit code of `init --force`, when init kept a file
    jobs: dict[str, int] = field(default_factory=lambda: {"ok": 0, "failed": 0, "unverified": 0})
    failures: list[str] = field(default_factory=list)
    prove: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)


def pitstop(*args: str, cwd: Path, log: Path, timeout: int) -> tuple[int, float]:
    """Run the CLI; after `timeout` s its process group gets SIGTERM and the code is 124."""
    started = time.monotonic()
    with log.open("a", encoding="utf-8") as out:
        out.write(f"\n$ pitstop {' '.join(args)}\n")
        out.flush()
        command = [str(PITSTOP), *args]
        child = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, **GROUP)
        try:
            code = child.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(child.pid, signal.SIGTERM)
            child.wait()
            out.write(f"\n(bench: stopped after {timeout} s)\n")
            code = 124
    return code, time.monotonic() - started


def scratch_project(source: Path, folder: Path) -> Path:
    project = folder / source.name
    shutil.copytree(source, project, ignore=IGNORE, symlinks=True)
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=project, check=True)
    commit(project, "the project as fetched")
    return project


def commit(project: Path, message: str) -> None:
    subprocess.run([*GIT, "add", "-A"], cwd=project, check=True)
    subprocess.run([*GIT, "commit", "-qm", message, "--allow-empty"], cwd=project, check=True)


def read_run(path: Path, outcome: Outcome) -> None:
    if not path.is_file():
        outcome.failures.append("(no run JSON: pitstop run stopped before running jobs)")
        return
    document = json.loads(path.read_text(encoding="utf-8"))
    run_dir = Path(document["run_dir"])
    for job in document["jobs"]:
        if job["result"] == "success" and job["unverified"]:
            outcome.jobs["unverified"] += 1
        elif job["result"] == "success":
            outcome.jobs["ok"] += 1
        elif job["result"] == "failure":
            outcome.jobs["failed"] += 1
            outcome.failures.append(f"{job['name']}: {first_error(job, run_dir)}")


def first_error(job: dict[str, Any], run_dir: Path) -> str:
    errors = [str(a["message"]) for a in job["annotations"] if a["level"] == "error"]
    failed = [step for step in job["steps"] if step["outcome"] == "failure"]
    step = f"[{failed[0]['name']}] " if failed else ""
    return step + pick(errors, failed_step_lines(run_dir, str(job["name"]), failed))


def failed_step_lines(run_dir: Path, job_name: str, failed: list[dict[str, Any]]) -> list[str]:
    """The lines the first failed step printed, from the job's log (best effort)."""
    slug = re.sub(r"[^A-Za-z0-9.]+", "-", job_name).strip("-")
    logs = sorted((run_dir / "logs").glob(f"*-{slug}.log")) if failed else []
    if not logs:
        return []
    lines = logs[0].read_text(encoding="utf-8", errors="replace").splitlines()
    inside, printed = False, []
    for line in lines:
        if line.startswith("▶ "):
            inside = str(failed[0]["name"]) in line
        elif inside:
            printed.append(line)
    return printed


def read_prove(path: Path, outcome: Outcome) -> None:
    if not path.is_file():
        outcome.prove = {"internal": 1}
        return
    document = json.loads(path.read_text(encoding="utf-8"))
    counts = dict.fromkeys(PROVE_COLUMNS.values(), 0)
    for defect in document["defects"]:
        counts[PROVE_COLUMNS.get(defect["result"], "internal")] += 1
    baseline = document.get("baseline")
    if baseline is not None and not baseline["green"]:
        counts["baseline red jobs"] = len(baseline["red_jobs"])
    outcome.prove = {name: count for name, count in counts.items() if count}


def bench_project(source: Path, folder: Path, args: argparse.Namespace) -> Outcome:
    outcome = Outcome(source.name)
    log = folder / f"{source.name}.log"
    project = scratch_project(source, folder)

    def phase(*command: str) -> tuple[int, float]:
        return pitstop(*command, cwd=project, log=log, timeout=args.timeout)

    outcome.init_code, outcome.seconds["init"] = phase("init", ".")
    if outcome.init_code != 0 and FORCE_HINT in log.read_text(encoding="utf-8"):
        # The project has its own ci.yml: init keeps it; measure pitstop's own pipeline.
        forced, seconds = phase("init", ".", "--force")
        outcome.init_forced, outcome.seconds["init"] = forced, outcome.seconds["init"] + seconds
    if (outcome.init_code if outcome.init_forced is None else outcome.init_forced) != 0:
        return outcome
    commit(project, "pitstop init")
    run_json = folder / f"{source.name}-run.json"
    run_args = ["run", ".github/workflows/ci.yml", "--keep-going", "--allow-unverified"]
    run_args += ["--jobs", args.jobs, "--json", str(run_json), "--run-dir", str(folder / "run")]
    _, outcome.seconds["run"] = phase(*run_args)
    read_run(run_json, outcome)
    if not args.skip_prove:
        prove_json = folder / f"{source.name}-prove.json"
        _, outcome.seconds["prove"] = phase(
            "prove", ".", "--jobs", args.jobs, "--json", str(prove_json)
        )
        read_prove(prove_json, outcome)
    return outcome


HEADER = (
    "| project | init | jobs ok/failed/unverified | prove | seconds init/run/prove |\n"
    "|---|---|---|---|---|"
)


def row(o: Outcome) -> str:
    jobs = "{ok}/{failed}/{unverified}".format(**o.jobs)
    prove = " ".join(f"{k} {v}" for k, v in o.prove.items()) or "-"
    times = "/".join(f"{o.seconds[p]:.0f}" if p in o.seconds else "-" for p in PHASES)
    init = str(o.init_code) if o.init_forced is None else f"{o.init_code}, --force {o.init_forced}"
    return f"| {o.name} | {init} | {jobs} | {prove} | {times} |"


def table(outcomes: list[Outcome]) -> str:
    failures = [f"- {o.name} {failure}" for o in outcomes for failure in o.failures]
    rows = [row(o) for o in outcomes]
    return "\n".join([HEADER, *rows, "", "Failed jobs, first error:", *failures])


PHASES = ("init", "run", "prove")


def projects(corpus: Path, only: list[str]) -> list[Path]:
    listed = tomllib.loads(CORPUS_TOML.read_text(encoding="utf-8"))["project"]
    names = [entry["name"] for entry in listed if not only or entry["name"] in only]
    return [corpus / name for name in names if (corpus / name).is_dir()]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=Path("/work/corpus"))
    parser.add_argument("--only", nargs="+", default=[], metavar="NAME")
    parser.add_argument("--skip-prove", action="store_true")
    parser.add_argument("--jobs", default="2")
    parser.add_argument("--keep", type=Path, help="keep the scratch folders here")
    parser.add_argument("--timeout", type=int, default=TIMEOUT, help="seconds per phase")
    args = parser.parse_args()
    chosen = projects(args.corpus, args.only)
    if not chosen:
        print(f"no project of {CORPUS_TOML.name} is checked out under {args.corpus}")
        return 1
    outcomes = []
    for source in chosen:  # one at a time: the CPU is shared
        folder = (args.keep or Path(tempfile.mkdtemp(prefix="bench-corpus-"))) / source.name
        shutil.rmtree(folder, ignore_errors=True)  # a previous --keep of this project
        folder.mkdir(parents=True)
        outcomes.append(bench_project(source, folder, args))
        # Each row as soon as it is known: a run stopped half-way still leaves its numbers.
        print(f"{row(outcomes[-1])}  (log: {folder / (source.name + '.log')})", flush=True)
        if args.keep is None:
            shutil.rmtree(folder.parent, ignore_errors=True)
    print(table(outcomes))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
