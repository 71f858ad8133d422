from __future__ import annotations

import argparse
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from pitstop import cli
from pitstop.commands import run
from pitstop.errors import PitstopError

CI = """\
name: CI
on:
  push:
    branches: [main]
  pull_request:
jobs:
  lint:
    runs-on: ubuntu-latest
    steps: [{run: ruff check}]
  test:
    needs: lint
    runs-on: ubuntu-latest
    strategy:
      matrix:
        python: ['3.12', '3.13']
    steps: [{run: pytest}]
"""

RELEASE = """\
on:
  push:
    tags: ['v*']
  workflow_dispatch:
jobs:
  publish:
    runs-on: ubuntu-latest
    steps: [{run: echo}]
"""


@dataclass(frozen=True)
class Outcome:
    code: int
    out: str
    err: str


def _repo(tmp_path: Path, files: dict[str, str], branch: str = "main") -> Path:
    for name, text in files.items():
        path = tmp_path / ".github" / "workflows" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    subprocess.run(["git", "init", "-q", "-b", branch, str(tmp_path)], check=True)
    return tmp_path


def _pitstop(cwd: Path, *args: str) -> Outcome:
    env = {**os.environ, "NO_COLOR": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "pitstop", "run", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    return Outcome(done.returncode, done.stdout, done.stderr)


def test_list_prints_every_cell_of_the_triggered_workflows(tmp_path: Path) -> None:
    repo = _repo(tmp_path, {"ci.yml": CI, "release.yml": RELEASE})
    outcome = _pitstop(repo, "--list")
    assert outcome.code == 0, outcome.err
    lines = outcome.out.splitlines()
    assert lines[0].split() == ["workflow", "job", "name", "needs", "events"]
    assert lines[1].split() == ["ci.yml", "lint", "lint", "push,", "pull_request"]
    assert lines[2].split() == ["ci.yml", "test", "test", "(3.12)", "lint", "push,", "pull_request"]
    assert "test (3.13)" in lines[3]
    assert "release.yml" not in outcome.out  # a branch push does not trigger a tag workflow


def test_list_for_another_event_and_a_given_file(tmp_path: Path) -> None:
    repo = _repo(tmp_path, {"ci.yml": CI, "release.yml": RELEASE})
    outcome = _pitstop(repo, "--list", "--event", "workflow_dispatch")
    assert outcome.code == 0 and "publish" in outcome.out and "ci.yml" not in outcome.out
    outcome = _pitstop(repo, "--list", ".github/workflows/release.yml")
    assert outcome.code == 0 and "publish" in outcome.out
    outcome = _pitstop(repo, "--list", "--ref", "v1", "--event", "push")
    assert outcome.code == 1 and "no workflow is triggered by 'push'" in outcome.err
    outcome = _pitstop(repo, "--list", "--ref", "refs/tags/v1")
    assert outcome.code == 0 and "publish" in outcome.out


def test_graph_prints_stages(tmp_path: Path) -> None:
    repo = _repo(tmp_path, {"ci.yml": CI})
    outcome = _pitstop(repo, "--graph")
    assert outcome.code == 0, outcome.err
    assert outcome.out.splitlines() == [
        "stage 1:",
        "  ci.yml: lint",
        "stage 2:",
        "  ci.yml: test (3.12)  <- lint",
        "  ci.yml: test (3.13)  <- lint",
    ]


def test_dash_j_and_pull_request(tmp_path: Path) -> None:
    repo = _repo(tmp_path, {"ci.yml": CI}, branch="feature")
    outcome = _pitstop(repo, "--list", "-j", "lint", "--event", "pull_request")
    assert outcome.code == 0 and "lint" in outcome.out and "test" not in outcome.out


def test_a_broken_workflow_is_a_clean_error(tmp_path: Path) -> None:
    repo = _repo(tmp_path, {"ci.yml": CI.replace("needs: lint", "needs: lnt")})
    outcome = _pitstop(repo, "--list")
    assert outcome.code == 1
    assert ".github/workflows/ci.yml:11:12" in outcome.err
    assert "    needs: lnt" in outcome.err and "did you mean 'lint'?" in outcome.err
    assert "Traceback" not in outcome.err


def test_no_workflows_is_a_clean_error_and_dry_run_shows_the_plan(tmp_path: Path) -> None:
    outcome = _pitstop(tmp_path, "--list")
    assert outcome.code == 1 and "no workflows in" in outcome.err
    repo = _repo(tmp_path, {"ci.yml": CI})
    outcome = _pitstop(repo, "--dry-run")
    assert outcome.code == 0 and outcome.out.startswith("stage 1:")


def _args(tmp_path: Path, *argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    run.add_arguments(parser)
    return parser.parse_args(["-C", str(tmp_path), *argv])


def test_the_list_is_a_rich_table_on_a_tty(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = _repo(tmp_path, {"ci.yml": CI})
    plan = run.build_plan(_args(repo, "--list", "--input", "a=b", "--var", "v=1"))
    run.print_list(plan, tty=True)
    out = capsys.readouterr().out
    assert "test (3.12)" in out and ("│" in out or "|" in out)


def test_the_plan_uses_the_run_s_name_rules(tmp_path: Path) -> None:
    """`--list --var a.b=1` used to be accepted although a real run refused it."""
    repo = _repo(tmp_path, {"ci.yml": CI})
    with pytest.raises(PitstopError, match="--input expects NAME=VALUE"):
        run.build_plan(_args(repo, "--list", "--input", "novalue"))
    with pytest.raises(PitstopError, match=r"--var has an invalid name 'a\.b'"):
        run.build_plan(_args(repo, "--list", "--var", "a.b=1"))


def test_outside_git_the_ref_is_unknown(tmp_path: Path) -> None:
    assert run.current_ref(tmp_path / "missing") is None
    assert run.current_ref(tmp_path) is None


def test_run_is_registered() -> None:
    assert cli.load_command("run") is run
