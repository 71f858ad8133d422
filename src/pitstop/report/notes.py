"""The notes at the end of a run, grouped and counted so that a green run stays quiet.

Notes that need a person (`not verified (...)`, skipped, cancelled, anything pitstop did not
expect) are always printed, one line per distinct text, with the jobs counted. Notes an
action writes about a local difference (`checkout fetch-depth 1: ...`, `cache ...`,
`artifact ...`) are grouped by action and fill what is left of `BUDGET` lines; the rest is
counted in one last line that points to report.html, where every note is listed.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from pitstop.runner.run_state import JobResult

BUDGET = 5
# The first word of the notes actions write about how they behave locally.
INFO_TOPICS = frozenset({
    "artifact", "cache", "checkout", "codecov", "condition", "pre-commit", "setup-node",
    "setup-python", "setup-uv", "trivy", "upload-artifact", "upload-sarif",
})  # fmt: skip
TOPIC = re.compile(r"[a-z][a-z0-9-]*")


def topic(note: str) -> str | None:
    """The action an informational note is about; None for a note that needs a person."""
    match = TOPIC.match(note)
    return match.group(0) if match and match.group(0) in INFO_TOPICS else None


def _count(names: list[str]) -> str:
    return f"{len(names)} jobs" if len(names) > 1 else names[0]


def _grouped(jobs: list[JobResult], label: Callable[[JobResult], str]) -> dict[str, list[str]]:
    """Each distinct note -> the jobs that wrote it, in order of first appearance."""
    grouped: dict[str, list[str]] = {}
    for job in jobs:
        for note in dict.fromkeys(job.notes):
            grouped.setdefault(note, []).append(label(job))
    return grouped


def lines(jobs: list[JobResult], label: Callable[[JobResult], str]) -> list[str]:
    grouped = _grouped(jobs, label)
    needed = [f"{note} ({_count(names)})" for note, names in grouped.items() if not topic(note)]
    topics: dict[str, dict[str, list[str]]] = {}
    for note, names in grouped.items():
        name = topic(note)
        if name:
            topics.setdefault(name, {})[note] = names
    info = [_topic_line(name, notes) for name, notes in topics.items()]
    room = max(0, BUDGET - len(needed))
    if len(info) <= room:
        return needed + info
    shown = info[: max(0, room - 1)]
    rest = list(topics)[len(shown) :]
    count = sum(len(topics[name]) for name in rest)
    more = f"{count} more note(s) about {', '.join(rest)}: all notes are in report.html"
    return [*needed, *shown, more]


def _topic_line(name: str, notes: dict[str, list[str]]) -> str:
    if len(notes) == 1:
        [(note, names)] = notes.items()
        return f"{note} ({_count(names)})"
    jobs = {job for names in notes.values() for job in names}
    first = next(iter(notes))
    return f"{name}: {len(notes)} notes in {len(jobs)} job(s), e.g. {first}"
