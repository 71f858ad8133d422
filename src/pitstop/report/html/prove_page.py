"""The report of `pitstop prove`: the clean run, then each defect, the gate that caught it
(or did not), the first error and the time."""

from __future__ import annotations

from pathlib import Path

from pitstop.prove.campaign import BaselineReport, Proof
from pitstop.report.html.page import Text, document, duration
from pitstop.report.prove_report import SAYS, conclusion

# Verdicts and conclusions to colours; "partial" and the rest show as warnings.
CLASSES = {
    "caught": "success",
    "proven": "success",
    "missed": "failure",
    "error": "failure",
    "failed": "failure",
}


def render(proof: Proof) -> str:
    """Prove's runs mask their own logs; the page escapes what it shows."""
    text = Text(lambda value: value)
    verdict = conclusion(proof)
    caught = sum(report.verdict.result == "caught" for report in proof.defects)
    head = (
        f'<h1>pitstop prove: <span id="conclusion" class="{CLASSES.get(verdict, "cancelled")}'
        f'">{text(verdict)}</span></h1><p class="muted">{text(proof.project)} · {caught} of '
        f"{len(proof.defects)} defects caught; {text(SAYS[verdict])}</p>"
    )
    return document(f"pitstop prove: {verdict}", head + _baseline(proof.baseline, text)
                    + _defects(proof, text), text)  # fmt: skip


def _baseline(baseline: BaselineReport | None, text: Text) -> str:
    if baseline is None:
        return ""
    state = "green" if baseline.green else "red" if baseline.completed else "did not complete"
    red = "".join(f"<li>{text(line)}</li>" for line in baseline.red_jobs)
    notes = "".join(f"<li>note: {text(line)}</li>" for line in baseline.notes)
    css = "success" if baseline.green else "failure"
    return (
        f'<h2>The clean run</h2><p id="baseline" class="{css}">{state} in '
        f'{duration(baseline.duration_s)}</p><ul>{red}</ul><ul class="muted">{notes}</ul>'
    )


def _defects(proof: Proof, text: Text) -> str:
    rows = []
    for report in proof.defects:
        verdict = report.verdict
        shown = f"caught ({verdict.caught_by})" if verdict.caught_by else verdict.result
        rows.append(
            f'<tr data-result="{text(verdict.result)}"><td><strong>{text(report.defect.name)}'
            f'</strong><div class="muted">{text(report.defect.summary)}</div></td>'
            f"<td>{text(report.where)}</td><td>{text(report.gate or '-')}</td>"
            f'<td class="{CLASSES.get(verdict.result, "cancelled")}">{text(shown)}</td>'
            f"<td><code>{text(verdict.first_error or verdict.reason)}</code></td>"
            f"<td>{duration(report.duration_s)}</td></tr>"
        )
    return (
        '<h2>Defects</h2><table id="defects"><tr><th>defect</th><th>injected at</th>'
        "<th>gate</th><th>result</th><th>first error</th><th>time</th></tr>"
        f"{''.join(rows)}</table>"
    )


def write(proof: Proof, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(proof), encoding="utf-8")
    return path
