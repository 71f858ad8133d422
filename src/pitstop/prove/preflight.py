"""What will be red before anyone pushes: ci.yml's gates run once on the project as it is.

`pitstop init` ends with this. It runs the jobs that check the project's own code (quality,
pre-commit, django-checks and what they need) and ONE cell of the test matrix (the newest
Python), on a snapshot of the project, so that a red gate in the first real run is never a
surprise and never blamed on pitstop: a ruff finding, a `check --deploy` warning or coverage
below the floor is the project's real posture today. The measured coverage is printed beside
the floor, red or green.
"""

from __future__ import annotations

import re
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from pitstop.actions import pythons
from pitstop.prove import copies
from pitstop.prove.invoke import Children, RunOutcome, run_workflow
from pitstop.prove.verdict import failed_step, first_error, is_gate_step, step_key
from pitstop.runner.run_state import JobResult
from pitstop.workflow.model import Workflow

CI_WORKFLOW = ".github/workflows/ci.yml"
GATE_JOBS = ("quality", "pre-commit", "django-checks", "test", "coverage")
# The total line of `coverage report` and of pytest-cov's terminal report.
TOTAL = re.compile(r"^TOTAL\s.*?(\d+(?:\.\d+)?)%\s*$")


@dataclass(frozen=True)
class RedGate:
    job: str  # the job's display name, e.g. "quality"
    step: str  # the step that failed it
    first_error: str
    gate: bool = True  # False: a set-up step failed (an install, a service), no gate spoke


@dataclass(frozen=True)
class Coverage:
    job: str  # e.g. "test (Python 3.13)"
    percent: str  # as coverage printed it, e.g. "64"
    floor: int

    @property
    def below(self) -> bool:
        return float(self.percent) < self.floor


@dataclass(frozen=True)
class Preflight:
    jobs: tuple[str, ...]  # the job ids that were asked for
    red: tuple[RedGate, ...]
    unverified: tuple[str, ...]  # "job / step" that could not be checked here
    duration_s: float
    failure: str = ""  # why the preflight itself did not complete ("" when it did)
    coverage: Coverage | None = None

    @property
    def green(self) -> bool:
        return not self.failure and not self.red


def gate_jobs(workflow: Workflow) -> tuple[str, ...]:
    return tuple(job for job in GATE_JOBS if job in workflow.jobs)


def run(
    root: Path,
    workflow: Workflow,
    branch: str,
    children: Children,
    *,
    python: str,
    floor: int,
) -> Preflight:
    """Run the gate jobs of ci.yml (the tests on `python` only) on a snapshot of `root`.

    The user's checkout is not touched: the run happens in a copy, in a temporary folder."""
    jobs = gate_jobs(workflow)
    with tempfile.TemporaryDirectory(prefix="pitstop-preflight-") as scratch:
        work = Path(scratch)
        started = time.monotonic()
        repository = copies.snapshot(root, work / "repo", branch)
        outcome = run_workflow(
            repository,
            CI_WORKFLOW,
            jobs=jobs,
            matrix=(("python", python),),
            parallel=2,
            out_dir=work / "run",
            children=children,
        )
        return read(outcome, jobs, time.monotonic() - started, floor)


def _red_steps(job: JobResult, log_text: str) -> list[RedGate]:
    """Each red step of a failed job, with its own first error: the gates run independently
    (generate.ci.independent), so black and mypy can both be red."""
    red: list[RedGate] = []
    earlier: frozenset[str] = frozenset()
    while (failed := failed_step(job, earlier)) is not None:
        error = first_error(job, log_text, earlier)
        red.append(RedGate(job.name, failed.name, error, is_gate_step(failed)))
        earlier |= {step_key(failed)}
    return red or [RedGate(job.name, "(set-up)", first_error(job, log_text), False)]


def read(outcome: RunOutcome, jobs: tuple[str, ...], duration_s: float, floor: int) -> Preflight:
    """The red gates, unverified steps and measured coverage of a finished run."""
    if outcome.result is None:
        lines = outcome.log.read_text(encoding="utf-8", errors="replace").strip().splitlines()
        why = lines[-1] if lines else f"pitstop run exited {outcome.code}"
        return Preflight(jobs, (), (), duration_s, failure=why)
    log_text = outcome.log.read_text(encoding="utf-8", errors="replace")
    red: list[RedGate] = []
    unverified: list[str] = []
    coverage: Coverage | None = None
    for job in outcome.result.jobs:
        unverified += [f"{job.name} / {step}" for step in job.unverified]
        if job.result not in {"success", "skipped"}:
            red += _red_steps(job, log_text)
        percent = coverage_total(job, log_text)
        if percent is not None and job.id in {"test", "coverage"}:
            coverage = Coverage(job.name, percent, floor)
    return Preflight(jobs, tuple(red), tuple(unverified), duration_s, coverage=coverage)


def coverage_total(job: JobResult, log_text: str) -> str | None:
    """The last TOTAL percentage the job printed (plain output lines are `[job] line`)."""
    prefix = f"[{job.name}] "
    found = None
    for line in log_text.splitlines():
        if line.startswith(prefix) and (match := TOTAL.match(line[len(prefix) :].strip())):
            found = match[1]
    return found


def _unverified_by_job(unverified: tuple[str, ...]) -> list[str]:
    """One line per job: `job / step`, or `job: 8 steps (a, b, c, ...)`."""
    steps: dict[str, list[str]] = {}
    for item in unverified:
        job, _, step = item.partition(" / ")
        steps.setdefault(job, []).append(step)
    lines = []
    for job, names in steps.items():
        if len(names) == 1:
            lines.append(f"{job} / {names[0]}")
        else:
            shown = ", ".join(names[:3]) + (", ..." if len(names) > 3 else "")
            lines.append(f"{job}: {len(names)} steps ({shown})")
    return lines


def newest_local(versions: tuple[str, ...], env: Mapping[str, str]) -> str:
    """The newest Python of the matrix this machine has (the newest when it has none):
    a missing one would leave every gate "not verified"."""
    found = pythons.discover(env)
    for version in reversed(versions):
        spec = pythons.parse_spec(version)
        if spec is not None and pythons.best(spec, found) is not None:
            return version
    return versions[-1]


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
    gates = [gate for gate in preflight.red if gate.gate]
    set_up = [gate for gate in preflight.red if not gate.gate]
    for gate in gates:
        lines.append(f"  red today  {gate.job} / {gate.step}: {gate.first_error}")
    for gate in set_up:
        lines.append(f"  set-up failed  {gate.job} / {gate.step}: {gate.first_error}")
    lines += [f"  not verified  {line}" for line in _unverified_by_job(preflight.unverified)]
    if (measured := preflight.coverage) is not None:
        verdict = "below the floor" if measured.below else "at or above the floor"
        lines.append(
            f"  coverage   {measured.percent}% in {measured.job}, floor {measured.floor}%: "
            f"{verdict}"
        )
    if gates:
        lines.append(
            "  the red gates are the project's own findings, not pitstop's: fix them (or "
            "configure the tool, or the floor in [tool.pitstop]) and the gate turns green"
        )
    if set_up:
        lines.append(
            "  a set-up failure is no gate's verdict: the job could not be prepared here (a "
            "system library, the network, a tool version); its gates were not checked"
        )
    if preflight.red:
        return lines
    if preflight.unverified:
        lines.append("  every gate that could be checked here is green")
    else:
        lines.append("  every gate is green")
    return lines
