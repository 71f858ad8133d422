"""`pitstop run` as a process forked from a server that imported pitstop once.

A proof runs `pitstop run` once per defect (16 times on the reference project), each run its
own process in its own session, as from the command line. Started as `python -m pitstop`,
each pays about 0.2 s of interpreter start and imports before its first job; forked from
multiprocessing's fork server, which imported the run's modules once, it starts in a few
milliseconds with the same code and the same arguments (docs/speed.md). The fork server is
single-threaded, so forking it is safe where forking the proof itself (threads) is not; it
ends with the process that started it.
"""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
import threading
from collections.abc import Mapping, Sequence
from multiprocessing.process import BaseProcess
from pathlib import Path

# What `pitstop run` imports before its first job, imported once by the fork server.
PRELOAD = ["pitstop.cli", "pitstop.commands.run", "pitstop.commands.run_session"]


class Forked:
    """One forked `pitstop run`: what `Children` needs of a process (like `Popen`).

    One thread joins the process; `wait` waits for it, from any thread (two threads joining
    a forked process at once could both read its one exit status)."""

    def __init__(self, process: BaseProcess) -> None:
        self._process = process
        self._ended = threading.Event()
        threading.Thread(target=self._join, name="pitstop run", daemon=True).start()

    @property
    def pid(self) -> int:
        pid = self._process.pid
        assert pid is not None  # started
        return pid

    def wait(self, timeout: float | None = None) -> int:
        """The exit code (minus the signal's number when a signal ended it), as `Popen.wait`."""
        if not self._ended.wait(timeout):
            raise subprocess.TimeoutExpired(f"pitstop run (pid {self.pid})", timeout or 0.0)
        code = self._process.exitcode
        assert code is not None  # joined
        return code

    def _join(self) -> None:
        self._process.join()
        self._ended.set()


def start(argv: Sequence[str], cwd: Path, env: Mapping[str, str], log: Path) -> Forked:
    """`pitstop ARGV` in `cwd` with exactly `env`, its output (stdout and stderr) in `log`."""
    log.write_bytes(b"")  # there, and empty, once started
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)
    process = context.Process(
        target=_pitstop, args=(list(argv), str(cwd), dict(env), str(log)), name="pitstop run"
    )
    process.start()
    return Forked(process)


def _pitstop(argv: list[str], cwd: str, env: dict[str, str], log: str) -> None:
    """In the forked process: a session of its own, then `pitstop` as from the command line."""
    os.setsid()  # its own process group, which Children signals as a whole
    os.chdir(cwd)
    os.environ.clear()
    os.environ.update(env)
    descriptor = os.open(log, os.O_WRONLY | os.O_APPEND)
    os.dup2(descriptor, 1)
    os.dup2(descriptor, 2)
    os.close(descriptor)
    from pitstop import cli

    sys.exit(cli.main(argv))
