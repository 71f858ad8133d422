"""The first error line a reviewer reads, picked from a failed job's output."""

from __future__ import annotations

import pytest

from pitstop.actions.base import Annotation
from pitstop.prove.verdict import first_error
from pitstop.runner.run_state import JobResult, StepResult

GENERIC = Annotation("error", "Process completed with exit code 1.")


def job(*annotations: Annotation) -> JobResult:
    steps = [
        StepResult("Install", outcome="success"),
        StepResult("Run the tests", outcome="failure"),
    ]
    return JobResult("ci.yml", "test", "test (3.13)", steps=steps, annotations=list(annotations))


def log(*lines: str) -> str:
    body = ["▶ Install", "ERROR: not this step", "▶ Run the tests", *lines, "Post actions/cache"]
    return "\n".join(f"[test (3.13)] {line}" for line in [*body, "Cache not saved (failure)"])


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (
            ["rootdir: /tmp/failing-test/workspace", "E       assert not (3 == 3)", "FAILED t"],
            "E       assert not (3 == 3)",
        ),
        (
            ["FAIL: test_price (catalog.tests.T)", "AssertionError: '2.50' == '2.50'", "FAILED"],
            "AssertionError: '2.50' == '2.50'",
        ),
        (["\x1b[31mError:\x1b[39m Cannot apply unknown utility"], "Error: Cannot apply unknown"),
        (["trim trailing whitespace........Failed", "- hook id: x"], "trim trailing whitespace"),
        (["Migrations for 'boards':", "  0003_flag.py"], "Migrations for 'boards':"),
        (
            ["\x1b[31mError:\x1b[39m", "┌", "│ Error: Cannot apply unknown utility class `x`", "└"],
            "Error: Cannot apply unknown utility class `x`",
        ),
        (
            ["would reformat /tmp/w/defect-02/run/jobs/ci-quality/workspace/apps/models.py"],
            "would reformat apps/models.py",
        ),
        (["nothing telling here"], "Process completed with exit code 1."),
    ],
)
def test_the_most_telling_line_of_the_failed_step(lines: list[str], expected: str) -> None:
    assert first_error(job(GENERIC), log(*lines)).startswith(expected)


def test_a_specific_annotation_wins() -> None:
    specific = Annotation("error", "the build did not produce app.css\nmore")
    assert first_error(job(GENERIC, specific), log("E   x")) == "the build did not produce app.css"
