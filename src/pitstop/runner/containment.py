"""Every process a job starts ends with the job, daemons included.

A step's processes may leave its process group (`setsid`, a double fork): a group kill misses
them. So every process pitstop starts for a step carries `PITSTOP_JOB_TAG=<run>.<job>` in its
environment, which its children inherit through `setsid`, forks and execs; at the job's end
(and on Ctrl-C or SIGTERM) every process whose environment holds the job's tag is stopped:
SIGTERM, a grace period, SIGKILL.

If pitstop itself is killed (SIGKILL) it can clean up nothing, so each run starts a sweeper
process that waits on a pipe only pitstop can write to, as the services supervisor does: when
the pipe closes, for whatever reason, the sweeper stops every process carrying the run's tag.

A process that starts its children with an emptied environment (`env -i`) escapes the tag;
see docs/security.md.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

TAG_VAR = "PITSTOP_JOB_TAG"
_run_tag = [uuid.uuid4().hex[:16]]  # the current run's; its jobs are <run tag>.<n>
_finishing: list[subprocess.Popen[bytes]] = []  # sweepers of earlier runs, reaped later
GRACE_SECONDS = 5.0

Kill = Callable[[int, int], None]


def tagged(match: Callable[[str], bool], since_pid: int | None = None) -> list[int]:
    """The pids (not pitstop's own) whose environment has a PITSTOP_JOB_TAG that matches.

    With `since_pid` (the first pid a job started) only newer pids are read, unless pids have
    wrapped around since; the run's final sweep reads them all.
    """
    found = []
    needle = b"\0" + TAG_VAR.encode() + b"="
    last = _last_pid()
    floor = since_pid if since_pid is not None and last is not None and last >= since_pid else 0
    try:
        names = os.listdir("/proc")  # noqa: PTH208 - a job-end cost: no Path objects
    except OSError:  # pragma: no cover - no /proc (not Linux): nothing can be found
        return []
    for name in names:
        if not name.isdigit() or int(name) < floor:
            continue
        try:
            with open(f"/proc/{name}/environ", "rb") as handle:
                environ = b"\0" + handle.read()
        except OSError:
            continue
        start = environ.find(needle)
        if start < 0:
            continue
        start += len(needle)
        end = environ.find(b"\0", start)
        value = environ[start : end if end >= 0 else len(environ)]
        if match(value.decode(errors="replace")):
            found.append(int(name))
    return [pid for pid in found if pid != os.getpid() and _running(pid)]


def _last_pid() -> int | None:
    """The pid the kernel handed out last (None where /proc does not say)."""
    try:
        with open("/proc/sys/kernel/ns_last_pid", "rb") as handle:
            return int(handle.read())
    except (OSError, ValueError):
        return None


def _running(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            stat = handle.read()
    except OSError:
        return False
    return stat.rpartition(b")")[2].split()[0] not in (b"Z", b"X")


def end_tagged(
    match: Callable[[str], bool],
    grace: float = GRACE_SECONDS,
    kill: Kill = os.kill,
    since_pid: int | None = None,
) -> list[int]:
    """Stop every process whose tag matches: SIGTERM, up to `grace` seconds, SIGKILL.
    Returns the pids it found."""
    pids = tagged(match, since_pid)
    if not pids:
        return pids
    for pid in pids:
        _signal(kill, pid, signal.SIGTERM)
    deadline = time.monotonic() + grace
    while pids and time.monotonic() < deadline and any(_running(pid) for pid in pids):
        time.sleep(0.05)
    for pid in tagged(
        match, since_pid
    ):  # the late ones too (a daemon forking while it was stopped)
        _signal(kill, pid, signal.SIGKILL)
    return pids


def _signal(kill: Kill, pid: int, signum: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        kill(pid, signum)


def of_job(tag: str) -> Callable[[str], bool]:
    return lambda value: value == tag


def of_run(run_tag: str) -> Callable[[str], bool]:
    return lambda value: value.startswith(run_tag + ".")


def run_tag() -> str:
    """The tag of the run in progress (jobs' tags start with it and a dot)."""
    return _run_tag[0]


@contextlib.contextmanager
def swept_on_exit(log: Path) -> Iterator[None]:
    """For one run: a sweeper that outlives pitstop, and a sweep of the run's tags at the end.

    The sweeper is one small process holding the read end of a pipe whose only write end is
    pitstop's (the services supervisor's pattern, without its second process): when pitstop
    ends in any way, SIGKILL included, the read returns EOF and the sweeper stops every process
    of the run's jobs. At a normal end pitstop sweeps first and does not wait for the sweeper.
    """
    _finishing[:] = [sweeper for sweeper in _finishing if sweeper.poll() is None]
    tag = _run_tag[0] = uuid.uuid4().hex[:16]
    with log.open("ab") as output:
        sweeper = subprocess.Popen(
            [sys.executable, "-m", "pitstop.runner.containment", tag],
            stdin=subprocess.PIPE,
            stdout=output,
            stderr=subprocess.STDOUT,
            env={**os.environ, TAG_VAR: ""},  # never a target of a sweep itself
            start_new_session=True,  # Ctrl-C at the terminal is pitstop's to handle
        )
    try:
        yield
    finally:
        # A process started after the run (prove's next step, a test) must not carry the
        # tag this sweeper still hunts: it sweeps once more when it reads EOF, a moment later.
        _run_tag[0] = uuid.uuid4().hex[:16]
        end_tagged(of_run(tag))
        assert sweeper.stdin is not None
        sweeper.stdin.close()
        _finishing.append(sweeper)


# ---- the sweeper process (`python -m pitstop.runner.containment RUN_TAG`) ------------------


def _stop(signum: int, frame: object) -> None:
    raise SystemExit(0)


def main(argv: list[str]) -> int:
    """Wait for EOF on stdin (pitstop is gone, or done), or SIGTERM; then sweep the run."""
    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    run_tag = argv[0]
    try:
        while sys.stdin.buffer.read(65536):
            pass
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        found = end_tagged(of_run(run_tag))
        if found:
            print(f"stopped {len(found)} process(es) left by run {run_tag}: {found}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
