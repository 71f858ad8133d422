"""`concurrency:` groups: two runs in the same group never overlap.

As on GitHub, a group has at most one holder and one pending claimant: a newer claimant
replaces (cancels) the pending one, and with `cancel-in-progress: true` it also cancels the
holder. Within one pitstop process this is exact. Across pitstop processes the group is also
an exclusive lock file in the state directory, so two `pitstop run`s never overlap in a group
(the later one waits); `cancel-in-progress` does not reach into another process.

On GitHub a group belongs to one repository. Here a repository is its checkout folder (the
`scope`): two runs in one checkout share their groups, two checkouts never block each other
(e.g. `pitstop prove`'s copies of a project, which run side by side).
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path

from pitstop.runner.cancel import Cancel

CANCELLED_BY_NEWER = "cancelled: a newer run in concurrency group {group!r} took its place"


@dataclass
class _Group:
    holder: Cancel | None = None
    pending: Cancel | None = None
    lock_fd: int | None = None
    waiters: int = field(default=0)


class ConcurrencyGroups:
    def __init__(self, lock_dir: Path | None = None, scope: str = "") -> None:
        self._groups: dict[str, _Group] = {}
        self._cond = threading.Condition()
        self._lock_dir = lock_dir
        self._scope = scope

    def acquire(self, group: str, cancel_in_progress: bool, claimant: Cancel) -> bool:
        """Wait until `claimant` holds `group`; False when it was cancelled while waiting."""
        with self._cond:
            state = self._groups.setdefault(group, _Group())
            if state.holder is not None:
                if cancel_in_progress:
                    state.holder.set(CANCELLED_BY_NEWER.format(group=group))
                if state.pending is not None:
                    state.pending.set(CANCELLED_BY_NEWER.format(group=group))
                    self._cond.notify_all()
                state.pending = claimant
                while state.holder is not None and not claimant.is_set():
                    self._cond.wait(0.05)
                if state.pending is claimant:
                    state.pending = None
                if claimant.is_set():
                    return False
            state.holder = claimant
        if not self._lock_across_processes(group, state, claimant):
            self.release(group, claimant)
            return False
        return True

    def release(self, group: str, claimant: Cancel) -> None:
        with self._cond:
            state = self._groups.get(group)
            if state is None or state.holder is not claimant:
                return
            if state.lock_fd is not None:
                os.close(state.lock_fd)  # closing releases the flock
                state.lock_fd = None
            state.holder = None
            self._cond.notify_all()

    def _lock_across_processes(self, group: str, state: _Group, claimant: Cancel) -> bool:
        if self._lock_dir is None:
            return True
        self._lock_dir.mkdir(parents=True, exist_ok=True)
        key = f"{self._scope}\0{group}".encode()
        digest = hashlib.sha256(key).hexdigest()[:32]
        fd = os.open(self._lock_dir / f"{digest}.lock", os.O_RDWR | os.O_CREAT, 0o600)
        while not claimant.is_set():
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                claimant.wait(0.1)
                continue
            with self._cond:
                state.lock_fd = fd
            return True
        os.close(fd)
        return False
