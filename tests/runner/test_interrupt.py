"""Ctrl-C: cleanup steps still run, every process group and service is stopped, exit 130."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from tests.scenarios.test_scenarios import make_repo

WORKFLOW = """
on: push
jobs:
  long:
    runs-on: ubuntu-latest
    services:
      cache:
        image: redis:7
    strategy:
      matrix:
        n: [1, 2]
    steps:
      - run: |
          python3 -c "import time; time.sleep(120)" {marker} &
          python3 -c "import time; time.sleep(120)" {marker} &
          touch "$RUNNER_TEMP/../../../started-${{{{ matrix.n }}}}"
          python3 -c "import time; time.sleep(120)" {marker}
      - run: echo "never runs"
      - if: always()
        run: touch "$RUNNER_TEMP/../../../always-${{{{ matrix.n }}}}"
      - if: cancelled()
        run: touch "$RUNNER_TEMP/../../../cancelled-${{{{ matrix.n }}}}"
"""


def processes_with(text: str) -> list[int]:
    """Live (non-zombie) processes whose command line contains `text`."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):
            continue
        if text in cmdline and state not in ("Z", "X"):
            found.append(int(entry.name))
    return found


def wait_for(predicate: object, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():  # type: ignore[operator]
            return True
        time.sleep(0.05)
    return False


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_ctrl_c_runs_cleanup_steps_and_leaves_no_process(
    tmp_path: Path, signum: signal.Signals
) -> None:
    marker = f"pitstop-orphan-check-{os.getpid()}-{time.monotonic_ns()}"
    source = tmp_path / "source" / ".github" / "workflows"
    source.mkdir(parents=True)
    (source / "ci.yml").write_text(textwrap.dedent(WORKFLOW.format(marker=marker)))
    repo = make_repo(tmp_path / "source", tmp_path / "repo")
    run_dir = tmp_path / "run"
    with (tmp_path / "out.txt").open("w") as log:
        pitstop = subprocess.Popen(
            [sys.executable, "-m", "pitstop", "run", "-C", str(repo), "--run-dir", str(run_dir)],
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        started = wait_for(lambda: all((run_dir / f"started-{n}").exists() for n in (1, 2)), 60)
        assert started, (tmp_path / "out.txt").read_text()
        assert wait_for(lambda: len(processes_with(marker)) == 6, 10)  # the count sees them
        assert processes_with(str(run_dir))  # the redis servers' data dirs are in the run dir
        pitstop.send_signal(signum)
        code = pitstop.wait(60)
    finally:
        if pitstop.poll() is None:
            os.killpg(pitstop.pid, signal.SIGKILL)
    out = (tmp_path / "out.txt").read_text()
    assert code == 130, out
    for n in (1, 2):
        assert (run_dir / f"always-{n}").exists(), out
        assert (run_dir / f"cancelled-{n}").exists(), out
    assert "never runs" not in out
    assert wait_for(lambda: not processes_with(marker), 2), processes_with(marker)
    assert wait_for(lambda: not processes_with(str(run_dir)), 2), processes_with(str(run_dir))
