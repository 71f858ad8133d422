"""Job timeouts on one watchdog thread (a heap of deadlines), not one timer thread per job.

The thread serves every job of the run, so nothing one job gives it may stop it: a delay that
is not a finite number of seconds >= 0 is refused at `call_at` (a NaN would break the heap's
order and spin the thread, an infinite or huge one would overflow the wait), the wait is
bounded, and a callback that raises is reported and the thread goes on.
"""

from __future__ import annotations

import heapq
import itertools
import math
import sys
import threading
import time
from collections.abc import Callable

_LONGEST_WAIT = 3600.0  # re-check at least hourly; far below threading.TIMEOUT_MAX


class Deadlines:
    def __init__(self) -> None:
        self._heap: list[tuple[float, int, Callable[[], None]]] = []
        self._cancelled: set[int] = set()
        self._cond = threading.Condition()
        self._ids = itertools.count()
        self._thread: threading.Thread | None = None

    def call_at(self, seconds: float, callback: Callable[[], None]) -> Callable[[], None]:
        """Call `callback` after `seconds` unless the returned function is called first."""
        if not (math.isfinite(seconds) and seconds >= 0):
            raise ValueError(f"a deadline must be a finite number of seconds >= 0: {seconds!r}")
        with self._cond:
            ident = next(self._ids)
            heapq.heappush(self._heap, (time.monotonic() + seconds, ident, callback))
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._watch, daemon=True, name="deadlines")
                self._thread.start()
            self._cond.notify()
        return lambda: self._cancel(ident)

    def _cancel(self, ident: int) -> None:
        with self._cond:
            self._cancelled.add(ident)

    def _watch(self) -> None:
        while True:
            with self._cond:
                due = self._due()
            for callback in due:
                try:
                    callback()
                except Exception as exc:  # one job's failing callback never stops the others
                    print(f"pitstop: a timeout callback failed: {exc!r}", file=sys.stderr)

    def _due(self) -> list[Callable[[], None]]:
        """Wait for the next deadline; the callbacks whose time has come (not cancelled)."""
        while True:
            now = time.monotonic()
            due = []
            while self._heap and self._heap[0][0] <= now:
                _, ident, callback = heapq.heappop(self._heap)
                if ident in self._cancelled:
                    self._cancelled.discard(ident)
                else:
                    due.append(callback)
            if due:
                return due
            timeout = self._heap[0][0] - now if self._heap else _LONGEST_WAIT
            self._cond.wait(min(timeout, _LONGEST_WAIT))


DEADLINES = Deadlines()
