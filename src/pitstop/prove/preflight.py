"""What will be red before anyone pushes: the cheap gates of ci.yml, run on the project as it is.

`pitstop init` ends with this. It runs the jobs that check the project's own code without
the test matrix (quality, pre-commit, django-checks and what they need) on a snapshot of the
project, so that a red gate in the first real run is never a surprise and never blamed on
pitstop: a ruff finding, a `check --deploy` warning or a formatting difference is the
project's real posture today. The tests are left to `pitstop run`, which measures coverage.
"""

from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from pitstop.prove import copies
from pitstop.prove.invoke import Children, RunOutcome, run_workflow
from pitstop.prove.verdict import first_error
from pitstop.runner.run_state import JobResult
from pitstop.workflow.model import Workflow

CI_WORKFLOW = ".github/workflows/ci.yml"
CHEAP_JOBS = ("quality", "pre-commit", "django-checks")


@dataclass(frozen=True)
class RedGate:
    job: str  # the job's display name, e.g. "quality"
    step: str  # the step that failed it
    first_error: str


@dataclass(frozen=True)
class Preflight:
    jobs: tuple[str, ...]  # the job ids that were asked for
    red: tuple[RedGate, ...]
    unverified: tuple[str, ...]  # "job / step" that could not be checked offline
    duration_s: float
    failure: str = ""  # why the preflight itself did not complete ("" when it did)

    @property
    def green(self) -> bool:
        return not self.failure and not self.red


def cheap_jobs(workflow: Workflow) -> tuple[str, ...]:
    return tuple(job for job in CHEAP_JOBS if job in workflow.jobs)


def run(root: Path, workflow: Workflow, branch: str, children: Children) -> Preflight:
    """Run the cheap jobs of ci.yml on a snapshot of `root` (the checkout is not touched)."""
    jobs = cheap_jobs(workflow)
    with tempfile.TemporaryDirectory(prefix="pitstop-preflight-") as scratch:
        work = Path(scratch)
        started = time.monotonic()
        repository = copies.snapshot(root, work / "repo", branch)
        outcome = run_workflow(
            repository,
            CI_WORKFLOW,
            jobs=jobs,
            matrix=(),
            parallel=2,
            out_dir=work / "run",
            children=children,
        )
        return read(outcome, jobs, time.monotonic() - started)


def read(outcome: RunOutcome, jobs: tuple[str, ...], duration_s: float) -> Preflight:
    """The red gates and unverified steps of a finished run."""
    if outcome.result is None:
        lines = outcome.log.read_text(encoding="utf-8", errors="replace").strip().splitlines()
        why = lines[-1] if lines else f"pitstop run exited {outcome.code}"
        return Preflight(jobs, (), (), duration_s, failure=why)
    log_text = outcome.log.read_text(encoding="utf-8", errors="replace")
    red: list[RedGate] = []
    unverified: list[str] = []
    for job in outcome.result.jobs:
        unverified += [f"{job.name} / {step}" for step in job.unverified]
        if job.result not in {"success", "skipped"}:
            red.append(RedGate(job.name, _failed_step(job), first_error(job, log_text)))
    return Preflight(jobs, tuple(red), tuple(unverified), duration_s)


def _failed_step(job: JobResult) -> str:
    failed = next((s for s in job.steps if s.outcome in {"failure", "cancelled"}), None)
    return failed.name if failed else "(set-up)"


def describe(preflight: Preflight) -> list[str]:
    """init's closing lines: what ran, what is red today and why, what was not checked."""
    ran = ", ".join(preflight.jobs) or "nothing"
    seconds = f"{preflight.duration_s:.0f} s"
    if preflight.failure:
        return [
            f"preflight could not check the project ({ran}): {preflight.failure}",
            "  nothing is known about the gates yet: run `pitstop run .github/workflows/ci.yml`",
        ]
    lines = [f"preflight {ran} on the project as it is now ({seconds}):"]
    for gate in preflight.red:
        lines.append(f"  red today  {gate.job} / {gate.step}: {gate.first_error}")
    for step in preflight.unverified:
        lines.append(f"  not verified (offline)  {step}")
    if preflight.red:
        lines.append(
            "  these are the project's own findings, not pitstop's: fix them (or configure the "
            "tool) and the gate turns green"
        )
    else:
        lines.append("  every gate checked is green")
    lines.append("  the tests and the coverage floor run in `pitstop run .github/workflows/ci.yml`")
    return lines
