"""The report of a real failing run, as a person sees it in a real browser."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.report.html.browser import Page, load, screenshot
from tests.report.html.conftest import SECRET, FailingRun


@pytest.fixture(scope="module")
def page(failing_run: FailingRun, tmp_path_factory: pytest.TempPathFactory) -> Page:
    return load(failing_run.run_dir / "report.html", tmp_path_factory.mktemp("profile"))


def test_the_script_ran_and_logged_nothing(page: Page) -> None:
    assert 'data-report-ready="yes"' in page.body
    assert "data-report-errors" not in page.body
    assert page.console == ()


def test_a_person_sees_the_failing_job_and_test(page: Page) -> None:
    text = page.text
    assert "pitstop run: failure" in text
    assert "✗ failure" in text
    assert "Failing tests" in text
    assert (
        "tests.test_app.test_sum_is_wrong (test (one)): AssertionError: two and two make four"
        in text
    )
    assert SECRET not in page.dom


def test_the_timeline_has_bars_for_jobs_and_steps(page: Page) -> None:
    timeline = page.dom[page.dom.index('id="timeline"') :]
    widths = re.findall(r'class="row (job|step)".*?width:\s*([\d.]+)%', timeline)
    assert {kind for kind, _ in widths} == {"job", "step"}
    assert any(float(width) > 10 for kind, width in widths if kind == "job")


def test_a_log_line_in_the_page_is_text_not_markup(page: Page) -> None:
    assert '<script>document.title="pwned"</script>' in page.text
    assert "<title>pitstop run: failure</title>" in page.dom


def test_a_link_to_a_log_line_opens_the_folded_job(failing_run: FailingRun, tmp_path: Path) -> None:
    anchor = re.search(r'<a href="#(j0-s1-\d+)">warning:', failing_run.html)
    assert anchor is not None
    closed = re.search(r'<details class="job" id="job-0"[^>]*>', failing_run.html)
    assert closed is not None and " open" not in closed.group(0)  # lint succeeded: folded
    opened = load(failing_run.run_dir / "report.html", tmp_path, f"#{anchor.group(1)}")
    job = re.search(r'<details class="job" id="job-0"[^>]*>', opened.dom)
    assert job is not None and "open" in job.group(0)
    assert opened.console == ()


def test_a_script_error_would_be_seen(tmp_path: Path) -> None:
    """The check above can fail: a page whose script throws is caught both ways."""
    broken = tmp_path / "broken.html"
    broken.write_text(
        "<html><body><script>window.__reportErrors=[];"
        "window.addEventListener('error',function(e){document.body.setAttribute("
        "'data-report-errors',String(e.message))});</script>"
        "<script>notDefined();</script></body></html>",
        encoding="utf-8",
    )
    page = load(broken, tmp_path / "profile")
    assert "data-report-errors" in page.body
    assert any("notDefined" in line for line in page.console)


def test_a_screenshot_of_the_failing_run(failing_run: FailingRun, tmp_path: Path) -> None:
    shot = screenshot(failing_run.run_dir / "report.html", tmp_path / "p", tmp_path / "r.png")
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG") and len(data) > 20_000
