"""A job's log file, read back into sections: set-up, one per step (`▶ name`), clean-up.

The runner writes `▶ <step name>` before each step that runs, `Set up job ...` first and
`Complete job` last; `##[group]`/`##[endgroup]` fold lines, as on GitHub.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

STEP_MARK = "▶ "
COMPLETE = "Complete job"
SET_UP = "Set up job"  # the title of what the job logged before its first step


@dataclass(frozen=True)
class Section:
    title: str
    lines: tuple[str, ...]


def read(path: Path | None) -> list[Section]:
    """The log's sections; none when the job has no log (it did not run)."""
    if path is None or not path.is_file():
        return []
    return sections(path.read_text(encoding="utf-8", errors="replace").splitlines())


def sections(lines: list[str]) -> list[Section]:
    found: list[Section] = []
    title, current = SET_UP, list[str]()
    for line in lines:
        if line.startswith(STEP_MARK) or line == COMPLETE:
            if current or title != SET_UP:
                found.append(Section(title, tuple(current)))
            title, current = line.removeprefix(STEP_MARK), []
            continue
        current.append(line)
    if current or title != SET_UP:
        found.append(Section(title, tuple(current)))
    return found


def by_step(found: list[Section], names: list[str]) -> dict[int, Section]:
    """Step index -> its section: steps that ran have a `▶ name` section, in order."""
    matched: dict[int, Section] = {}
    queue = [s for s in found if s.title not in (SET_UP, COMPLETE)]
    for index, name in enumerate(names):
        if queue and queue[0].title == name:
            matched[index] = queue.pop(0)
    return matched
