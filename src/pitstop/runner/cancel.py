"""A cancel token: a flag with a reason, and the kill callbacks to call when it is set.

Each job cell has one. Ctrl-C, `fail-fast`, `cancel-in-progress` and the job's
`timeout-minutes` all cancel through it; the step that is running registers a callback that
kills its process group, so cancelling takes effect at once.
"""

from __future__ import annotations

import threading
from collections.abc import Callable


class Cancel:
    def __init__(self) -> None:
        self._event = threading.Event()
        self._lock = threading.Lock()
        self._callbacks: list[Callable[[], None]] = []
        self.reason: str | None = None

    def is_set(self) -> bool:
        return self._event.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        return self._event.wait(timeout)

    def set(self, reason: str) -> None:
        """Cancel (the first reason wins) and call every registered callback once."""
        with self._lock:
            if self._event.is_set():
                return
            self.reason = reason
            self._event.set()
            callbacks, self._callbacks = self._callbacks, []
        for callback in callbacks:
            callback()

    def on_cancel(self, callback: Callable[[], None]) -> Callable[[], None]:
        """Call `callback` when cancelled (now, if already); returns a function to unregister."""
        with self._lock:
            if not self._event.is_set():
                self._callbacks.append(callback)
                return lambda: self._forget(callback)
        callback()
        return lambda: None

    def _forget(self, callback: Callable[[], None]) -> None:
        with self._lock:
            if callback in self._callbacks:
                self._callbacks.remove(callback)
