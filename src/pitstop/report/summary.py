"""The end of a run: a table (job, result, duration, first error), the conclusion, then the
notes, grouped (report/notes.py); `pitstop run` prints the path of report.html last."""

from __future__ import annotations

from collections.abc import Callable

from pitstop.report import first_error, notes
from pitstop.runner.masking import Masker
from pitstop.runner.run_state import JobResult, RunResult

SYMBOLS = {"success": "✓", "failure": "✗", "cancelled": "⊘", "skipped": "-", "not_run": "·"}
# How a result reads in the table; `not_run` is pitstop's own (--fail-fast), never GitHub's.
WORDS = {"not_run": "not run (stopped early)"}


def rows(run: RunResult) -> list[tuple[str, str, str, str]]:
    return [(_label(job), _result(job), f"{job.duration_s:.1f}s", _error(job)) for job in run.jobs]


def _label(job: JobResult) -> str:
    return f"{job.workflow}: {job.name}"


def _result(job: JobResult) -> str:
    text = f"{SYMBOLS.get(job.result, '?')} {WORDS.get(job.result, job.result)}"
    if job.result == "failure" and job.needs_result == "success":
        text += " (allowed)"
    if job.unverified:
        text += f", ⚠ {len(job.unverified)} not verified ({_why([job])})"
    return text


def _why(jobs: list[JobResult]) -> str:
    """Why steps were not verified, from the notes: `offline`, `no local Python 3.14`."""
    reasons = [
        note.split("(", 1)[1].split(")", 1)[0]
        for job in jobs
        for note in job.notes
        if note.startswith("not verified (")
    ]
    return ", ".join(dict.fromkeys(reasons)) or "offline"


def _error(job: JobResult) -> str:
    """The first error annotation, after the name of the step that failed (when one did)."""
    if job.result != "failure":
        return ""
    failed = first_error.failed_step(job)
    error = first_error.of_job(job)
    return f"{failed}: {error}" if failed and error else failed or error


def note_lines(run: RunResult) -> list[str]:
    """The notes, grouped and counted (report/notes.py), then what would have been pushed."""
    pushes = [
        f"would have pushed {push.line()} (to {push.url}; kept in the run's sandbox)"
        for push in run.pushes
    ]
    return notes.lines(run.jobs, _label) + pushes


def hint_lines(run: RunResult) -> list[str]:
    """`hint: ci.yml: test: install perl, ...`: what to do about each failed job's error."""
    return [
        f"hint: {_label(job)}: {hint}" for job in run.jobs if (hint := first_error.hint_of(job))
    ]


def conclusion_line(run: RunResult) -> str:
    counts: dict[str, int] = {}
    for job in run.jobs:
        word = WORDS.get(job.result, job.result)
        counts[word] = counts.get(word, 0) + 1
    parts = ", ".join(f"{n} {result}" for result, n in sorted(counts.items()))
    unverified = sum(len(job.unverified) for job in run.jobs)
    if unverified:
        parts += f"; {unverified} step(s) NOT VERIFIED ({_why(run.jobs)}), see the notes"
    return f"{run.conclusion}: {parts or 'no jobs'} — logs in {run.run_dir / 'logs'}"


def print_plain(run: RunResult, masker: Masker, write: Callable[[str], None]) -> None:
    table = [("job", "result", "duration", "first error"), *rows(run)]
    widths = [max(len(row[i]) for row in table) for i in range(3)]
    for row in table:
        cells = [row[i].ljust(widths[i]) for i in range(3)] + [row[3]]
        write(masker.mask("  ".join(cells).rstrip()))
    write(masker.mask(conclusion_line(run)))
    for line in note_lines(run):
        write(masker.mask(f"note: {line}"))
    for line in hint_lines(run):
        write(masker.mask(line))


def print_rich(run: RunResult, masker: Masker) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table("job", "result", "duration", "first error", title="pitstop run")
    styles = {
        "success": "green",
        "failure": "red",
        "cancelled": "yellow",
        "skipped": "dim",
        "not_run": "dim",
    }
    for job, row in zip(run.jobs, rows(run), strict=True):
        style = "yellow" if job.unverified and job.result == "success" else styles.get(job.result)
        table.add_row(*(Text(masker.mask(cell)) for cell in row), style=style)
    console = Console()
    console.print(table)
    console.print(masker.mask(conclusion_line(run)), markup=False)
    for line in note_lines(run):
        console.print(f"note: {masker.mask(line)}", markup=False)
    for line in hint_lines(run):
        console.print(masker.mask(line), markup=False, style="yellow")
