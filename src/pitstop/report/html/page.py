"""The shell every report shares: one HTML document with its CSS and script inline, and
`Text`, through which every string on the page goes (masked, then escaped)."""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass

from pitstop.report.html.style import CSS, EARLY_SCRIPT, SCRIPT


@dataclass(frozen=True)
class Text:
    """Masks secrets, then escapes: the only way text reaches the page."""

    mask: Callable[[str], str]

    def __call__(self, value: object) -> str:
        return html.escape(self.mask(str(value)))


def document(title: str, body: str, text: Text) -> str:
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{text(title)}</title><style>{CSS}</style>"
        f"<script>{EARLY_SCRIPT}</script></head>"
        f"<body>{body}<script>{SCRIPT}</script></body></html>\n"
    )


def duration(seconds: float) -> str:
    if seconds >= 60:
        return f"{int(seconds // 60)}m {seconds % 60:.0f}s"
    return f"{seconds:.1f}s"


def size(count: int) -> str:
    value = float(count)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{count} B"
