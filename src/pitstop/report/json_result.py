"""`--json PATH|-`: the run as a machine-readable document (shape in docs/run-json.md).

Other tools depend on this shape; keep it stable. Every string is masked.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from pitstop.actions.base import Annotation
from pitstop.runner.masking import Masker
from pitstop.runner.run_state import JobResult, JobResultValue, Outcome, RunResult, StepResult

Needs = Mapping[tuple[str, str], tuple[str, ...]]  # (workflow file, job id) -> needed job ids


def run_document(run: RunResult, needs: Needs | None = None) -> dict[str, object]:
    origin = min((job.started_at for job in run.jobs if job.started_at is not None), default=0.0)
    document: dict[str, object] = {
        "conclusion": run.conclusion,
        "run_dir": str(run.run_dir),
        "jobs": [job_document(job) | _placement(run, job, origin, needs or {}) for job in run.jobs],
        "pushes": [push.to_json() for push in run.pushes],
    }
    if run.error is not None:  # a partial document: why the run stopped
        document["error"] = run.error
    return document


def _placement(run: RunResult, job: JobResult, origin: float, needs: Needs) -> dict[str, object]:
    """Where the job sits in the run: what it needs, when it started, where its log is."""
    log = job.log_path
    return {
        "needs": list(needs.get((job.workflow, job.id), ())),
        "started_s": None if job.started_at is None else round(job.started_at - origin, 3),
        "log": None
        if log is None
        else str(log.relative_to(run.run_dir) if log.is_relative_to(run.run_dir) else log),
    }


def job_document(job: JobResult) -> dict[str, object]:
    return {
        "workflow": job.workflow,
        "id": job.id,
        "name": job.name,
        "matrix": job.matrix,
        "result": job.result,
        "unverified": job.unverified,
        "duration_s": round(job.duration_s, 3),
        "phases_s": {name: round(seconds, 3) for name, seconds in job.phases.items()},
        "outputs": job.outputs,
        "steps": [
            {
                "name": step.name,
                "id": step.id,
                "outcome": step.outcome.value,
                "conclusion": step.conclusion.value,
                "verified": step.verified,
                "duration_s": round(step.duration_s, 3),
            }
            for step in job.steps
        ],
        "annotations": [
            {
                "level": a.level,
                "file": a.file,
                "line": a.line,
                "message": a.message,
                "hint": a.hint,
            }
            for a in job.annotations
        ],
        "notes": job.notes,
    }


def render(run: RunResult, masker: Masker, needs: Needs | None = None) -> str:
    """The document as JSON text; every string in it masked (keys and values)."""
    return json.dumps(_masked(run_document(run, needs), masker), indent=2, default=str) + "\n"


def _masked(value: object, masker: Masker) -> object:
    """Mask strings one by one, so that a secret like `true` cannot break the JSON."""
    if isinstance(value, str):
        return masker.mask(value)
    if isinstance(value, dict):
        return {masker.mask(str(k)): _masked(v, masker) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_masked(item, masker) for item in value]
    return value


def write(
    run: RunResult, masker: Masker, destination: str, needs: Needs | None = None
) -> str | None:
    """Write to a file, or return the text for stdout when `destination` is `-`."""
    text = render(run, masker, needs)
    if destination == "-":
        return text
    path = Path(destination)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return None


# Reading the document back (`pitstop prove` reads its runs' results): typed records again.
OUTCOMES: dict[object, Outcome] = {outcome.value: outcome for outcome in Outcome}
JOB_RESULTS: dict[object, JobResultValue] = {
    "success": "success",
    "failure": "failure",
    "cancelled": "cancelled",
    "skipped": "skipped",
    "not_run": "not_run",
}
LEVELS: dict[object, Literal["error", "warning", "notice"]] = {
    "error": "error",
    "warning": "warning",
    "notice": "notice",
}


def read(path: Path) -> RunResult | None:
    """The run written to `path`; None when there is none (the run did not get that far)."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return from_document(document) if isinstance(document, dict) else None


def from_document(document: dict[str, Any]) -> RunResult:
    run_dir = Path(str(document.get("run_dir", "")))
    jobs = [_job(job, run_dir) for job in document.get("jobs", []) if isinstance(job, dict)]
    cancelled = document.get("conclusion") == "cancelled"
    return RunResult(run_dir, jobs, cancelled=cancelled)


def needs_of(document: dict[str, Any]) -> dict[tuple[str, str], tuple[str, ...]]:
    """The `needs` of each job in a document (empty for documents written before they were)."""
    return {
        (str(job.get("workflow", "")), str(job.get("id", ""))): tuple(
            str(n) for n in job.get("needs") or ()
        )
        for job in document.get("jobs", [])
        if isinstance(job, dict)
    }


def _job(job: dict[str, Any], run_dir: Path) -> JobResult:
    started, log = job.get("started_s"), job.get("log")
    return JobResult(
        workflow=str(job.get("workflow", "")),
        id=str(job.get("id", "")),
        name=str(job.get("name", "")),
        matrix=dict(job.get("matrix") or {}),
        result=JOB_RESULTS.get(job.get("result"), "skipped"),
        duration_s=float(job.get("duration_s") or 0.0),
        phases={str(k): float(v) for k, v in (job.get("phases_s") or {}).items()},
        outputs={str(k): str(v) for k, v in (job.get("outputs") or {}).items()},
        steps=[_step(step) for step in job.get("steps", []) if isinstance(step, dict)],
        annotations=[_annotation(a) for a in job.get("annotations", []) if isinstance(a, dict)],
        notes=[str(note) for note in job.get("notes", [])],
        log_path=run_dir / log if isinstance(log, str) else None,
        started_at=float(started) if isinstance(started, int | float) else None,
        ran=isinstance(started, int | float),
    )


def _step(step: dict[str, Any]) -> StepResult:
    return StepResult(
        name=str(step.get("name", "")),
        id=str(step["id"]) if step.get("id") is not None else None,
        outcome=OUTCOMES.get(step.get("outcome"), Outcome.SKIPPED),
        conclusion=OUTCOMES.get(step.get("conclusion"), Outcome.SKIPPED),
        duration_s=float(step.get("duration_s") or 0.0),
        verified=bool(step.get("verified", True)),
    )


def _annotation(annotation: dict[str, Any]) -> Annotation:
    line = annotation.get("line")
    return Annotation(
        level=LEVELS.get(annotation.get("level"), "notice"),
        message=str(annotation.get("message", "")),
        file=annotation.get("file") if isinstance(annotation.get("file"), str) else None,
        line=line if isinstance(line, int) else None,
        hint=str(annotation["hint"]) if annotation.get("hint") is not None else None,
    )
