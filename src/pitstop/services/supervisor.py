"""Keep a native server from outliving pitstop.

`Supervised.launch` starts a small watchdog process (`python -m pitstop.services.supervisor`)
which starts the server in its own process group, optionally as another user, and then
blocks reading its stdin. pitstop holds the only write end of that pipe. When pitstop calls
`stop()`, or dies in any way (an exception, Ctrl-C, SIGKILL), the pipe closes and the watchdog
sends the server its graceful stop signal, waits, kills the whole process group, and exits.
So stopping and crashing take the same path, and no server survives its owner.

The watchdog reads its instructions as one JSON line so that the server's environment (which
may carry a password) never appears on a command line.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from types import FrameType

from pitstop.errors import PitstopError

PR_SET_CHILD_SUBREAPER = 36


@dataclass(frozen=True)
class ServerSpec:
    argv: Sequence[str]
    env: Mapping[str, str]
    log: str  # the server's stdout and stderr go here (opened by the watchdog)
    cwd: str | None = None
    user: tuple[int, int] | None = None  # (uid, gid) to run as, when pitstop is root
    stop_signal: int = int(signal.SIGTERM)
    grace: float = 10.0  # seconds between the stop signal and SIGKILL of the group
    cleanup: tuple[str, ...] = ()  # paths the watchdog removes once the server is gone

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str | bytes) -> ServerSpec:
        data = json.loads(text)
        user = data.pop("user")
        cleanup = tuple(data.pop("cleanup"))
        return cls(**data, user=tuple(user) if user else None, cleanup=cleanup)


class Supervised:
    """A server started under a watchdog; `stop()` is idempotent."""

    def __init__(self, watchdog: subprocess.Popen[bytes], pid: int) -> None:
        self._watchdog = watchdog
        self.pid = pid  # the server's pid, which is also its process group id

    @classmethod
    def launch(cls, spec: ServerSpec) -> Supervised:
        watchdog = subprocess.Popen(
            [sys.executable, "-m", "pitstop.services.supervisor"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            process_group=0,
        )
        assert watchdog.stdin is not None and watchdog.stdout is not None
        watchdog.stdin.write(spec.to_json().encode() + b"\n")
        watchdog.stdin.flush()
        first = watchdog.stdout.readline().decode("utf-8", errors="replace").strip()
        if not first.isdigit():
            watchdog.stdin.close()
            rest = watchdog.stdout.read().decode("utf-8", errors="replace")
            watchdog.stdout.close()
            watchdog.wait()
            raise PitstopError(f"could not start {spec.argv[0]}: {first} {rest}".strip())
        return cls(watchdog, int(first))

    def alive(self) -> bool:
        """True while the server process exists (the watchdog reaps it as soon as it exits)."""
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return _state(self.pid) not in ("Z", "X")

    def stop(self, timeout: float = 60.0) -> None:
        watchdog = self._watchdog
        if watchdog.returncode is not None:
            return
        if watchdog.stdin is not None and not watchdog.stdin.closed:
            watchdog.stdin.close()
        try:
            watchdog.wait(timeout)
        except subprocess.TimeoutExpired:
            _kill_group(self.pid)
            watchdog.kill()
            watchdog.wait()
        if watchdog.stdout is not None:
            watchdog.stdout.close()


def _state(pid: int) -> str:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return "?"
    return stat.rpartition(")")[2].split()[0]


def _parents() -> dict[int, int]:
    """pid -> parent pid for every process, from /proc (empty where there is no /proc)."""
    parents = {}
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        parents[int(entry.name)] = int(stat.rpartition(")")[2].split()[1])
    return parents


def descendants(pid: int) -> list[int]:
    """Every process below `pid` in the process tree."""
    children: dict[int, list[int]] = {}
    for child, parent in _parents().items():
        children.setdefault(parent, []).append(child)
    found: list[int] = []
    todo = [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found and child != pid:
                found.append(child)
                todo.append(child)
    return found


def _kill_group(pgid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, signal.SIGKILL)


# ---- the watchdog process -------------------------------------------------------------------


class _Stop(Exception):
    pass


def _ignore(signum: int, frame: FrameType | None) -> None:
    pass


def _raise_stop(signum: int, frame: FrameType | None) -> None:
    raise _Stop


def _start_server(spec: ServerSpec) -> subprocess.Popen[bytes]:
    uid, gid = spec.user if spec.user else (None, None)
    log = open(spec.log, "ab")  # noqa: SIM115 - handed to the child
    try:
        return subprocess.Popen(
            list(spec.argv),
            env=dict(spec.env),
            cwd=spec.cwd,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            process_group=0,
            user=uid,
            group=gid,
            extra_groups=[] if uid is not None else None,
        )
    finally:
        log.close()


def _become_subreaper() -> None:
    """Adopt the server's orphans (PostgreSQL's backends each lead their own session, so a
    group kill misses them; as our orphans they stay findable)."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)


def _shutdown(server: subprocess.Popen[bytes], stop_signal: int, grace: float) -> None:
    if server.poll() is None:
        try:
            os.kill(server.pid, stop_signal)
            server.wait(grace)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            pass
    _kill_group(server.pid)
    for pid in descendants(os.getpid()):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, signal.SIGKILL)
    server.wait()
    with contextlib.suppress(ChildProcessError):
        while True:  # reap the adopted orphans
            os.waitpid(-1, 0)


def main() -> int:
    # Ctrl-C and a closed terminal are pitstop's to handle. A no-op handler rather than
    # SIG_IGN, because an ignored signal stays ignored in the server after exec.
    for name in ("SIGINT", "SIGHUP"):
        signal.signal(getattr(signal, name), _ignore)
    # SIGTERM is only noted until the server runs and the shutdown is armed.
    terms: list[int] = []
    signal.signal(signal.SIGTERM, lambda signum, frame: terms.append(signum))
    _become_subreaper()
    spec = ServerSpec.from_json(sys.stdin.buffer.readline())
    try:
        server = _start_server(spec)
    except OSError as exc:
        print(f"{exc}", flush=True)
        return 1
    try:
        # Reap the server as soon as it exits, so that `alive()` sees it gone.
        threading.Thread(target=server.wait, daemon=True).start()
        print(server.pid, flush=True)
        signal.signal(signal.SIGTERM, _raise_stop)
        if terms:
            raise _Stop
        while sys.stdin.buffer.read(65536):
            pass
    except _Stop:
        pass
    finally:
        signal.signal(signal.SIGTERM, _ignore)
        _shutdown(server, spec.stop_signal, spec.grace)
        _remove(spec.cleanup)
    return 0


def _remove(paths: Sequence[str]) -> None:
    """Remove a server's private folders (and links to them), even after a crash of pitstop."""
    for text in paths:
        path = Path(text)
        if path.is_symlink() or path.is_file():
            path.unlink(missing_ok=True)
        else:
            shutil.rmtree(path, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
