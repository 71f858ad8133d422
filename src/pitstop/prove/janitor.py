"""Folders a proof no longer needs, deleted in a thread of their own.

A finished copy's job folders (its workspace, mypy's cache, node_modules: hundreds to
thousands of files) used to be deleted by the worker that ran the copy, before it could
start the next defect; the clean run's were deleted after the last defect, when nothing
else ran. The janitor deletes them one after another beside the defects' runs instead.
"""

from __future__ import annotations

import queue
import shutil
import threading
from pathlib import Path


class Janitor:
    def __init__(self) -> None:
        self._folders: queue.SimpleQueue[Path | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._work, name="janitor", daemon=True)
        self._thread.start()

    def free(self, folder: Path) -> None:
        """Delete `folder` soon (nothing may use it any more)."""
        self._folders.put(folder)

    def finish(self) -> None:
        """Wait until every folder given so far is deleted."""
        self._folders.put(None)
        self._thread.join()

    def _work(self) -> None:
        while (folder := self._folders.get()) is not None:
            shutil.rmtree(folder, ignore_errors=True)
