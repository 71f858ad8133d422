from __future__ import annotations

from pitstop.report.html import graph, timeline
from pitstop.runner.run_state import JobResult, Outcome, StepResult


def job(name: str, started: float | None = None, duration: float = 0.0) -> JobResult:
    return JobResult(
        "ci.yml", name, name, result="success", started_at=started, duration_s=duration,
        ran=started is not None,
        steps=[StepResult("a", outcome=Outcome.SUCCESS, conclusion=Outcome.SUCCESS, duration_s=1.0),
               StepResult("b", outcome=Outcome.SKIPPED, conclusion=Outcome.SKIPPED)],
    )  # fmt: skip


def test_columns_by_depth_of_needs() -> None:
    needs = {("ci.yml", "test"): ("lint",), ("ci.yml", "deploy"): ("test", "lint")}
    jobs = [job("deploy"), job("test"), job("lint")]
    columns = graph.columns(jobs, needs)
    assert [[j.id for j in column] for column in columns] == [["lint"], ["test"], ["deploy"]]


def test_a_needs_cycle_does_not_recurse_forever() -> None:
    needs = {("ci.yml", "a"): ("b",), ("ci.yml", "b"): ("a",)}
    assert graph.depth("ci.yml", "a", needs) >= 1


def test_bars_start_at_the_first_job() -> None:
    bars = timeline.bars([job("lint", 100.0, 2.0), job("test", 102.5, 3.0), job("never")])
    assert [(b.label, b.start_s, b.job) for b in bars] == [
        ("lint", 0.0, True),
        ("a", 0.0, False),
        ("test", 2.5, True),
        ("a", 2.5, False),
    ]
    assert timeline.span(bars) == 5.5
    assert timeline.span([]) == 1.0
