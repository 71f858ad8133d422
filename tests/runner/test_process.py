from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
from pathlib import Path

import pytest

from pitstop.errors import PitstopError
from pitstop.runner import process
from pitstop.runner.process import ProcessGroups

ENV = {"PATH": os.environ["PATH"], "LANG": "C.UTF-8"}

# A step that starts children which start grandchildren, then waits for them.
TREE = """
for i in 1 2; do
  bash -c 'sleep 300 & sleep 300 & wait' &
done
echo started
wait
"""


def run(script: str, **kwargs: object) -> tuple[process.ProcessResult, list[str]]:
    lines: list[str] = []
    groups = kwargs.pop("groups", None) or ProcessGroups(grace=1.0)
    assert isinstance(groups, ProcessGroups)
    result = groups.run(["bash", "-c", script], env=ENV, on_line=lines.append, **kwargs)  # type: ignore[arg-type]
    return result, lines


def test_streams_lines_and_exit_code() -> None:
    result, lines = run("echo one; echo two >&2; printf 'tail\\xff'; exit 3")
    assert result.exit_code == 3
    assert not result.timed_out and not result.cancelled
    assert lines == ["one", "two", "tail\ufffd"]


def test_env_is_explicit_and_stdin_detached(tmp_path: Path) -> None:
    os.environ["PITSTOP_TEST_LEAK"] = "1"
    try:
        result, lines = run('echo "leak=${PITSTOP_TEST_LEAK:-no}"; cat; pwd', cwd=tmp_path)
    finally:
        del os.environ["PITSTOP_TEST_LEAK"]
    assert result.exit_code == 0
    assert lines == ["leak=no", str(tmp_path)]


def test_signal_exit_code_is_128_plus_n() -> None:
    result, _ = run("kill -TERM $$")
    assert result.exit_code == 128 + signal.SIGTERM


def test_timeout_kills_the_whole_group() -> None:
    result, lines = run(TREE, timeout=0.5)
    assert result.timed_out
    assert lines == ["started"]
    assert gone(result.pid)


def test_sigkill_after_grace_when_sigterm_ignored() -> None:
    sent: list[int] = []

    def kill(pgid: int, signum: int) -> None:
        sent.append(signum)
        os.killpg(pgid, signum)

    groups = ProcessGroups(kill=kill, grace=0.3)
    script = "trap '' TERM; bash -c \"trap '' TERM; sleep 300\" & echo ready; wait"
    result, _ = run(script, timeout=0.5, groups=groups)
    assert result.timed_out
    assert sent == [signal.SIGTERM, signal.SIGKILL]
    assert gone(result.pid)


def gone(pgid: int, within_s: float = 10.0) -> bool:
    """The group has ended: SIGKILL is delivered asynchronously, so a loaded machine may show
    a dying process for a moment (a bound on the wait, never a speed assertion)."""
    deadline = time.monotonic() + within_s
    while process.group_alive(pgid):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def test_background_process_survives_step_until_job_cleanup() -> None:
    groups = ProcessGroups(grace=1.0)
    started = time.monotonic()
    result, lines = run("sleep 300 & echo bg started", groups=groups)
    assert time.monotonic() - started < 10
    assert result.exit_code == 0 and lines == ["bg started"]
    assert process.group_alive(result.pid)
    groups.kill_all()
    assert gone(result.pid)


def test_kill_all_cancels_running_steps() -> None:
    groups = ProcessGroups(grace=1.0)
    results: list[process.ProcessResult] = []
    lines: list[str] = []
    ready = threading.Event()

    def on_line(line: str) -> None:
        lines.append(line)
        ready.set()

    def step() -> None:
        results.append(groups.run(["bash", "-c", TREE], env=ENV, on_line=on_line))

    thread = threading.Thread(target=step)
    thread.start()
    assert ready.wait(10)
    process.kill_all()
    thread.join(10)
    [result] = results
    assert result.cancelled
    assert result.exit_code == 128 + signal.SIGTERM
    assert gone(result.pid)


def test_executable_not_found() -> None:
    with pytest.raises(PitstopError, match="executable not found: no-such-tool-xyz"):
        ProcessGroups().run(["no-such-tool-xyz"], env=ENV)


def test_missing_working_directory(tmp_path: Path) -> None:
    with pytest.raises(PitstopError, match="working directory not found"):
        ProcessGroups().run(["true"], env=ENV, cwd=tmp_path / "nope")


def test_permission_denied(tmp_path: Path) -> None:
    script = tmp_path / "s.sh"
    script.write_text("echo hi\n")
    with pytest.raises(PitstopError, match="permission denied"):
        ProcessGroups().run([str(script)], env=ENV)


def test_failing_callback_stops_the_group() -> None:
    groups = ProcessGroups(grace=1.0)
    pids: list[int] = []

    def on_line(line: str) -> None:
        pids.append(int(line))
        raise RuntimeError("callback failed")

    with pytest.raises(RuntimeError, match="callback failed"):
        groups.run(["bash", "-c", "echo $$; sleep 300"], env=ENV, on_line=on_line)
    assert gone(pids[0])


def test_a_group_number_another_process_now_holds_is_never_signalled() -> None:
    """A group whose processes have all ended frees its number; a new process may get it and
    lead a group of that number. Its start time differs from our leader's: no signal."""
    sent: list[tuple[int, int]] = []
    groups = ProcessGroups(kill=lambda pgid, signum: sent.append((pgid, signum)), grace=0.2)
    result, _ = run("echo ours", groups=groups)
    assert process.start_time(result.pid) is None  # our leader is gone, its number is free
    stranger = subprocess.Popen(["sleep", "30"], start_new_session=True)
    try:
        # as if the kernel had handed our old number to the stranger
        groups._live.add(stranger.pid)
        groups._starts[stranger.pid] = b"0"
        groups.kill_all()
        assert sent == [] and stranger.poll() is None
        groups._starts[stranger.pid] = process.start_time(stranger.pid)  # really ours: stopped
        groups._live.add(stranger.pid)
        groups.kill_all()
        assert sent[0] == (stranger.pid, signal.SIGTERM)
    finally:
        stranger.kill()
        stranger.wait()
