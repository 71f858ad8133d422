"""SIGTERM cleans up like Ctrl-C, for every command.

A CI system or a parent process stops pitstop with SIGTERM. Raised as KeyboardInterrupt in the
main thread, it reaches the same clean-up as Ctrl-C: `run` stops its jobs and services, `prove`
and `init`'s preflight stop their `pitstop run` children, and nothing is left behind.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


@contextlib.contextmanager
def terminate_like_ctrl_c() -> Iterator[None]:
    if threading.current_thread() is not threading.main_thread():
        yield  # signal handlers belong to the main thread
        return
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
