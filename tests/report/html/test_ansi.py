from __future__ import annotations

import pytest

from pitstop.report.html import ansi


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("plain", "plain"),
        ("\x1b[31mred\x1b[0m done", '<span class="ansi-fg-red">red</span> done'),
        ("\x1b[1;32mok\x1b[m", '<span class="ansi-bold ansi-fg-green">ok</span>'),
        ("\x1b[91mbright\x1b[39m x", '<span class="ansi-fg-red">bright</span> x'),
        ("\x1b[2Kcleared", "cleared"),
        ("<script>&", "&lt;script&gt;&amp;"),
        ("\x1b[33m<b>\x1b[0m", '<span class="ansi-fg-yellow">&lt;b&gt;</span>'),
        ("stray \x1b escape", "stray  escape"),
    ],
)
def test_to_html(line: str, expected: str) -> None:
    assert ansi.to_html(line) == expected


def test_plain() -> None:
    assert ansi.plain("\x1b[31mError: x\x1b[0m") == "Error: x"
