"""Reading a `pitstop run` result: was the defect caught by the gate aimed at it?"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from pitstop.prove.defects import DEFECTS
from pitstop.prove.gates import GateStep
from pitstop.prove.invoke import RunOutcome
from pitstop.report.first_error import pick, step_lines
from pitstop.runner.run_state import JobResult, StepResult

Result = Literal[
    "caught",
    "missed",
    "skipped",
    "red before the defect",
    "not verifiable (offline)",
    "not verifiable (set-up)",
    "error",
]
# Verdicts that prove nothing either way: the gate could not be checked here.
UNVERIFIABLE = frozenset({"not verifiable (offline)", "not verifiable (set-up)"})
# The `id:`s `pitstop init` gives the gate steps of ci.yml.
GATE_STEP_IDS = frozenset(step_id for defect in DEFECTS for step_id in defect.gate.step_ids)
TIMEOUT = re.compile(r"maximum execution time|timed? ?out", re.IGNORECASE)


@dataclass(frozen=True)
class Verdict:
    result: Result
    caught_by: str | None = None  # the step that turned red
    first_error: str = ""
    reason: str = ""


def step_key(step: StepResult) -> str:
    """A step of a job's result by its `id:`, else its name."""
    return step.id or step.name


def failed_step(job: JobResult, already_red: frozenset[str] = frozenset()) -> StepResult | None:
    """The first step that failed (or was cancelled in) the job, if any, leaving out the
    steps that were already red on the clean project (`already_red`, by id or name)."""
    failed = (s for s in job.steps if s.outcome in {"failure", "cancelled"})
    return next((s for s in failed if step_key(s) not in already_red), None)


def first_error(job: JobResult, log_text: str, already_red: frozenset[str] = frozenset()) -> str:
    """The first error a person would read (see pitstop.report.first_error)."""
    step = failed_step(job, already_red)
    # The job's annotations would name the failures already red first: then only the new
    # failure's own lines.
    messages = [] if already_red else [a.message for a in job.annotations if a.level == "error"]
    return pick(messages, _failed_step_lines(job, log_text, step))


def _failed_step_lines(job: JobResult, log_text: str, step: StepResult | None) -> list[str]:
    """The lines the job printed during `step` (plain output: `[job] line`)."""
    prefix = f"[{job.name}] "
    lines = [line[len(prefix) :] for line in log_text.splitlines() if line.startswith(prefix)]
    return step_lines(lines, step.name if step else None)


def red_on_clean(baseline: RunOutcome | None, gate: GateStep) -> frozenset[str]:
    """The steps (by id or name) that failed in the clean run's cells of the gate's job. The
    gates of a job run independently (`generate.ci.independent`): a gate already red there
    stays red in every defect's run, and says nothing about the defect."""
    return frozenset(
        step_key(step)
        for job in _cells(baseline, gate)
        for step in job.steps
        if step.outcome in {"failure", "cancelled"}
    )


def judge(
    outcome: RunOutcome,
    gate: GateStep,
    *,
    hangs: bool,
    already_red: frozenset[str] = frozenset(),
) -> Verdict:
    jobs = outcome.jobs(gate.job)
    log_text = outcome.log.read_text(encoding="utf-8", errors="replace")
    if not jobs:
        tail = log_text.strip().splitlines()[-1:] or ["(no output)"]
        return Verdict("error", reason=f"job {gate.job!r} did not run: {tail[0]}")
    for job in jobs:
        notes = " ".join(job.notes)
        unverified = _unverified_gate(job, gate)
        if unverified is not None:
            return Verdict("not verifiable (offline)", reason=unverified)
        step = failed_step(job, already_red)
        if job.result != "failure" or (already_red and step is None):
            continue
        name = step.name if step else None
        error = first_error(job, log_text, already_red)
        if hangs and not TIMEOUT.search(f"{error} {notes} {log_text[-4000:]}"):
            return Verdict("missed", name, error, "the job failed, but not by its timeout")
        if hangs and not gate.is_step(step):
            reason = f"the timeout struck during {name!r}, before the hanging step"
            return Verdict("missed", name, error, reason)
        if gate.step.id in GATE_STEP_IDS and not is_gate_step(step):
            # e.g. a lock the defect made unreadable fails the install: no gate said anything
            reason = f"the defect broke {name!r}, before any gate ran: no proof either way"
            return Verdict("not verifiable (set-up)", name, error, reason)
        return Verdict("caught", name, error)
    for job in jobs:
        partial = _partly_unverified(job)
        if partial is not None:  # a green gate that left part of its checks out proves nothing
            return Verdict("not verifiable (offline)", reason=partial)
    if already_red:
        reds = ", ".join(sorted(already_red))
        reason = f"job {gate.job!r} failed only where the clean project was already red ({reds})"
        return Verdict("missed", reason=reason)
    return Verdict("missed", reason=f"job {gate.job!r} stayed green")


def is_gate_step(step: StepResult | None) -> bool:
    """Whether the step is one of the gates `pitstop init` writes (by its `id:`)."""
    return step is not None and step.id in GATE_STEP_IDS


def _partly_unverified(job: JobResult) -> str | None:
    """A warning such as pre-commit's 'not verified (offline): hooks not in the cache: ...'."""
    found = (a.message for a in job.annotations if a.level == "warning")
    return next((message for message in found if message.startswith("not verified")), None)


def _unverified_gate(job: JobResult, gate: GateStep) -> str | None:
    """The runner's note when the gate's own step could not be verified (offline)."""
    unverified = [step for step in gate.results_in(job) if not step.verified]
    if not unverified:
        return None
    name = unverified[0].name  # as the run named it (a `${{ }}` in it evaluated)
    notes = [note for note in job.notes if name in note]
    return notes[0] if notes else f"{name} could not be verified offline"


def red_before(baseline: RunOutcome | None, gate: GateStep) -> Verdict | None:
    """A verdict when the clean project's run never reached the gate green, else None.

    A gate that is already red (or skipped because an earlier step of its job failed) on the
    clean project cannot show that a defect turns it red: that is the project's own finding,
    which `init`'s preflight reports, not a miss. A `[network]` gate that could not be verified
    is left to `unverified_before`."""
    chosen = _cells(baseline, gate)
    if not chosen:
        return None
    for job in chosen:
        step = next(iter(gate.results_in(job)), None)
        if step is not None and (step.outcome == "success" or not step.verified):
            return None
    job = chosen[0]
    if job.result == "skipped":  # e.g. django-checks, when the frontend it needs was red
        reason = (
            f"the clean run never reached this gate: {job.name} was skipped "
            "(a job it needs was red on the clean project)"
        )
        return Verdict("red before the defect", reason=reason)
    log_text = baseline.log.read_text(encoding="utf-8", errors="replace") if baseline else ""
    failed = failed_step(job)
    where = f"{job.name} / {failed.name}" if failed else job.name
    reason = f"red on the clean project, before any defect: {where}: {first_error(job, log_text)}"
    return Verdict("red before the defect", failed.name if failed else None, reason=reason)


def unverified_before(baseline: RunOutcome | None, gate: GateStep) -> Verdict | None:
    """The verdict when the clean run could not verify the gate's own step here (a `[network]`
    step, offline), else None. A defect's run on the same machine moments later could not
    verify it either, and `judge` looks at that before anything else, so the run is skipped
    and the verdict is the one it would give."""
    for job in _cells(baseline, gate):
        reason = _unverified_gate(job, gate)
        if reason is not None:
            return Verdict("not verifiable (offline)", reason=reason)
    return None


def _cells(baseline: RunOutcome | None, gate: GateStep) -> list[JobResult]:
    """The clean run's cells of the gate's job that a defect's run repeats."""
    cells = baseline.jobs(gate.job) if baseline is not None else []
    wanted = dict(gate.matrix)
    return [job for job in cells if _matches(job, wanted)] or cells


def _matches(job: JobResult, wanted: dict[str, str]) -> bool:
    return all(str(job.matrix.get(key)) == value for key, value in wanted.items())
