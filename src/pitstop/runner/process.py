"""The one way pitstop starts a step's process.

Every process starts in its own session (so its own process group), with stdin detached and an
explicit environment. stdout and stderr are merged and handed to a callback one line at a time
(decoded as UTF-8 with replacement, without the newline). A timeout or a cancellation stops the
whole process group: SIGTERM, a grace period, then SIGKILL.

When a step's main process exits, processes it left in the background (e.g. `server &`) keep
running, as on GitHub, until the job ends: call `ProcessGroups.end_job()` then (GitHub's
"Cleaning up orphan processes"). Their later output is read and discarded so they never get
SIGPIPE. The module-level `kill_all()` stops every group of every `ProcessGroups` (Ctrl-C).

The exit code follows the shell convention: a process killed by signal N reports 128 + N.
"""

from __future__ import annotations

import codecs
import contextlib
import errno
import itertools
import os
import selectors
import signal
import subprocess
import threading
import time
import weakref
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from pitstop.errors import PitstopError
from pitstop.runner import containment

GRACE_SECONDS = 5.0
_DRAIN_SECONDS = 0.2
_SHORT_JOB_SECONDS = 10.0  # a job this short reads only newer pids in its final sweep

Kill = Callable[[int, int], None]  # os.killpg(pgid, signal): the seam tests may replace
OnPart = Callable[[str, bool], None]  # a piece of a line longer than LINE_CAP; True: the last
LINE_CAP = 64 * 1024  # bytes of one line held in memory


@dataclass(frozen=True)
class ProcessResult:
    exit_code: int
    timed_out: bool = False
    cancelled: bool = False
    pid: int = 0  # also the process group id


def group_alive(pgid: int) -> bool:
    """Whether any non-zombie process is still in the group (via /proc on Linux)."""
    try:
        os.killpg(pgid, 0)  # fast path: no process at all in the group
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    proc = Path("/proc")
    if not proc.is_dir():  # pragma: no cover - non-Linux fallback
        return True
    entries = (entry for entry in proc.iterdir() if entry.name.isdigit())
    return any(_in_group(entry / "stat", pgid) for entry in entries)


def _in_group(stat: Path, pgid: int) -> bool:
    try:
        fields = stat.read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return False
    # fields: state, ppid, pgrp, ...
    return fields[0] not in ("Z", "X") and int(fields[2]) == pgid


class ProcessGroups:
    """The process groups one job started; `kill_all()` stops the ones still alive."""

    def __init__(self, kill: Kill = os.killpg, grace: float = GRACE_SECONDS) -> None:
        self.kill = kill
        self.grace = grace
        self.tag = f"{containment.run_tag()}.{next(_JOB_NUMBERS)}"  # in every process's env
        self._first_pid: int | None = None  # the job's processes all have newer pids
        self._first_started = 0.0
        self._lock = threading.Lock()
        self._live: set[int] = set()
        self._cancelled: set[int] = set()
        self._starts: dict[int, bytes | None] = {}  # group leader pid -> its start time
        _ALL.add(self)

    def run(
        self,
        argv: Sequence[str],
        *,
        env: Mapping[str, str],
        cwd: Path | None = None,
        on_line: Callable[[str], None] = lambda line: None,
        timeout: float | None = None,
        on_part: OnPart | None = None,
    ) -> ProcessResult:
        """Run `argv` to completion (or timeout / cancellation), streaming its lines."""
        process = _start(argv, {**env, containment.TAG_VAR: self.tag}, cwd)
        if self._first_pid is None:
            self._first_pid, self._first_started = process.pid, time.monotonic()
        with self._lock:
            self._live.add(process.pid)
        try:
            timed_out = _stream(process, _LineBuffer(on_line, on_part), timeout)
        except BaseException:  # a failing callback or Ctrl-C: leave nothing running
            self.stop_group(process.pid)
            process.wait()
            if process.stdout is not None:
                process.stdout.close()
            raise
        if timed_out:
            self.stop_group(process.pid)
        # Read once the leader has exited: mid-exec, /proc/<pid>/stat waits for the exec to
        # finish (about 0.3 ms per step). Until now the pid could not be reused: the leader
        # is reaped by the same thread, a moment before this line.
        started = start_time(process.pid)
        code = process.wait()
        alive = group_alive(process.pid)
        with self._lock:
            self._starts[process.pid] = started
            cancelled = process.pid in self._cancelled
            if not alive:
                self._live.discard(process.pid)
        return ProcessResult(_shell_code(code), timed_out, cancelled, process.pid)

    def stop_group(self, pgid: int) -> None:
        """SIGTERM the group, wait up to the grace period, then SIGKILL what is left."""
        self._signal(pgid, signal.SIGTERM)
        deadline = time.monotonic() + self.grace
        while time.monotonic() < deadline and group_alive(pgid):
            time.sleep(0.05)
        if group_alive(pgid):
            self._signal(pgid, signal.SIGKILL)

    def kill_all(self) -> None:
        """Stop every group this job started (cancellation, or orphans at the job's end)."""
        with self._lock:
            groups = sorted(self._live)
            self._cancelled.update(groups)
        for pgid in groups:
            self._signal(pgid, signal.SIGTERM)
        deadline = time.monotonic() + self.grace
        while time.monotonic() < deadline and any(group_alive(g) for g in groups):
            time.sleep(0.05)
        for pgid in groups:
            if group_alive(pgid):
                self._signal(pgid, signal.SIGKILL)
        with self._lock:
            self._live.difference_update(groups)

    def end_job(self) -> bool:
        """At the job's end: stop the groups, then every process that left them (`setsid`,
        double forks) but carries the job's tag. Not on cancel: the job's clean-up steps
        (`if: always()`) carry the tag too and still have to run. Whether any process of the
        job was still running."""
        with self._lock:
            left = bool(self._live)
        self.kill_all()
        if self._first_pid is None:
            return left  # the job started no process
        # A short job reads only pids newer than its first process (pids cannot have gone
        # all the way round meanwhile); a longer one, where the scan costs nothing in
        # comparison, reads every process.
        short = time.monotonic() - self._first_started < _SHORT_JOB_SECONDS
        since = self._first_pid if short else None
        strays = containment.end_tagged(containment.of_job(self.tag), self.grace, since_pid=since)
        return left or bool(strays)

    def _signal(self, pgid: int, signum: int) -> None:
        """Signal the group, unless its number now belongs to another process's group: once
        every process of a group has ended, the kernel may give its number to a new process,
        which is then the leader of a group of the same number. Its start time tells: ours
        was read as the leader ended (None once reaped: then any holder is a stranger)."""
        now = start_time(pgid)
        if now is not None and pgid in self._starts and now != self._starts[pgid]:
            return  # pid reused by a process that is not ours
        # (Not in `_starts`: its leader has not been reaped, so the pid is still ours.)
        with contextlib.suppress(ProcessLookupError, PermissionError):
            self.kill(pgid, signum)


def start_time(pid: int) -> bytes | None:
    """When the process with this pid started (clock ticks since boot, /proc), or None when
    there is none (or no /proc)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            stat = handle.read()
    except OSError:
        return None
    fields = stat.rpartition(b")")[2].split()
    return fields[19] if len(fields) > 19 else None


_ALL: weakref.WeakSet[ProcessGroups] = weakref.WeakSet()
_JOB_NUMBERS = itertools.count(1)


def kill_all() -> None:
    """Stop every live process group of every job (Ctrl-C)."""
    jobs = list(_ALL)
    threads = [threading.Thread(target=groups.kill_all) for groups in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def _start(
    argv: Sequence[str], env: Mapping[str, str], cwd: Path | None
) -> subprocess.Popen[bytes]:
    try:
        return subprocess.Popen(
            list(argv),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            env=dict(env),
            cwd=cwd,
            start_new_session=True,
        )
    except FileNotFoundError:
        if cwd is not None and not cwd.is_dir():
            raise PitstopError(
                f"working directory not found: {cwd}",
                hint="check `working-directory:`; it is relative to the workspace",
            ) from None
        raise PitstopError(
            f"executable not found: {argv[0]}",
            hint="install it, or check the PATH the step runs with",
        ) from None
    except PermissionError:
        raise PitstopError(
            f"permission denied running {argv[0]}", hint="is it executable?"
        ) from None
    except OSError as exc:
        if exc.errno != errno.E2BIG:
            raise
        raise _too_big(argv, env) from None


def _too_big(argv: Sequence[str], env: Mapping[str, str]) -> PitstopError:
    """E2BIG: the message names the largest environment variable (never its value)."""
    size = sum(len(k) + len(v) + 2 for k, v in env.items()) + sum(len(a) + 1 for a in argv)
    largest = max(env, key=lambda key: len(env[key]), default="")
    longest_arg = max((len(arg) for arg in argv), default=0)
    biggest = f"; the largest is {largest} ({len(env.get(largest, ''))} bytes)"
    if longest_arg > len(env.get(largest, "")):
        biggest = f"; the longest argument has {longest_arg} bytes"
    return PitstopError(
        f"the command line and environment are too large to start {argv[0]} "
        f"(E2BIG: about {size} bytes{biggest})",
        hint="pass large values in a file (e.g. under $RUNNER_TEMP) rather than in `env:`; "
        "Linux limits one variable to 128 KiB",
    )


def _stream(process: subprocess.Popen[bytes], lines: _LineBuffer, timeout: float | None) -> bool:
    """Feed lines to `on_line` until the process exits; True when the timeout hit first."""
    assert process.stdout is not None
    fd = process.stdout.fileno()
    deadline = None if timeout is None else time.monotonic() + timeout
    with selectors.DefaultSelector() as selector:
        selector.register(fd, selectors.EVENT_READ)
        while True:
            if deadline is not None and time.monotonic() >= deadline:
                lines.flush()
                _discard_rest(process)
                return True
            wait = 0.1 if deadline is None else max(0.0, min(0.1, deadline - time.monotonic()))
            if selector.select(wait) and not lines.feed(os.read(fd, 65536)):
                break  # EOF: every process holding the pipe is gone
            if process.poll() is not None:
                if _drain(selector, fd, lines):
                    _discard_rest(process)  # background processes still hold the pipe
                    return False
                break
    process.stdout.close()
    return _wait_until(process, deadline)


def _wait_until(process: subprocess.Popen[bytes], deadline: float | None) -> bool:
    """Wait for a process that closed its output; True when the deadline came first."""
    try:
        process.wait(None if deadline is None else max(0.0, deadline - time.monotonic()))
    except subprocess.TimeoutExpired:
        return True
    return False


def _drain(selector: selectors.BaseSelector, fd: int, lines: _LineBuffer) -> bool:
    """After the main process exited: read what is pending; True if the pipe stays open."""
    give_up = time.monotonic() + 1.0
    while time.monotonic() < give_up and selector.select(_DRAIN_SECONDS):
        if not lines.feed(os.read(fd, 65536)):
            return False
    lines.flush()
    return True


def _discard_rest(process: subprocess.Popen[bytes]) -> None:
    """Keep reading (and dropping) output so background processes never hit SIGPIPE."""
    stdout = process.stdout
    assert stdout is not None

    def drain() -> None:
        with contextlib.suppress(OSError, ValueError):
            while stdout.read(65536):
                pass
        with contextlib.suppress(OSError):
            stdout.close()

    threading.Thread(target=drain, daemon=True).start()


class _LineBuffer:
    """Bytes -> lines, in time and memory linear in the output: at most `cap` bytes of a line
    are held; a longer line goes to `on_part` in pieces (the last with `done` True)."""

    def __init__(
        self, on_line: Callable[[str], None], on_part: OnPart | None = None, cap: int = LINE_CAP
    ) -> None:
        self.on_line = on_line
        self.on_part = on_part if on_part is not None else lambda text, done: on_line(text)
        self.cap = cap
        self.pending = b""
        self._decoder: codecs.IncrementalDecoder | None = None  # set while a long line runs

    def feed(self, chunk: bytes) -> bool:
        """Emit the complete lines in `chunk`; False at EOF (empty chunk)."""
        if not chunk:
            self.flush()
            return False
        last = chunk.rfind(b"\n")
        if last < 0:
            self._hold(chunk)
            return True
        first, *complete = chunk[:last].split(b"\n")
        self._hold(first)  # the end of the line held from earlier chunks
        self._end_line()
        for line in complete:
            if len(line) > self.cap:
                self._hold(line)
                self._end_line()
            else:
                self.on_line(line.removesuffix(b"\r").decode("utf-8", errors="replace"))
        self._hold(chunk[last + 1 :])
        return True

    def flush(self) -> None:
        if self.pending or self._decoder is not None:
            self._end_line()

    def _hold(self, data: bytes) -> None:
        self.pending += data  # never more than `cap` + one read: no quadratic growth
        while len(self.pending) > self.cap:
            piece, self.pending = self.pending[: self.cap], self.pending[self.cap :]
            if self._decoder is None:
                self._decoder = codecs.getincrementaldecoder("utf-8")("replace")
            self.on_part(self._decoder.decode(piece), False)

    def _end_line(self) -> None:
        line, self.pending = self.pending.removesuffix(b"\r"), b""
        if self._decoder is None:
            self.on_line(line.decode("utf-8", errors="replace"))
            return
        text = self._decoder.decode(line, final=True).removesuffix("\r")
        self._decoder = None
        self.on_part(text, True)


def _shell_code(returncode: int) -> int:
    return 128 - returncode if returncode < 0 else returncode
