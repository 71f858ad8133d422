"""A hanging step's proof: a job timeout short enough not to wait for the real one."""

from __future__ import annotations

import math
import re
from pathlib import Path

from pitstop.prove import gates
from pitstop.prove.gates import GateStep
from pitstop.prove.invoke import RunOutcome
from pitstop.runner.run_state import JobResult
from pitstop.workflow.loader import load_workflow
from pitstop.workflow.model import Position, Step

DEFAULT_MINUTES = 2.0  # a hanging step's job timeout when the baseline says nothing
# Otherwise the timeout is what the baseline's job took to reach the gate step, times this,
# plus the margin: enough for the copy's job to reach its hang, short enough not to wait long.
FACTOR = 1.5
MARGIN_S = 20.0


def timeout_minutes(baseline: RunOutcome | None, gate: GateStep) -> float:
    """A job timeout that lets the copy's job reach its hanging step, and no more.

    The baseline ran the same job on the clean project, before the environments it built
    were reused: how long its slowest cell took to reach the gate step bounds how long the
    copy's job needs. Without that measurement, DEFAULT_MINUTES.
    """
    reach = [_seconds_before(job, gate) for job in (baseline.jobs(gate.job) if baseline else [])]
    known = [seconds for seconds in reach if seconds is not None]
    if not known:
        return DEFAULT_MINUTES
    seconds = max(known) * FACTOR + MARGIN_S
    return math.ceil(seconds / 60 * 100) / 100  # whole hundredths of a minute, rounded up


def _seconds_before(job: JobResult, gate: GateStep) -> float | None:
    """The job's time until the gate's step started: set-up and the steps before it."""
    found = [index for index, step in enumerate(job.steps) if gate.is_step(step)]
    if not found or job.duration_s <= 0:
        return None
    later = job.steps[found[0] :]
    return max(job.duration_s - sum(step.duration_s for step in later), 0.0)


def shrink_timeout(workflow_file: Path, job_id: str, minutes: float) -> str | None:
    """Shorten the timeout that would stop the hang in the gate's job; say why not if none.

    The job and its steps are found in the parsed workflow (whatever its indentation); the
    timeout shortened is the test step's own `timeout-minutes` when it has one, else the
    job's. Without either, GitHub would let the hang run for 360 minutes."""
    workflow = load_workflow(workflow_file)
    job = workflow.jobs.get(job_id)
    if job is None:
        return f"job {job_id!r} not found in {workflow_file.name}"
    steps = [step for step in job.steps if step.timeout_minutes is not None]
    lines = workflow_file.read_text(encoding="utf-8").splitlines(keepends=True)
    for block in [*(step.position for step in steps if _runs_tests(step)), job.position]:
        found = _timeout_line(lines, block)
        if found is not None:
            index, declared = found
            if re.fullmatch(r"\d+(\.\d+)?", declared) and float(declared) <= minutes:
                return None  # the declared timeout is already as short: keep it
            indent = lines[index][: len(lines[index]) - len(lines[index].lstrip())]
            lines[index] = f"{indent}timeout-minutes: {minutes:g}\n"
            workflow_file.write_text("".join(lines), encoding="utf-8")
            return None
    return f"job {job_id!r} has no timeout-minutes: a hang would run for GitHub's 360 minutes"


def _runs_tests(step: Step) -> bool:
    return gates.test_runner(step) is not None


def _timeout_line(lines: list[str], block: Position) -> tuple[int, str] | None:
    """The `timeout-minutes:` key of the mapping that starts at `block`, and its value."""
    indent = block.column - 1
    first = block.line - 1
    if first >= len(lines) or lines[first][:indent].strip(" -"):
        return None  # a flow mapping (`job: {...}`): not edited
    key = re.compile(rf"^[ -]{{{indent}}}timeout-minutes:\s*(\S+)")
    for index in range(first, len(lines)):
        line = lines[index]
        body = line.strip()
        if index > first and body and not body.startswith("#") and _indent(line) < indent:
            break  # the mapping ended (or the next step of the list began)
        match = key.match(line)
        if match:
            return index, match[1]
    return None


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))
