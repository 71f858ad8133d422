"""The report of a real failing run (tests/report/html/conftest.py), read as HTML text."""

from __future__ import annotations

import re
from pathlib import Path

from pitstop.actions.base import Annotation
from pitstop.report.html import run_page
from pitstop.runner.masking import Masker
from pitstop.runner.run_state import JobResult, Outcome, RunResult, StepResult
from tests.report.html.conftest import SECRET, FailingRun


def test_the_run_prints_the_report_path_last(failing_run: FailingRun) -> None:
    last = failing_run.outcome.out.strip().splitlines()[-1]
    assert last == f"report: {failing_run.run_dir / 'report.html'}"
    assert (failing_run.run_dir / "run.json").is_file()


def test_the_page_is_self_contained(failing_run: FailingRun) -> None:
    html = failing_run.html
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)
    assert "<link" not in html
    assert len(html) < 300_000


def test_a_secret_never_appears(failing_run: FailingRun) -> None:
    assert SECRET not in failing_run.html
    assert "token was ***" in failing_run.html


def test_log_text_is_escaped(failing_run: FailingRun) -> None:
    html = failing_run.html
    assert "&lt;script&gt;document.title=&quot;pwned&quot;&lt;/script&gt;" in html
    assert html.count("<script>") == 2  # the page's own two scripts


def test_what_a_person_looks_for(failing_run: FailingRun) -> None:
    html = failing_run.html
    assert 'id="conclusion">failure<' in html
    assert '<div class="card failure" data-result="failure"><a href="#job-1">test (one)</a>' in html
    assert "needs lint" in html
    assert "tests.test_app.test_sum_is_wrong" in html
    assert "two and two make four" in html
    assert 'id="timeline"' in html
    assert '<span class="ansi-fg-red">red words</span>' in html
    assert '<details class="group"><summary' in html and "Folded details" in html


def test_annotations_link_to_their_log_line(failing_run: FailingRun) -> None:
    html = failing_run.html
    link = re.search(r'<a href="#(j0-s1-\d+)">warning: app.py:1 check this line</a>', html)
    assert link is not None
    assert f'<div class="line warning" id="{link.group(1)}">' in html


def test_coverage_findings_and_artifacts(failing_run: FailingRun) -> None:
    html = failing_run.html
    assert re.search(r'<strong class="success">\d+(\.\d)?%</strong> \(floor 90%\)', html)
    assert "<td>linty</td><td>L001</td><td>error</td><td>app.py:1</td><td>risky call</td>" in html
    assert re.search(r"<td>lint-output</td><td>1</td><td>\d+ B</td>", html)
    assert ".pitstop" not in html


def unverified_run(tmp_path: Path) -> RunResult:
    step = StepResult(
        "[network] Upload coverage", outcome=Outcome.SUCCESS, conclusion=Outcome.SUCCESS
    )
    job = JobResult(
        "ci.yml",
        "test",
        "test <b>",
        result="success",
        steps=[
            StepResult("Run hunter2", outcome=Outcome.SUCCESS, conclusion=Outcome.SUCCESS),
            step,
        ],
        annotations=[Annotation("error", "leaked hunter2")],
        notes=["not verified (offline): [network] Upload coverage", "said hunter2"],
    )
    step.verified = False
    return RunResult(tmp_path, [job])


def test_unverified_steps_are_listed_at_the_top(tmp_path: Path) -> None:
    html = run_page.render(unverified_run(tmp_path), {}, Masker().mask)
    banner = html.index('id="not-verified"')
    assert banner < html.index('id="graph"')
    assert "not verified (offline): [network] Upload coverage" in html[banner:]
    assert 'id="conclusion">unverified<' in html
    assert "test &lt;b&gt;" in html and "test <b>" not in html


def test_the_runs_masker_applies_to_every_text(tmp_path: Path) -> None:
    html = run_page.render(unverified_run(tmp_path), {}, Masker(["hunter2"]).mask)
    assert "hunter2" not in html
    assert "Run ***" in html and "leaked ***" in html and "said ***" in html


def test_a_green_run_has_no_banner(tmp_path: Path) -> None:
    job = JobResult("ci.yml", "a", "a", result="success")
    html = run_page.render(RunResult(tmp_path, [job]), {}, Masker().mask)
    assert 'id="not-verified"' not in html
    assert 'id="conclusion">success<' in html


def test_an_unverified_step_without_a_note_is_listed_too(tmp_path: Path) -> None:
    step = StepResult(
        "pre-commit", outcome=Outcome.SUCCESS, conclusion=Outcome.SUCCESS, verified=False
    )
    job = JobResult("ci.yml", "hooks", "hooks", result="success", steps=[step])
    html = run_page.render(RunResult(tmp_path, [job]), {}, Masker().mask)
    assert "hooks</a>: step pre-commit not verified</li>" in html
