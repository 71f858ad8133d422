"""`pitstop report [RUN_DIR]`: the page written again from a run's run.json and logs."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import make_repo, pitstop

WORKFLOW = """\
on: push
jobs:
  hello:
    runs-on: ubuntu-latest
    steps:
      - run: echo "hello from the job"
  after:
    needs: hello
    runs-on: ubuntu-latest
    steps:
      - run: echo "::error file=a.py,line=2::it broke" && exit 1
"""


@pytest.fixture
def run_dir(tmp_path: Path) -> Path:
    repo = make_repo(tmp_path / "repo", {".github/workflows/ci.yml": WORKFLOW})
    done = pitstop("run", "-C", repo, "--run-dir", tmp_path / "run")
    assert done.code == 1, done.out + done.err
    return tmp_path / "run"


def test_a_moved_run_gets_its_page_again(run_dir: Path, tmp_path: Path) -> None:
    moved = tmp_path / "elsewhere"
    shutil.move(run_dir, moved)
    (moved / "report.html").unlink()
    done = pitstop("report", moved)
    done.assert_success()
    assert done.out.strip() == str(moved / "report.html")
    html = (moved / "report.html").read_text(encoding="utf-8")
    assert "hello from the job" in html  # the log, read from its new place
    assert "needs hello" in html and 'id="timeline"' in html
    assert 'class="line error"' in html and "error: a.py:2 it broke" in html


def test_the_latest_run_by_default(
    run_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runs = tmp_path / "cache" / "pitstop" / "runs"
    runs.mkdir(parents=True)
    shutil.copytree(run_dir, runs / "1")
    (runs / "2").mkdir()  # a run that never finished: no run.json
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    done = pitstop("report")
    done.assert_success()
    assert done.out.strip() == str(runs / "1" / "report.html")


def test_no_run_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    done = pitstop("report")
    assert done.code == 1 and "no finished run in" in done.err
    done = pitstop("report", tmp_path)
    assert done.code == 1 and "no run result here" in done.err and "Traceback" not in done.err
    (tmp_path / "run.json").write_text("[1]", encoding="utf-8")
    assert "not a run result (expected a JSON object)" in pitstop("report", tmp_path).err
    (tmp_path / "run.json").write_text("{oops", encoding="utf-8")
    assert "not a run result (" in pitstop("report", tmp_path).err


def test_open_hands_the_page_to_a_browser(run_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    opened = run_dir / "opened"
    browser = run_dir / "browser.sh"
    browser.write_text(f'#!/bin/sh\necho "$1" > {opened}\n', encoding="utf-8")
    browser.chmod(0o755)
    monkeypatch.setenv("BROWSER", str(browser))
    pitstop("report", run_dir, "--open").assert_success()  # webbrowser waits for $BROWSER
    assert opened.read_text(encoding="utf-8").strip() == (run_dir / "report.html").as_uri()
