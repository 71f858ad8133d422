"""Every process a job starts ends with it: `setsid` daemons too, on a normal end, on
SIGTERM, and when pitstop itself is SIGKILLed (no timed assertions: bounded polls only)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pitstop.runner import containment
from tests.conftest import make_repo, pitstop

PATIENCE = 60.0  # seconds a poll may take on a loaded machine; never an assertion of speed


def workflow(pids: Path, ready: Path, then: str) -> str:
    return f"""\
on: push
jobs:
  daemons:
    runs-on: ubuntu-latest
    steps:
      - run: |
          setsid sleep 1000 &
          echo $! >> "{pids}"
          setsid bash -c 'sleep 1000 & echo $! >> "{pids}"; wait' &
          sleep 1000 &
          echo $! >> "{pids}"
          echo $$ >> "{pids}"
          for _ in $(seq 100); do [ "$(wc -l < "{pids}")" -ge 4 ] && break; sleep 0.1; done
          touch "{ready}"
          {then}
"""


def running(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rpartition(")")[2].split()[0] not in ("Z", "X")


def survivors(pids: Path) -> list[int]:
    """The step's processes still running once PATIENCE has passed (or none, sooner)."""
    numbers = [int(line) for line in pids.read_text().split()]
    deadline = time.monotonic() + PATIENCE
    while time.monotonic() < deadline and any(running(pid) for pid in numbers):
        time.sleep(0.1)
    return [pid for pid in numbers if running(pid)]


def wait_for(path: Path, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + PATIENCE
    while not path.exists():
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the step never got ready"
        time.sleep(0.1)


def test_setsid_daemons_are_gone_after_the_job(tmp_path: Path) -> None:
    pids, ready = tmp_path / "pids", tmp_path / "ready"
    repo = make_repo(tmp_path / "repo", {".github/workflows/ci.yml": workflow(pids, ready, "")})
    outcome = pitstop("run", "-C", repo, "--run-dir", tmp_path / "run")
    outcome.assert_success()
    assert len(pids.read_text().split()) == 4
    assert survivors(pids) == []


def start_pitstop(tmp_path: Path) -> tuple[subprocess.Popen[bytes], Path, Path]:
    pids, ready = tmp_path / "pids", tmp_path / "ready"
    text = workflow(pids, ready, "sleep 1000")
    repo = make_repo(tmp_path / "repo", {".github/workflows/ci.yml": text})
    process = subprocess.Popen(
        [sys.executable, "-m", "pitstop", "run", "-C", str(repo), "--run-dir", str(tmp_path / "r")],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    wait_for(ready, process)
    return process, pids, ready


@pytest.mark.parametrize("signum", [signal.SIGKILL, signal.SIGTERM, signal.SIGINT])
def test_no_step_process_survives_pitstop_being_stopped(tmp_path: Path, signum: int) -> None:
    process, pids, _ = start_pitstop(tmp_path)
    process.send_signal(signum)
    out, _ = process.communicate(timeout=PATIENCE)
    if signum != signal.SIGKILL:
        assert process.returncode == 130, out.decode()
    assert survivors(pids) == []


def test_the_sweep_stops_only_the_processes_of_its_own_tag() -> None:
    env = {**os.environ, containment.TAG_VAR: "run-a.1"}
    other = {**os.environ, containment.TAG_VAR: "run-b.1"}
    mine = subprocess.Popen(["sleep", "1000"], env=env, start_new_session=True)
    theirs = subprocess.Popen(["sleep", "1000"], env=other, start_new_session=True)
    try:
        found = containment.end_tagged(containment.of_run("run-a"), grace=5)
        assert found == [mine.pid]
        assert mine.wait(PATIENCE) == -signal.SIGTERM
        assert theirs.poll() is None
    finally:
        theirs.kill()
        theirs.wait()


def test_a_job_sweep_reads_only_newer_pids_unless_pids_wrapped_around() -> None:
    env = {**os.environ, containment.TAG_VAR: "run-c.1"}
    process = subprocess.Popen(["sleep", "1000"], env=env, start_new_session=True)
    try:
        match = containment.of_job("run-c.1")
        assert containment.tagged(match, since_pid=process.pid) == [process.pid]
        subprocess.run(["true"], check=True)  # the kernel's last pid is now past the sleep
        newer = containment.tagged(match, since_pid=process.pid + 1)
        last = containment._last_pid()
        wrapped_meanwhile = last is not None and last <= process.pid  # a busy machine
        assert newer == ([process.pid] if wrapped_meanwhile else [])  # older: not read
        wrapped = 2**22 + 1  # above any pid_max: the kernel's last pid is below it
        assert containment.tagged(match, since_pid=wrapped) == [process.pid]
    finally:
        process.kill()
        process.wait()


def test_a_cancel_stops_the_groups_only_and_the_job_end_stops_the_escaped(tmp_path: Path) -> None:
    """A cancel must not stop processes by tag: the job's `if: always()` steps carry it."""
    from pitstop.runner.process import ProcessGroups

    groups = ProcessGroups(grace=1.0)
    pid_file = tmp_path / "pid"
    script = f'setsid sleep 1000 & echo $! > "{pid_file}"'
    assert groups.run(["bash", "-c", script], env={"PATH": os.environ["PATH"]}).exit_code == 0
    escaped = int(pid_file.read_text())
    groups.kill_all()  # what a cancel does
    assert running(escaped)
    groups.end_job()
    deadline = time.monotonic() + PATIENCE
    while running(escaped) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not running(escaped)


def test_a_process_started_after_a_run_is_not_the_finished_runs_sweepers_target(
    tmp_path: Path,
) -> None:
    from pitstop.runner.process import ProcessGroups

    with containment.swept_on_exit(tmp_path / "sweeper.log"):
        inside = containment.run_tag()
    assert containment.run_tag() != inside
    sweeper = containment._finishing[-1]
    groups = ProcessGroups()
    script = tmp_path / "outlive.sh"
    stat = f"/proc/{sweeper.pid}/stat"  # the sweeper is our child: it ends as a zombie (Z)
    alive = f'[ -e {stat} ] && [ "$(cut -d" " -f3 {stat})" != Z ]'  # gone or a zombie: ended
    script.write_text(f"while {alive}; do sleep 0.05; done\n")
    done = groups.run(["bash", str(script)], env={"PATH": os.environ["PATH"]})
    assert sweeper.wait(PATIENCE) == 0
    assert done.exit_code == 0  # before: the sweeper's last sweep SIGTERMed it (143)


def wait_until_it_catches_sigterm(pid: int) -> None:
    """Until the process has a SIGTERM handler (its trap is set): /proc's SigCgt mask."""
    deadline = time.monotonic() + PATIENCE
    while time.monotonic() < deadline:
        status = Path(f"/proc/{pid}/status").read_text()
        caught = next(line for line in status.splitlines() if line.startswith("SigCgt:"))
        if int(caught.split()[1], 16) & (1 << (signal.SIGTERM - 1)):
            return
        time.sleep(0.02)
    raise AssertionError("the sweeper never set its SIGTERM trap")


def sweeper(tag: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        ["bash", "-c", containment.SWEEPER, "sweeper", tag],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env={**os.environ, containment.TAG_VAR: ""},
        start_new_session=True,
    )


@pytest.mark.parametrize("how", ["pipe closed", "SIGTERM", "done"])
def test_the_sweeper_stops_the_runs_processes_unless_pitstop_said_done(how: str) -> None:
    tagged = {**os.environ, containment.TAG_VAR: "run-s.1"}
    other = {**os.environ, containment.TAG_VAR: "run-sx.1"}
    mine = subprocess.Popen(["sleep", "1000"], env=tagged, start_new_session=True)
    theirs = subprocess.Popen(["sleep", "1000"], env=other, start_new_session=True)
    watcher = sweeper("run-s")
    try:
        assert watcher.stdin is not None
        if how == "SIGTERM":
            wait_until_it_catches_sigterm(watcher.pid)
            watcher.terminate()
        elif how == "done":
            watcher.stdin.write(b"done\n")
            watcher.stdin.flush()
        watcher.stdin.close()
        assert watcher.wait(PATIENCE) == 0
        assert watcher.stdout is not None
        with watcher.stdout:
            out = watcher.stdout.read()
        if how == "done":
            assert mine.poll() is None and out == b""
        else:
            assert mine.wait(PATIENCE) == -signal.SIGTERM
            assert f"left by run run-s: {mine.pid}" in out.decode()
        assert theirs.poll() is None
    finally:
        for process in (mine, theirs):
            process.kill()
            process.wait()
