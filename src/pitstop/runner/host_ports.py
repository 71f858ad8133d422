"""Fixed host ports of services: one job at a time per port on this machine.

On GitHub each job runs on a machine of its own, so every cell of a matrix can map
`5432:5432` (settings that force `127.0.0.1:5432` under CI need exactly that). Here the jobs
share one machine: a job whose services map a fixed host port waits until no other job (of this
pitstop run or of another, e.g. `pitstop prove`'s copies) holds that port. Each port is an
exclusive lock file; flock conflicts between open files even within one process.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

from pitstop.errors import PitstopError
from pitstop.runner.cancel import Cancel
from pitstop.services.ports import parse_port
from pitstop.workflow.model import Service


def fixed(services: Mapping[str, Service]) -> tuple[int, ...]:
    """The host ports the services map explicitly (`5432:5432`), sorted, each once."""
    found: set[int] = set()
    for service in services.values():
        for spec in service.ports:
            with contextlib.suppress(PitstopError):  # an expression or a typo: bind() says so
                host = parse_port(spec).host
                if host is not None:
                    found.add(host)
    return tuple(sorted(found))


def default_ports_dir() -> Path:
    """One folder per user: the ports are the machine's, the lock files need no sharing."""
    return Path(tempfile.gettempdir()) / f"pitstop-host-ports-{os.getuid()}"


class HostPorts:
    def __init__(self, lock_dir: Path) -> None:
        self._lock_dir = lock_dir

    def acquire(self, ports: tuple[int, ...], cancel: Cancel) -> list[int] | None:
        """Hold every port (in order, so two jobs never deadlock); None if cancelled first."""
        self._lock_dir.mkdir(parents=True, exist_ok=True)
        held: list[int] = []
        for port in ports:
            fd = os.open(self._lock_dir / f"port-{port}.lock", os.O_RDWR | os.O_CREAT, 0o600)
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    if cancel.wait(0.1):
                        os.close(fd)
                        self.release(held)
                        return None
                    continue
                held.append(fd)
                break
        return held

    def release(self, held: list[int]) -> None:
        for fd in held:
            os.close(fd)  # closing releases the flock
