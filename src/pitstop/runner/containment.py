"""Every process a job starts ends with the job, daemons included.

A step's processes may leave its process group (`setsid`, a double fork): a group kill misses
them. So every process pitstop starts for a step carries `PITSTOP_JOB_TAG=<run>.<job>` in its
environment, which its children inherit through `setsid`, forks and execs; at the job's end
(and on Ctrl-C or SIGTERM) every process whose environment holds the job's tag is stopped:
SIGTERM, a grace period, SIGKILL.

If pitstop itself is killed (SIGKILL) it can clean up nothing, so each run starts a sweeper
under the services supervisor (`services/supervisor.py`): when pitstop's end of the
supervisor's pipe closes, for whatever reason, the supervisor stops the sweeper with SIGTERM
and the sweeper stops every process carrying the run's tag.

A process that starts its children with an emptied environment (`env -i`) escapes the tag;
see docs/security.md.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

TAG_VAR = "PITSTOP_JOB_TAG"
RUN_TAG = uuid.uuid4().hex[:16]  # this pitstop process's runs; jobs are RUN_TAG.<n>
GRACE_SECONDS = 5.0

Kill = Callable[[int, int], None]


def tagged(match: Callable[[str], bool]) -> list[int]:
    """The pids (not pitstop's own) whose environment has a PITSTOP_JOB_TAG that matches."""
    found = []
    prefix = TAG_VAR.encode() + b"="
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            environ = (entry / "environ").read_bytes()
        except OSError:
            continue
        for item in environ.split(b"\0"):
            if item.startswith(prefix) and match(item[len(prefix) :].decode(errors="replace")):
                found.append(int(entry.name))
                break
    return [pid for pid in found if pid != os.getpid() and _running(pid)]


def _running(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rpartition(")")[2].split()[0] not in ("Z", "X")


def end_tagged(
    match: Callable[[str], bool], grace: float = GRACE_SECONDS, kill: Kill = os.kill
) -> list[int]:
    """Stop every process whose tag matches: SIGTERM, up to `grace` seconds, SIGKILL.
    Returns the pids it found."""
    pids = tagged(match)
    for pid in pids:
        _signal(kill, pid, signal.SIGTERM)
    deadline = time.monotonic() + grace
    while pids and time.monotonic() < deadline and any(_running(pid) for pid in pids):
        time.sleep(0.05)
    for pid in tagged(match):  # the late ones too (a daemon forking while it was stopped)
        _signal(kill, pid, signal.SIGKILL)
    return pids


def _signal(kill: Kill, pid: int, signum: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        kill(pid, signum)


def of_job(tag: str) -> Callable[[str], bool]:
    return lambda value: value == tag


def of_run(run_tag: str) -> Callable[[str], bool]:
    return lambda value: value.startswith(run_tag + ".")


@contextlib.contextmanager
def swept_on_exit(log: Path) -> Iterator[None]:
    """For the run: a sweeper that outlives pitstop, and a sweep of the run's tags at the end."""
    from pitstop.services.supervisor import ServerSpec, Supervised

    spec = ServerSpec(
        argv=[sys.executable, "-m", "pitstop.runner.containment", RUN_TAG],
        env={**os.environ, TAG_VAR: ""},
        log=str(log),
        grace=GRACE_SECONDS + 5,
    )
    sweeper = Supervised.launch(spec)
    try:
        yield
    finally:
        end_tagged(of_run(RUN_TAG))
        sweeper.stop()


# ---- the sweeper process (`python -m pitstop.runner.containment RUN_TAG`) ------------------


def _stop(signum: int, frame: object) -> None:
    raise SystemExit(0)


def main(argv: list[str]) -> int:
    signal.signal(signal.SIGTERM, _stop)
    run_tag = argv[0]
    try:
        while True:
            signal.pause()
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        found = end_tagged(of_run(run_tag))
        if found:
            print(f"stopped {len(found)} process(es) left by run {run_tag}: {found}", flush=True)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
