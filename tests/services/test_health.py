from __future__ import annotations

import os

import pytest

from pitstop.errors import PitstopError
from pitstop.services.health import POLL_FIRST, Probe, RealClock, Waiting, run_probe, wait_healthy
from pitstop.services.options import HealthCheck


class FakeClock:
    """The named seam: time passes only when the code under test sleeps."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def waiting(check: HealthCheck, results: list[Probe], alive: bool = True) -> Waiting:
    answers = iter(results)
    last = results[-1]
    return Waiting(
        service_id="db",
        check=check,
        probe=lambda: next(answers, last),
        alive=lambda: alive,
        describe="pg_isready",
        log_tail=lambda: "FATAL: something in the log",
    )


def test_healthy_after_some_failures() -> None:
    check = HealthCheck("x", interval=10.0, retries=3)
    bad = Probe(False, "no response", 2)
    assert wait_healthy(waiting(check, [bad, bad, Probe(True, "")]), FakeClock()) == 3


def test_polls_quickly_but_within_the_interval() -> None:
    clock = FakeClock()
    check = HealthCheck("x", interval=0.5, retries=2)
    with pytest.raises(PitstopError):
        wait_healthy(waiting(check, [Probe(False, "no", 1)]), clock)
    assert clock.sleeps[0] == POLL_FIRST
    assert max(clock.sleeps) == 0.5


def test_budget_is_start_period_plus_retries_times_interval() -> None:
    clock = FakeClock()
    check = HealthCheck("false", interval=2.0, retries=3, start_period=4.0)
    with pytest.raises(PitstopError) as caught:
        wait_healthy(waiting(check, [Probe(False, "still starting", 1)]), clock)
    assert 10.0 <= clock.now < 11.0
    message = caught.value.render()
    assert "service db did not become healthy within 10s" in message
    assert "health command: pg_isready" in message
    assert "last exit code: 1" in message
    assert "still starting" in message
    assert "FATAL: something in the log" in message


def test_at_least_retries_attempts_even_when_probes_are_slow() -> None:
    clock = FakeClock()
    check = HealthCheck("x", interval=0.1, retries=4)
    calls = []

    def slow_probe() -> Probe:
        calls.append(1)
        clock.now += 5.0
        return Probe(False, "slow")

    with pytest.raises(PitstopError):
        wait_healthy(Waiting("db", check, slow_probe, lambda: True, "x"), clock)
    assert len(calls) == 4


def test_a_dead_server_fails_at_once() -> None:
    with pytest.raises(PitstopError, match="exited before it became healthy"):
        wait_healthy(waiting(HealthCheck(), [Probe(True, "")], alive=False), FakeClock())


def test_run_probe_real_commands() -> None:
    env = dict(os.environ)
    assert run_probe("echo ok", env, 5) == Probe(True, "ok", 0)
    assert run_probe("echo nope; exit 3", env, 5) == Probe(False, "nope", 3)
    assert run_probe("sleep 5", env, 0.2) == Probe(False, "timed out after 0.2s")
    assert not run_probe(["/nonexistent/tool"], env, 5).ok


def test_real_clock() -> None:
    clock = RealClock()
    before = clock.monotonic()
    clock.sleep(0.01)
    assert clock.monotonic() > before
