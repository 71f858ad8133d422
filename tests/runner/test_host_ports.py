"""A fixed host port is held by one job at a time, across threads and processes."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

from pitstop.runner.cancel import Cancel
from pitstop.runner.host_ports import HostPorts, fixed
from pitstop.workflow.model import Service


def test_only_explicit_host_ports_count() -> None:
    services = {
        "db": Service("db", "postgres:16", ports=("5432:5432", "5433")),
        "cache": Service("cache", "redis:7", ports=("127.0.0.1:6379:6379/tcp", "${{ x }}")),
    }
    assert fixed(services) == (5432, 6379)
    assert fixed({"db": Service("db", "postgres:16", ports=("5432",))}) == ()


def test_a_second_holder_waits_until_the_first_releases(tmp_path: Path) -> None:
    ports = HostPorts(tmp_path)
    first = ports.acquire((5432,), Cancel())
    assert first is not None
    got: list[float] = []

    def second() -> None:
        held = ports.acquire((5432,), Cancel())
        got.append(time.monotonic())
        assert held is not None
        ports.release(held)

    thread = threading.Thread(target=second)
    thread.start()
    thread.join(0.5)
    assert got == []  # still waiting while the first job holds the port
    released = time.monotonic()
    ports.release(first)
    thread.join(5)
    assert got and got[0] >= released


def test_a_cancelled_waiter_gives_up_and_holds_nothing(tmp_path: Path) -> None:
    ports = HostPorts(tmp_path)
    first = ports.acquire((6379,), Cancel())
    assert first is not None
    cancel = Cancel()
    threading.Timer(0.3, cancel.set, args=("interrupted",)).start()
    assert ports.acquire((5432, 6379), cancel) is None
    again = ports.acquire((5432,), Cancel())  # 5432 was released when the waiter gave up
    assert again is not None
    ports.release(again)
    ports.release(first)


def test_another_process_holding_the_port_is_waited_for(tmp_path: Path) -> None:
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path;"
            "from pitstop.runner.cancel import Cancel;"
            "from pitstop.runner.host_ports import HostPorts;"
            "held = HostPorts(Path(sys.argv[1])).acquire((5432,), Cancel());"
            "print('held', flush=True); time.sleep(1.0)",
            str(tmp_path),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    asked = time.monotonic()
    held = HostPorts(tmp_path).acquire((5432,), Cancel())
    assert held is not None and time.monotonic() - asked > 0.3
    HostPorts(tmp_path).release(held)
    holder.communicate(timeout=5)
