"""re-actors/alls-green: decide whether the needed jobs' results make the gate green.

Inputs, as the action reads them:
- `jobs` (required): `${{ toJSON(needs) }}`, a JSON object of job id -> {result, outputs}.
- `allowed-failures`, `allowed-skips`: job ids as a JSON list or a comma-separated list.

The matrix succeeds when every job that is neither allowed to fail nor to be skipped has
`result: success`, and every job allowed to be skipped is `success` or `skipped`. An empty
`jobs` object is an error. Outputs `result` (`success`/`failure`), `success` and `failure`
(`true`/`false`); a failing decision fails the step. The decision table goes to the step
summary.
"""

from __future__ import annotations

import json

from pitstop.actions import inputs
from pitstop.actions.base import ActionCall, ActionResult, Annotation

INPUTS = ("jobs", "allowed-failures", "allowed-skips")


def run(call: ActionCall) -> ActionResult:
    inputs.check_inputs(call, INPUTS)
    jobs = _jobs(call)
    allowed_failures = set(names(call.inputs.get("allowed-failures", "[]")))
    allowed_skips = set(names(call.inputs.get("allowed-skips", "[]")))
    result = ActionResult()
    if not jobs:
        result.conclusion = "failure"
        message = "Invalid input jobs matrix, please provide a non-empty `needs` context"
        result.annotations.append(Annotation("error", message))
        result.summary = f"# ❌ {message}\n"
        return result
    succeeded = decide(jobs, allowed_failures, allowed_skips)
    result.outputs = {
        "failure": str(not succeeded).lower(),
        "result": "success" if succeeded else "failure",
        "success": str(succeeded).lower(),
    }
    result.summary = _summary(jobs, succeeded, allowed_failures, allowed_skips)
    if not succeeded:
        result.conclusion = "failure"
        failed = [n for n, r in jobs.items() if r != "success" and n not in allowed_failures]
        message = f"Some of the required to succeed jobs failed: {', '.join(failed)}"
        result.annotations.append(Annotation("error", message))
    return result


def decide(jobs: dict[str, str], allowed_failures: set[str], allowed_skips: set[str]) -> bool:
    required = all(
        result == "success"
        for name, result in jobs.items()
        if name not in allowed_failures | allowed_skips
    )
    skippable = all(
        result in ("success", "skipped") for name, result in jobs.items() if name in allowed_skips
    )
    return required and skippable


def names(text: str) -> list[str]:
    """A JSON list, or else a comma-separated list, without empty entries."""
    try:
        parsed = json.loads(text)
    except json.JSONDecodeError:
        parsed = [part.strip() for part in text.split(",")]
    items = parsed if isinstance(parsed, list) else [parsed]
    return [str(item) for item in items if item]


def _jobs(call: ActionCall) -> dict[str, str]:
    raw = inputs.required(call, "jobs")
    try:
        parsed = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise inputs.error(
            call, f"jobs is not JSON: {exc}", hint="pass jobs: ${{ toJSON(needs) }}"
        ) from None
    if not isinstance(parsed, dict) or not all(
        isinstance(job, dict) and "result" in job for job in parsed.values()
    ):
        raise inputs.error(
            call,
            "jobs must be an object of job id -> {result, outputs}",
            hint="pass jobs: ${{ toJSON(needs) }}",
        )
    return {name: str(job["result"]) for name, job in parsed.items()}


def _summary(
    jobs: dict[str, str], succeeded: bool, allowed_failures: set[str], allowed_skips: set[str]
) -> str:
    head = (
        "# ✓ All of the required dependency jobs succeeded"
        if succeeded
        else "# ❌ Some of the required to succeed jobs failed"
    )
    lines = [head, "", "Job statuses:"]
    for name, result in jobs.items():
        status = (
            "allowed to fail"
            if name in allowed_failures
            else "required to succeed or be skipped"
            if name in allowed_skips
            else "required to succeed"
        )
        lines.append(f"- {name} → {result} [{status}]")
    return "\n".join(lines) + "\n"
