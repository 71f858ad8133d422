from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from pitstop import cli
from tests.scenarios.test_scenarios import make_repo

WORKFLOW = """
on: [push, pull_request]
jobs:
  hello:
    runs-on: ubuntu-latest
    outputs:
      number: ${{ steps.n.outputs.number }}
    steps:
      - id: n
        run: echo "number=${{ github.event.number }}" >> "$GITHUB_OUTPUT"
  after:
    needs: hello
    runs-on: ubuntu-latest
    steps:
      - run: echo after
"""


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    source = tmp_path / "source" / ".github" / "workflows"
    source.mkdir(parents=True)
    (source / "ci.yml").write_text(textwrap.dedent(WORKFLOW))
    return make_repo(tmp_path / "source", tmp_path / "repo")


def test_dry_run_prints_the_stages_and_runs_nothing(
    repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run_dir = tmp_path / "run"
    assert cli.main(["run", "-C", str(repo), "--dry-run", "--run-dir", str(run_dir)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines() == [
        "stage 1:",
        "  ci.yml: hello",
        "stage 2:",
        "  ci.yml: after  <- hello",
    ]
    assert not run_dir.exists()


def test_json_to_stdout_keeps_the_human_output_on_stderr(
    repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    payload = tmp_path / "event.json"
    payload.write_text(json.dumps({"number": 42}))
    argv = ["run", "-C", str(repo), "--run-dir", str(tmp_path / "run"), "--json", "-"]
    code = cli.main([*argv, "--event", "pull_request", "--event-file", str(payload)])
    captured = capsys.readouterr()
    assert code == 0
    document = json.loads(captured.out)
    assert document["conclusion"] == "success"
    assert document["jobs"][0]["outputs"] == {"number": "42"}
    assert "[hello] started" in captured.err and "success:" in captured.err
    logs = sorted(p.name for p in (tmp_path / "run" / "logs").iterdir())
    assert logs == ["ci-after.log", "ci-hello.log"]


@pytest.mark.parametrize(
    ("content", "message"),
    [("{not json", "is not valid JSON"), ("[1, 2]", "must hold a JSON object")],
)
def test_a_bad_event_file_is_a_clear_error(
    repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, message: str
) -> None:
    payload = tmp_path / "event.json"
    payload.write_text(content)
    argv = ["run", "-C", str(repo), "--run-dir", str(tmp_path / "run")]
    assert cli.main([*argv, "--event-file", str(payload)]) == 1
    assert message in capsys.readouterr().err


def test_the_run_dir_defaults_to_the_user_cache(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    assert cli.main(["run", "-C", str(repo), "-j", "hello"]) == 0
    runs = list((tmp_path / "cache" / "pitstop" / "runs").iterdir())
    assert len(runs) == 1 and (runs[0] / "logs" / "ci-hello.log").is_file()
    assert f"logs in {runs[0] / 'logs'}" in capsys.readouterr().out


def runs_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, keep: str) -> Path:
    """The default run folder's parent, in a cache of the test's own; `keep` runs kept."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("PITSTOP_KEEP_RUNS", keep)
    return tmp_path / "cache" / "pitstop" / "runs"


def test_a_run_in_the_user_cache_deletes_the_oldest_run_folders(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runs = runs_kept(tmp_path, monkeypatch, "2")
    for name in ("1000", "2000"):
        (runs / name / "jobs" / "hello" / "workspace").mkdir(parents=True)
    assert cli.main(["run", "-C", str(repo), "-j", "hello"]) == 0
    kept = sorted((p.name for p in runs.iterdir() if p.name.isdigit()), key=int)
    assert len(kept) == 2 and kept[0] == "2000"
    assert (runs / kept[1] / "logs" / "ci-hello.log").is_file()


def test_a_run_dir_given_by_hand_deletes_no_run_folder(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runs = runs_kept(tmp_path, monkeypatch, "1")
    (runs / "1000").mkdir(parents=True)
    assert cli.main(["run", "-C", str(repo), "-j", "hello", "--run-dir", str(runs / "9")]) == 0
    assert sorted(p.name for p in runs.iterdir()) == ["1000", "9"]


def test_a_bad_number_of_runs_to_keep_stops_before_anything_runs(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    runs = runs_kept(tmp_path, monkeypatch, "none")
    assert cli.main(["run", "-C", str(repo), "-j", "hello"]) == 1
    assert "PITSTOP_KEEP_RUNS='none' is not a number of runs" in capsys.readouterr().err
    assert not runs.exists()


def test_on_a_terminal_the_live_view_and_a_table_are_shown(repo: Path, tmp_path: Path) -> None:
    leader, follower = pty.openpty()
    env = {**os.environ, "COLUMNS": "120", "TERM": "xterm"}
    done = subprocess.run(
        [sys.executable, "-m", "pitstop", "run", "-C", str(repo), "--run-dir", str(tmp_path / "r")],
        stdout=follower,
        stderr=follower,
        env=env,
        check=False,
        timeout=120,
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    text = b"".join(chunks).decode(errors="replace")
    assert done.returncode == 0, text
    assert "pitstop run" in text and "hello" in text and "after" in text and "success" in text


MATRIX = """
on: push
jobs:
  test:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        python: ["3.11", "3.12"]
    steps:
      - run: echo hi
"""


@pytest.mark.parametrize(
    ("flag", "message"),
    [
        ("python=3.99", "values of 'python' in the selected jobs: 3.11, 3.12"),
        ("os=linux", "none: no matrix has this key"),
    ],
)
def test_a_matrix_filter_that_matches_nothing_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], flag: str, message: str
) -> None:
    source = tmp_path / "source" / ".github" / "workflows"
    source.mkdir(parents=True)
    (source / "ci.yml").write_text(textwrap.dedent(MATRIX))
    repo = make_repo(tmp_path / "source", tmp_path / "repo")
    assert cli.main(["run", "-C", str(repo), "--dry-run", "--matrix", flag]) == 1
    err = capsys.readouterr().err
    assert "matches no matrix cell" in err and message in err
