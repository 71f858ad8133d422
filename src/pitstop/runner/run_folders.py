"""The run folders under `~/.cache/pitstop/runs`: the newest few are kept, older ones go.

GitHub throws a runner away after its job and keeps only logs and artifacts. Here a run's
folder keeps the jobs' workspaces and venvs too (a Django project's test matrix: about
1 GB for a first run), so with no limit every run would stay on the user's disk. A run in
the default place deletes, beside its jobs, the folders of all but the newest `KEEP` runs
(`PITSTOP_KEEP_RUNS=N` changes the number, `all` keeps every run). A run in progress holds
a lock on its folder (`in_use`) and is never deleted; a folder given with `--run-dir` is
the user's own and is never counted or touched.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import sys
import threading
from collections.abc import Iterator, Mapping
from pathlib import Path

from pitstop.errors import PitstopError

KEEP_VARIABLE = "PITSTOP_KEEP_RUNS"
KEEP = 10
LOCK = ".in-use"
DELETING = ".deleting-"  # a folder renamed so, mid-delete, is no longer a run


def keep_count(env: Mapping[str, str]) -> int | None:
    """How many runs to keep (the current one counts); None keeps them all."""
    value = env.get(KEEP_VARIABLE, "").strip().lower()
    if not value:
        return KEEP
    if value == "all":
        return None
    if value.isdigit() and int(value) >= 1:
        return int(value)
    raise PitstopError(
        f"{KEEP_VARIABLE}={value!r} is not a number of runs",
        hint=f"set it to a whole number of at least 1 (default {KEEP}), or to `all`",
    )


@contextlib.contextmanager
def in_use(run_dir: Path) -> Iterator[None]:
    """Hold the run folder's lock while the run lasts: no other run's prune deletes it."""
    descriptor = os.open(run_dir / LOCK, os.O_CREAT | os.O_RDWR, 0o600)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)  # releases the lock


def prune(root: Path, current: Path, keep: int) -> list[Path]:
    """Delete the run folders under `root` older than the newest `keep` (`current`
    included), except those of runs still in progress; the folders deleted."""
    runs = sorted(_runs(root), key=lambda folder: int(folder.name), reverse=True)
    older = [folder for folder in runs if folder != current][max(keep - 1, 0) :]
    deleted = [folder for folder in older if _delete(root, folder)]
    for leftover in root.glob(f"{DELETING}*"):  # a delete an earlier run did not finish
        shutil.rmtree(leftover, ignore_errors=True)
    return deleted


def pruning(root: Path, current: Path, keep: int | None) -> threading.Thread | None:
    """`prune` in a thread beside the run (None when every run is kept); join it at the end."""
    if keep is None:
        return None
    # A daemon: Ctrl-C does not wait for it; what it had not deleted yet, the next run does.
    thread = threading.Thread(
        target=_prune_gently, args=(root, current, keep), name="run-folders", daemon=True
    )
    thread.start()
    return thread


def _prune_gently(root: Path, current: Path, keep: int) -> None:
    """`prune` on the CPU the run's jobs leave idle: deleting a first run's folder (tens of
    thousands of files) must not slow the jobs beside it. On Linux a thread has its own
    niceness; elsewhere it runs at the run's."""
    if sys.platform == "linux":
        with contextlib.suppress(OSError):
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 19)
    prune(root, current, keep)


def _runs(root: Path) -> Iterator[Path]:
    with contextlib.suppress(OSError):
        for entry in os.scandir(root):
            if entry.name.isdigit() and entry.is_dir(follow_symlinks=False):
                yield Path(entry.path)


def _delete(root: Path, folder: Path) -> bool:
    if _busy(folder):
        return False
    trash = root / f"{DELETING}{folder.name}"
    try:
        folder.rename(trash)
    except OSError:
        return False
    shutil.rmtree(trash, ignore_errors=True)
    return True


def _busy(folder: Path) -> bool:
    """Whether a run holds the folder's lock (a folder without one: a finished run)."""
    try:
        descriptor = os.open(folder / LOCK, os.O_RDWR)
    except OSError:
        return False
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return True
    finally:
        os.close(descriptor)
    return False
