from __future__ import annotations

import os
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from pitstop import __version__
from pitstop.prove import forked
from pitstop.prove.invoke import Children
from tests.scenarios.test_scenarios import make_repo

SLEEPER = """\
on: push
jobs:
  wait:
    runs-on: ubuntu-latest
    steps:
      - run: echo "mark=$MARK in $(basename "$PWD")"; sleep 60
"""


def test_a_forked_pitstop_writes_its_output_to_the_log_and_exits_with_its_code(
    tmp_path: Path,
) -> None:
    log = tmp_path / "run.log"
    assert forked.start(["--version"], tmp_path, dict(os.environ), log).wait(timeout=60) == 0
    assert log.read_text() == f"pitstop {__version__}\n"
    code = forked.start(["run", "missing.yml"], tmp_path, dict(os.environ), log).wait(60)
    assert code == 1 and "missing.yml" in log.read_text()


def test_a_forked_run_has_its_own_session_the_given_env_and_stops_like_ctrl_c(
    tmp_path: Path,
) -> None:
    source = tmp_path / "source" / ".github" / "workflows"
    source.mkdir(parents=True)
    (source / "ci.yml").write_text(SLEEPER)
    repo = make_repo(tmp_path / "source", tmp_path / "repo")
    log = tmp_path / "run.log"
    argv = ["run", ".github/workflows/ci.yml", "--run-dir", str(tmp_path / "run")]
    process = forked.start(argv, repo, {**os.environ, "MARK": "given"}, log)
    children = Children()
    children.add(process)
    deadline = time.monotonic() + 60
    # the step's own line: "mark=" alone is in the echoed command, which comes first
    while "mark=given in" not in log.read_text() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert "mark=given in workspace" in log.read_text()
    assert os.getpgid(process.pid) == process.pid != os.getpgid(0)
    with pytest.raises(subprocess.TimeoutExpired):
        process.wait(timeout=0.01)
    children.stop_all()
    assert process.wait(timeout=1) == 130
    assert "pitstop: interrupted" in log.read_text()


def test_two_threads_waiting_for_one_forked_run_both_read_its_exit_code(tmp_path: Path) -> None:
    process = forked.start(["run", "missing.yml"], tmp_path, dict(os.environ), tmp_path / "log")
    with ThreadPoolExecutor(max_workers=2) as pool:
        codes = list(pool.map(lambda _: process.wait(timeout=60), range(2)))
    assert codes == [1, 1]
    assert process.wait(timeout=0) == 1
