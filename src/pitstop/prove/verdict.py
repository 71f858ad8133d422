"""Reading a `pitstop run` result: was the defect caught by the gate aimed at it?"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal

from pitstop.prove.gates import NETWORK_MARK, GateStep
from pitstop.prove.invoke import RunOutcome

Result = Literal["caught", "missed", "skipped", "not verifiable (offline)", "error"]
TIMEOUT = re.compile(r"maximum execution time|timed? ?out", re.IGNORECASE)
OFFLINE = re.compile(r"not verified \(offline\)", re.IGNORECASE)


@dataclass(frozen=True)
class Verdict:
    result: Result
    caught_by: str | None = None  # the step that turned red
    first_error: str = ""
    reason: str = ""


def _failed_step(job: dict[str, Any]) -> dict[str, Any] | None:
    steps = job.get("steps", [])
    return next((step for step in steps if step.get("outcome") == "failure"), None)


def first_error(job: dict[str, Any], log_text: str) -> str:
    """The first error a person would read: an error annotation, else a log line."""
    for annotation in job.get("annotations", []):
        if annotation.get("level") == "error":
            return str(annotation.get("message", "")).splitlines()[0][:200]
    for line in log_text.splitlines():
        if re.search(r"error|failed|would reformat|FAILED", line, re.IGNORECASE):
            return line.strip()[:200]
    return ""


def judge(outcome: RunOutcome, gate: GateStep, *, hangs: bool) -> Verdict:
    jobs = outcome.jobs(gate.job)
    log_text = outcome.log.read_text(encoding="utf-8", errors="replace")
    if not jobs:
        tail = log_text.strip().splitlines()[-1:] or ["(no output)"]
        return Verdict("error", reason=f"job {gate.job!r} did not run: {tail[0]}")
    for job in jobs:
        notes = " ".join(job.get("notes", []))
        if gate.step.name and NETWORK_MARK in gate.step.name and OFFLINE.search(notes):
            return Verdict("not verifiable (offline)", reason=_offline_note(job))
        if job.get("result") != "failure":
            continue
        step = _failed_step(job)
        name = step.get("name") if step else None
        error = first_error(job, log_text)
        if hangs and not TIMEOUT.search(f"{error} {notes} {log_text[-4000:]}"):
            return Verdict("missed", name, error, "the job failed, but not by its timeout")
        return Verdict("caught", name, error)
    return Verdict("missed", reason=f"job {gate.job!r} stayed green")


def _offline_note(job: dict[str, Any]) -> str:
    notes = [note for note in job.get("notes", []) if OFFLINE.search(note)]
    return notes[0] if notes else "the gate needs the network"
