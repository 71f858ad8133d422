"""Every process a job starts ends with the job, daemons included.

A step's processes may leave its process group (`setsid`, a double fork): a group kill misses
them. So every process pitstop starts for a step carries `PITSTOP_JOB_TAG=<run>.<job>` in its
environment, which its children inherit through `setsid`, forks and execs; at the job's end
(and on Ctrl-C or SIGTERM) every process whose environment holds the job's tag is stopped:
SIGTERM, a grace period, SIGKILL.

If pitstop itself is killed (SIGKILL) it can clean up nothing, so each run starts a sweeper
process that waits on a pipe only pitstop can write to, as the services supervisor does: when
the pipe closes without pitstop's "done", the sweeper stops every process carrying the run's
tag. The sweeper is a few lines of bash (`SWEEPER`), not Python: it starts in about a tenth of
the time and CPU, once per run.

A process that starts its children with an emptied environment (`env -i`) escapes the tag;
see docs/security.md.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
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


# The sweeper, run as `bash -c SWEEPER sweeper RUN_TAG`. It reads its stdin until pitstop
# writes "done" (a normal end: pitstop has swept) or the pipe closes without it (pitstop is
# gone), or until SIGTERM; then it stops every process whose environment holds a tag of the
# run (`/proc/<pid>/environ`; a zombie's is empty), as `end_tagged` does: SIGTERM, up to
# 5 s, SIGKILL for what is left or came late.
SWEEPER = f"""
tag=$1
tagged() {{ grep -lszE "^{TAG_VAR}=$tag[.]" /proc/[0-9]*/environ | cut -d/ -f3; }}
sweep() {{
  trap '' TERM
  found=$(tagged)
  [ -n "$found" ] || exit 0
  kill -TERM $found 2>/dev/null
  i=0
  while [ $i -lt {int(GRACE_SECONDS * 10)} ] && [ -n "$(tagged)" ]; do sleep 0.1; i=$((i+1)); done
  late=$(tagged)
  [ -z "$late" ] || kill -KILL $late 2>/dev/null
  echo "stopped process(es) left by run $tag:" $found
  exit 0
}}
trap '' INT
trap sweep TERM
while IFS= read -r line; do [ "$line" = done ] && exit 0; done
sweep
"""


@contextlib.contextmanager
def swept_on_exit(log: Path) -> Iterator[None]:
    """For one run: a sweeper that outlives pitstop, and a sweep of the run's tags at the end.

    The sweeper is one small process holding the read end of a pipe whose only write end is
    pitstop's (the services supervisor's pattern, without its second process): when pitstop
    ends in any way, SIGKILL included, the read returns EOF and the sweeper stops every process
    of the run's jobs. At a normal end pitstop sweeps, tells the sweeper it is done, and does
    not wait for it.
    """
    _finishing[:] = [sweeper for sweeper in _finishing if sweeper.poll() is None]
    tag = _run_tag[0] = uuid.uuid4().hex[:16]
    with log.open("ab") as output:
        sweeper = subprocess.Popen(
            ["bash", "-c", SWEEPER, "sweeper", tag],
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
        # tag of a run that is over.
        _run_tag[0] = uuid.uuid4().hex[:16]
        end_tagged(of_run(tag))
        assert sweeper.stdin is not None
        with contextlib.suppress(OSError):  # a sweeper that is gone already
            sweeper.stdin.write(b"done\n")
            sweeper.stdin.flush()
        with contextlib.suppress(OSError):
            sweeper.stdin.close()
        _finishing.append(sweeper)
