"""A log section as HTML: one numbered line per log line, ANSI colours as spans,
`##[group]` folded into `<details>`, and anchors for the lines annotations point at."""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from pitstop.actions.base import Annotation
from pitstop.report.html import ansi

GROUP, END_GROUP = "##[group]", "##[endgroup]"
MAX_LINES = 5000
PREFIXES = {
    "error": ("Error: ", "##[error]"),
    "warning": ("Warning: ", "##[warning]"),
    "notice": ("Notice: ", "##[notice]"),
}


@dataclass(frozen=True)
class Anchored:
    """An annotation and the id of the log line that shows it (None when no line does)."""

    annotation: Annotation
    anchor: str | None


def anchor_annotations(
    annotations: Sequence[Annotation], logs: Mapping[str, Sequence[str]]
) -> list[Anchored]:
    """Find, for each annotation, the first not yet claimed line that prints it.

    `logs` maps a line-id prefix (one per section) to the section's lines.
    """
    claimed: set[str] = set()
    anchored = []
    for annotation in annotations:
        anchor = _find(annotation, logs, claimed)
        if anchor is not None:
            claimed.add(anchor)
        anchored.append(Anchored(annotation, anchor))
    return anchored


def _find(
    annotation: Annotation, logs: Mapping[str, Sequence[str]], claimed: set[str]
) -> str | None:
    if not annotation.message.strip():
        return None
    first = annotation.message.splitlines()[0]
    wanted = {prefix + first for prefix in PREFIXES[annotation.level]}
    for prefix, lines in logs.items():
        for number, line in enumerate(lines, start=1):
            anchor = f"{prefix}-{number}"
            if anchor not in claimed and ansi.plain(line).strip() in wanted:
                return anchor
    return None


def render(
    lines: Sequence[str], prefix: str, levels: Mapping[str, str], mask: Callable[[str], str]
) -> str:
    """The lines as HTML; `levels` maps anchors to an annotation level (highlighted).

    A step's last `MAX_LINES` lines are shown (where its errors are); the log file has all.
    """
    out = ['<div class="log">']
    skipped = max(0, len(lines) - MAX_LINES)
    if skipped:
        out.append(f'<div class="line muted">… {skipped} earlier lines are in the log file</div>')
    depth = 0
    for number, line in enumerate(lines[skipped:], start=skipped + 1):
        anchor = f"{prefix}-{number}"
        text = mask(line)
        if text.startswith(GROUP):
            title = html.escape(text.removeprefix(GROUP))
            out.append(f'<details class="group"><summary id="{anchor}">{title}</summary>')
            depth += 1
            continue
        if text.startswith(END_GROUP) and depth:
            out.append("</details>")
            depth -= 1
            continue
        level = levels.get(anchor)
        css = f"line {level}" if level else "line"
        out.append(
            f'<div class="{css}" id="{anchor}"><a class="ln" href="#{anchor}">{number}</a>'
            f"<code>{ansi.to_html(text)}</code></div>"
        )
    out.append("</details>" * depth + "</div>")
    return "".join(out)
