"""The first error a person would read in a failed job: what the summaries and `prove` show.

A specific error annotation (a tool's `::error`, a timeout) says it best. When the only one is
the runner's generic "Process completed with exit code N." or a bare heading ("Admin Command
Error"), the most telling line that the failed step printed is shown instead: a pytest
assertion, the exception a Python traceback ends with, a linter's rule code, a line saying
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
        # makemigrations --check: the app whose migration is missing (the system check
        # warnings it prints first, "?: (staticfiles.W004) ...", are not why it failed)
        r"^Migrations for '",
        r"\(\w+\.[EW]\d{3}\)",  # a Django system check: "?: (security.W004) You have not..."
        r"^Coverage failure: |Required test coverage of",  # coverage report, pytest-cov
        # `python -m pytest`, a tool not installed, `docker compose` without the plugin
        r"No module named |command not found$|: unknown command\b|is not a \w+ command",
        r"\berror:|\bError:|\bERROR\b|Error\b:",
        r"would reformat|\b[A-Z]{1,4}\d{3,4}\b|>> Issue:|exceeded",
        r"(?i)\bfail(ed|ure)?\b|not found",
    )
)
CODE_FRAME = re.compile(r"^\d*\s*[|│]")
# A heading that names no cause: "Admin Command Error", "Build failed", "Error".
HEADING = re.compile(r"^(?:[A-Z]\w*\s+){0,3}(?:Error|Errors|Failure|Failed|Exception)[.!:]?$", re.I)
TRACEBACK = "Traceback (most recent call last):"
# The line a traceback ends with: `ModuleNotFoundError: ...`, `django.core...Improperly...: ...`.
EXCEPTION = re.compile(r"^[A-Za-z_][\w.]*(?::\s|$)")
STEP_START = "▶ "
STEP_END = (STEP_START, "Post ", "Complete job")
LONGEST = 200


def pick(error_messages: Sequence[str], printed: Sequence[str]) -> str:
    """A specific error message, else the most telling printed line, else the generic one."""
    found = specific(error_messages)
    if found is not None:
        return found
    messages = [message.strip() for message in error_messages if message.strip()]
    raw = [ANSI.sub("", line).rstrip() for line in printed]
    lines = [line.strip().lstrip(FRAME) for line in raw]
    # A lone heading such as "Error:" says nothing: the message is on a later line; a source
    # line quoted in a code frame (ruff's `189 |     except AttributeError:`) is not the error.
    telling = [
        line
        for line in lines
        if not line.rstrip(":").isalpha() and not CODE_FRAME.match(line) and not HEADING.match(line)
    ]
    assertion, *others = ERROR_LINES
    found = _first(assertion, telling) or exception_line(raw)
    for pattern in others:
        found = found or _first(pattern, telling)
    if found is not None:
        return short(found)
    return short(messages[0]) if messages else ""


def _first(pattern: re.Pattern[str], lines: Sequence[str]) -> str | None:
    return next((line for line in lines if pattern.search(line) and GENERIC not in line), None)


def exception_line(lines: Sequence[str]) -> str | None:
    """The exception the last Python traceback ends with (the one raised): the first line
    after `Traceback (most recent call last):` that is not an indented frame."""
    found = None
    for index, line in enumerate(lines):
        if line.strip() != TRACEBACK:
            continue
        after = (text for text in lines[index + 1 :] if text.strip() and not text[0].isspace())
        candidate = next(after, None)
        if candidate is not None and EXCEPTION.match(candidate) and candidate != TRACEBACK:
            found = candidate
    return found


def specific(error_messages: Sequence[str]) -> str | None:
    """The first error message that is neither the runner's generic one nor a bare heading."""
    for message in error_messages:
        text = message.strip()
        if text and not text.startswith(GENERIC) and not HEADING.match(text.splitlines()[0]):
            return short(text)
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
