from __future__ import annotations

from pitstop.actions.base import Annotation
from pitstop.report.html import job_log, log_view


def identity(text: str) -> str:
    return text


def test_sections_split_at_steps() -> None:
    lines = ["Set up job x", "▶ Run a", "one", "▶ b", "two", "Complete job"]
    found = job_log.sections(lines)
    assert [s.title for s in found] == ["Set up job", "Run a", "b", "Complete job"]
    assert found[1].lines == ("one",)
    assert job_log.by_step(found, ["Run a", "skipped one", "b"]) == {0: found[1], 2: found[2]}


def test_groups_fold_into_details_and_text_is_escaped() -> None:
    html = log_view.render(
        ["##[group]Title <i>", "<script>alert(1)</script>", "##[endgroup]", "after"],
        "p",
        {},
        identity,
    )
    assert '<details class="group"><summary id="p-1">Title &lt;i&gt;</summary>' in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>" not in html
    assert html.index("</details>") < html.index("after")


def test_an_unclosed_group_is_closed() -> None:
    html = log_view.render(["##[group]x", "y"], "p", {}, identity)
    assert html.count("<details") == html.count("</details>")


def test_the_mask_applies_to_every_line() -> None:
    html = log_view.render(["token abc123"], "p", {}, lambda t: t.replace("abc123", "***"))
    assert "abc123" not in html
    assert "token ***" in html


def test_annotations_are_anchored_to_the_line_that_prints_them() -> None:
    logs = {"s0": ["hello", "Error: boom", "##[error]boom"], "s1": ["Warning: careful"]}
    found = log_view.anchor_annotations(
        [
            Annotation("error", "boom"),
            Annotation("error", "boom"),
            Annotation("warning", "careful", "a.py", 3),
            Annotation("notice", "nowhere"),
        ],
        logs,
    )
    assert [a.anchor for a in found] == ["s0-2", "s0-3", "s1-1", None]


def test_an_anchored_line_is_highlighted() -> None:
    html = log_view.render(["x", "Error: boom"], "p", {"p-2": "error"}, identity)
    assert '<div class="line error" id="p-2">' in html


def test_a_long_step_shows_its_last_lines_with_their_numbers() -> None:
    lines = [f"line {n}" for n in range(1, log_view.MAX_LINES + 11)]
    html = log_view.render(lines, "p", {}, identity)
    assert "… 10 earlier lines are in the log file" in html
    assert 'id="p-10"' not in html and 'id="p-11"' in html
    assert f"line {log_view.MAX_LINES + 10}" in html
