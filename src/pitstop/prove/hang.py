"""A hanging step's proof: a job timeout short enough not to wait for the real one."""

from __future__ import annotations

import math
import re
from pathlib import Path

from pitstop.prove.gates import GateStep
from pitstop.prove.invoke import RunOutcome
from pitstop.runner.run_state import JobResult

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
    reach = [
        _seconds_before(job, gate.step_name)
        for job in (baseline.jobs(gate.job) if baseline else [])
    ]
    known = [seconds for seconds in reach if seconds is not None]
    if not known:
        return DEFAULT_MINUTES
    seconds = max(known) * FACTOR + MARGIN_S
    return math.ceil(seconds / 60 * 100) / 100  # whole hundredths of a minute, rounded up


def _seconds_before(job: JobResult, step_name: str) -> float | None:
    """The job's time until `step_name` started: set-up and the steps before it."""
    names = [step.name for step in job.steps]
    if step_name not in names or job.duration_s <= 0:
        return None
    later = job.steps[names.index(step_name) :]
    return max(job.duration_s - sum(step.duration_s for step in later), 0.0)


def shrink_timeout(workflow_file: Path, job_id: str, minutes: float) -> str | None:
    """Give the job a short `timeout-minutes`; say why not if it has none at all."""
    text = workflow_file.read_text(encoding="utf-8")
    job = re.search(rf"(?m)^  {re.escape(job_id)}:\s*$", text)
    if job is None:
        return f"job {job_id!r} not found in {workflow_file.name}"
    after = text[job.end() :]
    next_job = re.search(r"(?m)^  \S", after)
    body = after[: next_job.start()] if next_job else after
    timeout = re.search(r"(?m)^    timeout-minutes:\s*(\S+)", body)
    if timeout is None:
        return f"job {job_id!r} has no timeout-minutes: a hang would run for GitHub's 360 minutes"
    declared = timeout.group(1)
    if re.fullmatch(r"\d+(\.\d+)?", declared) and float(declared) <= minutes:
        return None  # the job's own timeout is already as short: keep it
    start = job.end() + timeout.start()
    line = f"    timeout-minutes: {minutes:g}"
    workflow_file.write_text(text[:start] + line + text[job.end() + timeout.end() :])
    return None
