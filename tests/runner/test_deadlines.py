from __future__ import annotations

import threading

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
