"""Job timeouts on one watchdog thread (a heap of deadlines), not one timer thread per job."""

from __future__ import annotations

import heapq
import itertools
import threading
import time
from collections.abc import Callable


class Deadlines:
    def __init__(self) -> None:
        self._heap: list[tuple[float, int, Callable[[], None]]] = []
        self._cancelled: set[int] = set()
        self._cond = threading.Condition()
        self._ids = itertools.count()
        self._thread: threading.Thread | None = None

    def call_at(self, seconds: float, callback: Callable[[], None]) -> Callable[[], None]:
        """Call `callback` after `seconds` unless the returned function is called first."""
        with self._cond:
            ident = next(self._ids)
            heapq.heappush(self._heap, (time.monotonic() + seconds, ident, callback))
            if self._thread is None:
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
                callback()

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
            timeout = self._heap[0][0] - now if self._heap else None
            self._cond.wait(timeout)


DEADLINES = Deadlines()
