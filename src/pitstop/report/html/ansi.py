"""ANSI colour codes in a log line -> escaped HTML with `<span class="...">`.

Only SGR sequences (`ESC [ ... m`) are rendered: foreground colours 30-37 and 90-97, bold,
and resets. Every other escape sequence is dropped; all text is HTML-escaped.
"""

from __future__ import annotations

import html
import re

SEQUENCE = re.compile(r"\x1b\[([0-9;]*)([A-Za-z])")
COLOURS = ("black", "red", "green", "yellow", "blue", "magenta", "cyan", "white")


def _classes(codes: str, current: list[str]) -> list[str]:
    """The classes in force after the SGR parameters `codes` (e.g. `1;31`)."""
    classes = list(current)
    for code in (int(part) if part else 0 for part in codes.split(";")):
        if code == 0:
            classes = []
        elif code == 1:
            classes = [c for c in classes if c != "ansi-bold"] + ["ansi-bold"]
        elif 30 <= code <= 37 or 90 <= code <= 97:
            colour = COLOURS[code % 10]
            classes = [c for c in classes if not c.startswith("ansi-fg")] + [f"ansi-fg-{colour}"]
        elif code == 39:
            classes = [c for c in classes if not c.startswith("ansi-fg")]
    return classes


def _span(text: str, classes: list[str]) -> str:
    escaped = html.escape(text)
    if not classes or not text:
        return escaped
    return f'<span class="{" ".join(classes)}">{escaped}</span>'


def to_html(line: str) -> str:
    """The line as HTML: text escaped, colours as spans, other escapes removed."""
    parts: list[str] = []
    classes: list[str] = []
    position = 0
    for match in SEQUENCE.finditer(line):
        parts.append(_span(line[position : match.start()], classes))
        if match.group(2) == "m":
            classes = _classes(match.group(1), classes)
        position = match.end()
    parts.append(_span(line[position:], classes))
    return "".join(parts).replace("\x1b", "")


def plain(line: str) -> str:
    """The line without escape sequences (to compare log text with annotations)."""
    return SEQUENCE.sub("", line)
