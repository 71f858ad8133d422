"""Waiting for a native service to become healthy.

The health command runs natively with `/bin/sh -c`, like Docker's CMD-SHELL, with an
environment that points the usual client tools at this server (e.g. PGHOST/PGPORT). Locally
it is polled quickly rather than every `--health-interval`, but the time budget stays
Docker's: the start period plus retries x interval, and at least `retries` attempts.
"""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from pitstop.errors import PitstopError
from pitstop.services.options import HealthCheck

# A local server is usually ready within tens of milliseconds: poll soon, then back off.
POLL_FIRST = 0.02
POLL_MAX = 1.0


class Clock(Protocol):
    def monotonic(self) -> float: ...

    def sleep(self, seconds: float) -> None: ...


class RealClock:
    def monotonic(self) -> float:
        return time.monotonic()

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


def health_base_env() -> dict[str, str]:
    """What a health command sees besides the service's env: a PATH, HOME and locale."""
    keep = ("PATH", "HOME", "LANG", "LC_ALL", "TZ", "TMPDIR")
    return {name: os.environ[name] for name in keep if name in os.environ}


@dataclass(frozen=True)
class Probe:
    ok: bool
    output: str  # what the last attempt printed, or why it could not run
    code: int | None = None


def run_probe(command: str | Sequence[str], env: Mapping[str, str], timeout: float) -> Probe:
    """Run one health check attempt; a timeout counts as a failure, like Docker's."""
    argv = ["/bin/sh", "-c", command] if isinstance(command, str) else list(command)
    try:
        done = subprocess.run(
            argv,
            env=dict(env),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return Probe(False, f"timed out after {timeout:g}s")
    except OSError as exc:
        return Probe(False, str(exc))
    output = done.stdout.decode("utf-8", errors="replace").strip()
    return Probe(done.returncode == 0, output, done.returncode)


@dataclass(frozen=True)
class Waiting:
    """What to wait for: a service, its check, how to probe it, and whether it still runs."""

    service_id: str
    check: HealthCheck
    probe: Callable[[], Probe]
    alive: Callable[[], bool]
    describe: str  # the command as the user wrote it, for the error
    log_tail: Callable[[], str] = lambda: ""


def wait_healthy(waiting: Waiting, clock: Clock | None = None) -> int:
    """Poll until a probe succeeds; return the number of attempts, or raise PitstopError."""
    clock = clock or RealClock()
    check = waiting.check
    deadline = clock.monotonic() + check.budget
    attempts, pause, last = 0, POLL_FIRST, Probe(False, "not run")
    while True:
        if not waiting.alive():
            raise _failure(waiting, "exited before it became healthy", last)
        last = waiting.probe()
        attempts += 1
        if last.ok:
            return attempts
        if clock.monotonic() >= deadline and attempts >= check.retries:
            raise _failure(waiting, f"did not become healthy within {check.budget:g}s", last)
        clock.sleep(min(pause, check.interval))
        pause = min(pause * 2, POLL_MAX)


def _failure(waiting: Waiting, what: str, last: Probe) -> PitstopError:
    lines = [f"health command: {waiting.describe}"]
    if last.code is not None:
        lines.append(f"last exit code: {last.code}")
    lines.append("last output:" + _indent(last.output or "(none)"))
    tail = waiting.log_tail().strip()
    if tail:
        lines.append("server log (last lines):" + _indent(tail))
    return PitstopError(f"service {waiting.service_id} {what}\n" + "\n".join(lines))


def _indent(text: str) -> str:
    return "".join(f"\n    {line}" for line in text.splitlines())
