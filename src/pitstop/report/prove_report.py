"""`pitstop prove`'s report: a table on a terminal, plain lines otherwise, and JSON."""

from __future__ import annotations

import json
import sys
from typing import Any, TextIO

from rich.console import Console
from rich.table import Table

from pitstop.prove.campaign import DefectReport, Proof
from pitstop.prove.verdict import UNVERIFIABLE

STYLES = {
    "caught": "green",
    "missed": "bold red",
    "error": "bold red",
    "skipped": "yellow",
    "red before the defect": "yellow",
    "not verifiable (offline)": "bold yellow",
    "not verifiable (set-up)": "bold yellow",
}


def to_json(proof: Proof) -> dict[str, Any]:
    """The stable, documented shape (docs/prove.md)."""
    baseline = proof.baseline
    return {
        "project": proof.project,
        "conclusion": conclusion(proof),
        "baseline": None
        if baseline is None
        else {
            "green": baseline.green,
            "red_jobs": list(baseline.red_jobs),
            "notes": list(baseline.notes),
            "duration_s": round(baseline.duration_s, 1),
        },
        "defects": [_defect_json(report) for report in proof.defects],
    }


def conclusion(proof: Proof) -> str:
    """failed (a gate missed its defect, or an error); partial (the clean run is red, yet no
    gate it reached was missed); unverified (no gate missed, but some could not be checked
    here, or nothing was caught at all); proven."""
    baseline = proof.baseline
    bad = any(report.verdict.result in {"missed", "error"} for report in proof.defects)
    if bad or baseline is None or not baseline.completed:
        return "failed"
    if not baseline.green:
        return "partial"
    caught = any(report.verdict.result == "caught" for report in proof.defects)
    unverified = any(report.verdict.result in UNVERIFIABLE for report in proof.defects)
    return "unverified" if unverified or not caught else "proven"


def _defect_json(report: DefectReport) -> dict[str, Any]:
    verdict = report.verdict
    return {
        "defect": report.defect.name,
        "summary": report.defect.summary,
        "where": report.where,
        "gate": report.gate,
        "result": verdict.result,
        "caught_by": verdict.caught_by,
        "first_error": verdict.first_error,
        "reason": verdict.reason,
        "duration_s": round(report.duration_s, 1),
    }


def _result_text(report: DefectReport) -> str:
    verdict = report.verdict
    if verdict.result == "caught" and verdict.caught_by:
        return f"caught ({verdict.caught_by})"
    return verdict.result


SAYS = {
    "proven": "every gate turns red",
    "partial": "no gate missed, but some were red before the defect",
    "unverified": "NOT PROVEN: no gate missed, but some could not be checked here",
    "failed": "SOME GATES DID NOT TURN RED",
}


def print_report(proof: Proof, out: TextIO | None = None) -> None:
    stream = out or sys.stdout
    baseline = proof.baseline
    if baseline is not None and not baseline.completed:
        print("The clean run did not complete, so no defect can be proven:", file=stream)
        for line in baseline.red_jobs:
            print(f"  {line}", file=stream)
        return
    if baseline is not None and not baseline.green:
        print(
            "The clean project is already red (its own findings, as init's preflight says):",
            file=stream,
        )
        for line in baseline.red_jobs:
            print(f"  red on clean code: {line}", file=stream)
        print(
            "Gates the clean run did not reach green cannot be proven until that is fixed.",
            file=stream,
        )
    if stream.isatty():
        _table(proof, Console(file=stream))
    else:
        _plain(proof, stream)
    if baseline is not None:
        for note in baseline.notes:
            print(f"note (clean run): {note}", file=stream)
    caught = sum(r.verdict.result == "caught" for r in proof.defects)
    print(
        f"{caught} of {len(proof.defects)} defects caught; {SAYS[conclusion(proof)]}",
        file=stream,
    )


def _table(proof: Proof, console: Console) -> None:
    table = Table(title=f"pitstop prove: {proof.project}")
    for column in ("defect", "injected at", "gate", "result", "first error", "time"):
        table.add_column(column, overflow="fold")
    for report in proof.defects:
        style = STYLES.get(report.verdict.result, "")
        detail = report.verdict.first_error or report.verdict.reason
        table.add_row(
            f"{report.defect.name}\n{report.defect.summary}",
            report.where,
            report.gate,
            f"[{style}]{_result_text(report)}[/]",
            detail,
            f"{report.duration_s:.0f}s",
        )
    console.print(table)


def _plain(proof: Proof, stream: TextIO) -> None:
    for report in proof.defects:
        detail = report.verdict.first_error or report.verdict.reason
        print(
            f"{report.defect.name}: {_result_text(report)} | gate {report.gate or '-'} | "
            f"at {report.where or '-'} | {report.duration_s:.0f}s | {detail}",
            file=stream,
        )


def write_json(proof: Proof, target: str) -> None:
    text = json.dumps(to_json(proof), indent=2) + "\n"
    if target == "-":
        sys.stdout.write(text)
    else:
        with open(target, "w", encoding="utf-8") as sink:
            sink.write(text)
