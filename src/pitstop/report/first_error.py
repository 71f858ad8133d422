"""The first error a person would read in a failed job: what the summaries and `prove` show.

A specific error annotation (a tool's `::error`, a timeout) says it best. When the only one is
the runner's generic "Process completed with exit code N.", the most telling line that the
failed step printed is shown instead: a pytest assertion, a linter's rule code, a line saying
"error:". Paths inside a job's workspace are shown relative to it, as the user's own files.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from pitstop.runner.run_state import JobResult

GENERIC = "Process completed with exit code"
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
WORKSPACE = re.compile(r"/\S*/jobs/[^/\s]+/workspace/")  # pitstop run's job folders
FRAME = "│┃|┌└ \t"  # a box some tools draw around a message (Tailwind's CLI)
# What an error line looks like, most telling first.
ERROR_LINES = tuple(
    re.compile(pattern)
    for pattern in (
        r"^E\s{2,}\S|^AssertionError\b",  # the assertion's detail (pytest, unittest)
        r"^FAILED\b|\.\.\.+\s*Failed$",  # pytest summary, pre-commit hook
        r"\(\w+\.[EW]\d{3}\)",  # a Django system check: "?: (security.W004) You have not..."
        r"^Coverage failure: |Required test coverage of",  # coverage report, pytest-cov
        r"No module named |command not found$",  # `python -m pytest`, a tool not installed
        r"\berror:|\bError:|\bERROR\b|Error\b:",
        r"would reformat|\b[A-Z]{1,4}\d{3,4}\b|>> Issue:|exceeded",
        r"^Migrations for '",  # makemigrations --check: the app whose migration is missing
        r"(?i)\bfail(ed|ure)?\b|not found",
    )
)
CODE_FRAME = re.compile(r"^\d*\s*[|│]")
STEP_START = "▶ "
STEP_END = (STEP_START, "Post ", "Complete job")
LONGEST = 200


def pick(error_messages: Sequence[str], printed: Sequence[str]) -> str:
    """A specific error message, else the most telling printed line, else the generic one."""
    found = specific(error_messages)
    if found is not None:
        return found
    messages = [message.strip() for message in error_messages if message.strip()]
    lines = [ANSI.sub("", line).strip().lstrip(FRAME) for line in printed]
    # A lone heading such as "Error:" says nothing: the message is on a later line; a source
    # line quoted in a code frame (ruff's `189 |     except AttributeError:`) is not the error.
    telling = [
        line for line in lines if not line.rstrip(":").isalpha() and not CODE_FRAME.match(line)
    ]
    for pattern in ERROR_LINES:
        for line in telling:
            if pattern.search(line) and GENERIC not in line:
                return short(line)
    return short(messages[0]) if messages else ""


def specific(error_messages: Sequence[str]) -> str | None:
    """The first error message that is not the runner's generic one, shortened."""
    for message in error_messages:
        if message.strip() and not message.strip().startswith(GENERIC):
            return short(message.strip())
    return None


def short(message: str) -> str:
    """The first line, with the job's workspace path made relative."""
    first = message.splitlines()[0] if message else ""
    return WORKSPACE.sub("", first)[:LONGEST]


def step_lines(lines: Sequence[str], step_name: str | None) -> list[str]:
    """What a job printed during one step (a job's output marks each step `▶ name`).

    All of the job's lines when the step's mark is not there."""
    mark = f"{STEP_START}{step_name}" if step_name else None
    if mark not in lines:
        return list(lines)
    after = list(lines[lines.index(mark) + 1 :])
    end = next((i for i, line in enumerate(after) if line.startswith(STEP_END)), len(after))
    return after[:end]


def failed_step(job: JobResult) -> str | None:
    """The name of the step that failed the job (not one allowed by continue-on-error)."""
    return next((step.name for step in job.steps if step.conclusion == "failure"), None)


def of_job(job: JobResult) -> str:
    """The first error of a finished job, from its annotations, else from its log file."""
    if job.result != "failure":
        return ""
    messages = [a.message for a in job.annotations if a.level == "error"]
    found = specific(messages)
    if found is not None:  # the log is read only when the annotations say nothing telling
        return found
    return pick(messages, step_lines(_log_lines(job.log_path), failed_step(job)))


def hint_of(job: JobResult) -> str:
    """What to do about a failed job: the hint of its first error that has one."""
    if job.result != "failure":
        return ""
    return next((a.hint for a in job.annotations if a.level == "error" and a.hint), "")


def _log_lines(path: Path | None) -> list[str]:
    if path is None or not path.is_file():
        return []
    return path.read_text(encoding="utf-8", errors="replace").splitlines()
