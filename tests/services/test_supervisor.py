from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from pitstop.errors import PitstopError
from pitstop.services.supervisor import ServerSpec, Supervised

from .conftest import eventually, gone, group_members

# A "server" that forks a child and ignores the polite stop signal, so that only the group
# kill can end it.
STUBBORN = "trap '' TERM; sleep 300 & sleep 300; wait"


def spec(tmp_path: Path, script: str, **extra: object) -> ServerSpec:
    return ServerSpec(
        argv=["/bin/sh", "-c", script],
        env={"PATH": os.defpath},
        log=str(tmp_path / "server.log"),
        cwd=str(tmp_path),
        grace=0.5,
        **extra,  # type: ignore[arg-type]
    )


def test_stop_kills_the_whole_group(tmp_path: Path) -> None:
    server = Supervised.launch(spec(tmp_path, STUBBORN))
    assert server.alive()
    assert eventually(lambda: len(group_members(server.pid)) == 3)  # sh + 2 sleeps
    server.stop()
    server.stop()  # idempotent
    assert not server.alive()
    assert group_members(server.pid) == []


def test_polite_stop_signal_and_log(tmp_path: Path) -> None:
    script = "trap 'echo got INT; exit 0' INT; echo started; while :; do sleep 0.05; done"
    server = Supervised.launch(spec(tmp_path, script, stop_signal=int(signal.SIGINT)))
    assert eventually(lambda: "started" in (tmp_path / "server.log").read_text())
    server.stop()
    assert "got INT" in (tmp_path / "server.log").read_text()


def test_alive_turns_false_when_the_server_exits(tmp_path: Path) -> None:
    server = Supervised.launch(spec(tmp_path, "exit 0"))
    assert eventually(lambda: not server.alive())
    server.stop()


def test_a_server_that_cannot_start(tmp_path: Path) -> None:
    bad = ServerSpec(argv=["/nonexistent/server"], env={}, log=str(tmp_path / "log"))
    with pytest.raises(PitstopError, match="could not start /nonexistent/server"):
        Supervised.launch(bad)


def test_the_server_dies_with_its_owner(tmp_path: Path) -> None:
    owner = textwrap.dedent(
        f"""
        import os, sys
        from pathlib import Path
        from pitstop.services.supervisor import ServerSpec, Supervised
        server = Supervised.launch(ServerSpec(argv=["/bin/sh", "-c", {STUBBORN!r}],
            env={{"PATH": os.defpath}}, log={str(tmp_path / "log")!r}, grace=0.5))
        print(server.pid, flush=True)
        sys.stdin.read()
        """
    )
    process = subprocess.Popen(
        [sys.executable, "-c", owner], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert process.stdout is not None
    pid = int(process.stdout.readline())
    assert group_members(pid)
    process.kill()  # SIGKILL: no cleanup code runs in the owner
    process.wait()
    process.stdin.close()  # type: ignore[union-attr]
    process.stdout.close()
    assert gone(lambda: group_members(pid))


def test_sigterm_to_the_watchdog_stops_the_server(tmp_path: Path) -> None:
    server = Supervised.launch(spec(tmp_path, STUBBORN))
    server._watchdog.terminate()
    assert gone(lambda: group_members(server.pid))
    server.stop()


def test_stop_removes_the_cleanup_paths(tmp_path: Path) -> None:
    folder = tmp_path / "private"
    (folder / "deep").mkdir(parents=True)
    link = tmp_path / "link"
    link.symlink_to(folder)
    server = Supervised.launch(spec(tmp_path, "sleep 300", cleanup=(str(folder), str(link))))
    server.stop()
    assert not folder.exists() and not link.is_symlink()


def test_json_round_trip() -> None:
    original = ServerSpec(argv=["a"], env={"K": "V"}, log="l", user=(1, 2), cleanup=("x",))
    assert ServerSpec.from_json(original.to_json()) == original
