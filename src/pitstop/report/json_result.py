"""`--json PATH|-`: the run as a machine-readable document (shape in docs/run-json.md).

Other tools depend on this shape; keep it stable. Every string is masked.
"""

from __future__ import annotations

import json
from pathlib import Path

from pitstop.runner.masking import Masker
from pitstop.runner.run_state import JobResult, RunResult


def run_document(run: RunResult) -> dict[str, object]:
    return {
        "conclusion": run.conclusion,
        "run_dir": str(run.run_dir),
        "jobs": [job_document(job) for job in run.jobs],
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
        "outputs": job.outputs,
        "steps": [
            {
                "name": step.name,
                "outcome": step.outcome,
                "conclusion": step.conclusion,
                "verified": step.verified,
                "duration_s": round(step.duration_s, 3),
            }
            for step in job.steps
        ],
        "annotations": [
            {"level": a.level, "file": a.file, "line": a.line, "message": a.message}
            for a in job.annotations
        ],
        "notes": job.notes,
    }


def render(run: RunResult, masker: Masker) -> str:
    """The document as JSON text; every string in it masked (keys and values)."""
    return json.dumps(_masked(run_document(run), masker), indent=2, default=str) + "\n"


def _masked(value: object, masker: Masker) -> object:
    """Mask strings one by one, so that a secret like `true` cannot break the JSON."""
    if isinstance(value, str):
        return masker.mask(value)
    if isinstance(value, dict):
        return {masker.mask(str(k)): _masked(v, masker) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_masked(item, masker) for item in value]
    return value


def write(run: RunResult, masker: Masker, destination: str) -> str | None:
    """Write to a file, or return the text for stdout when `destination` is `-`."""
    text = render(run, masker)
    if destination == "-":
        return text
    path = Path(destination)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return None
