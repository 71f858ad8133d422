from __future__ import annotations

import math
import threading

import pytest

from pitstop.runner.deadlines import Deadlines


def test_deadlines_fire_in_order_and_a_disarmed_one_never_fires() -> None:
    deadlines = Deadlines()
    fired: list[str] = []
    done = threading.Event()

    def late() -> None:
        fired.append("late")
        done.set()

    deadlines.call_at(0.2, late)
    disarm = deadlines.call_at(0.05, lambda: fired.append("disarmed"))
    deadlines.call_at(0.01, lambda: fired.append("early"))
    disarm()
    assert done.wait(5)
    assert fired == ["early", "late"]


@pytest.mark.parametrize("seconds", [math.inf, -math.inf, math.nan, -1.0])
def test_a_delay_that_is_not_finite_and_non_negative_is_refused(seconds: float) -> None:
    with pytest.raises(ValueError, match="finite"):
        Deadlines().call_at(seconds, lambda: None)


def test_a_huge_delay_neither_kills_nor_blocks_the_watchdog() -> None:
    deadlines = Deadlines()
    done = threading.Event()
    deadlines.call_at(1e308 / 1e300, lambda: None)  # 1e8 s: far beyond any wait
    deadlines.call_at(0.01, done.set)
    assert done.wait(5)


def test_a_failing_callback_never_stops_the_later_deadlines(
    capsys: pytest.CaptureFixture[str],
) -> None:
    deadlines = Deadlines()
    done = threading.Event()

    def broken() -> None:
        raise RuntimeError("boom")

    deadlines.call_at(0.0, broken)
    deadlines.call_at(0.05, done.set)
    assert done.wait(5)
    assert "boom" in capsys.readouterr().err
