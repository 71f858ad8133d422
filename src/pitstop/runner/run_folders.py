"""The run folders under `~/.cache/pitstop/runs`: the newest few are kept, older ones go.

GitHub throws a runner away after its job and keeps only logs and artifacts. Here a run's
folder keeps the jobs' workspaces and venvs too (a Django project's test matrix: about
1 GB for a first run), so with no limit every run would stay on the user's disk. A run in
the default place retires the folders of all but the newest `KEEP` runs
(`PITSTOP_KEEP_RUNS=N` changes the number, `all` keeps every run): each is renamed to
`.deleting-<id>` at once (no longer a run), then deleted file by file beside the run's
jobs, on the CPU they leave idle. Deleting a first run's folder takes longer than a warm
run, so the deletion stops when the run ends and the next run goes on with it. A run in
progress holds a lock on its folder (`in_use`) and is never retired; a folder given with
`--run-dir` is the user's own and is never counted or touched.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import sys
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from pitstop.errors import PitstopError

KEEP_VARIABLE = "PITSTOP_KEEP_RUNS"
KEEP = 10
LOCK = ".in-use"
DELETING = ".deleting-"  # a retired run's folder, deleted as time allows


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


def retire(root: Path, current: Path, keep: int) -> list[Path]:
    """Rename the run folders under `root` older than the newest `keep` (`current`
    included) to `.deleting-<id>`, except those of runs still in progress; those retired."""
    runs = sorted(_runs(root), key=lambda folder: int(folder.name), reverse=True)
    older = [folder for folder in runs if folder != current][max(keep - 1, 0) :]
    return [folder for folder in older if _retire(root, folder)]


def delete_retired(root: Path, stop: threading.Event) -> bool:
    """Delete the retired folders under `root` until `stop` is set; whether all are gone."""
    return all(_remove(trash, stop) for trash in sorted(root.glob(f"{DELETING}*")))


@dataclass
class Pruning:
    """`retire`, then `delete_retired`, in a thread beside the run."""

    root: Path
    current: Path
    keep: int
    stop: threading.Event = field(default_factory=threading.Event)

    def __post_init__(self) -> None:
        # A daemon: Ctrl-C does not wait for it; what it had not deleted, the next run does.
        self._thread = threading.Thread(target=self._prune, name="run-folders", daemon=True)
        self._thread.start()

    def finish(self) -> None:
        """The run is over: stop deleting (after the file at hand) and wait for the thread."""
        self.stop.set()
        self._thread.join()

    def _prune(self) -> None:
        # On Linux a thread has its own niceness: the jobs beside it keep their CPU.
        if sys.platform == "linux":
            with contextlib.suppress(OSError):
                os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 19)
        retire(self.root, self.current, self.keep)
        delete_retired(self.root, self.stop)


def pruning(root: Path, current: Path, keep: int | None) -> Pruning | None:
    """A `Pruning` started beside the run (None when every run is kept)."""
    return None if keep is None else Pruning(root, current, keep)


def _runs(root: Path) -> Iterator[Path]:
    with contextlib.suppress(OSError):
        for entry in os.scandir(root):
            if entry.name.isdigit() and entry.is_dir(follow_symlinks=False):
                yield Path(entry.path)


def _retire(root: Path, folder: Path) -> bool:
    if _busy(folder):
        return False
    try:
        folder.rename(root / f"{DELETING}{folder.name}")
    except OSError:
        return False
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


def _remove(tree: Path, stop: threading.Event) -> bool:
    """Delete `tree` bottom up, never following a link, until `stop` is set; whether it is
    gone. What cannot be deleted (a folder without write permission) is left."""
    for top, folders, files in os.walk(tree, topdown=False):
        folder = Path(top)
        for name in files:
            if stop.is_set():
                return False
            with contextlib.suppress(OSError):
                (folder / name).unlink()
        for name in folders:  # emptied already; a link to a folder is listed here too
            path = folder / name
            with contextlib.suppress(OSError):
                if path.is_symlink():
                    path.unlink()
                else:
                    path.rmdir()
    with contextlib.suppress(OSError):
        tree.rmdir()
    return not tree.exists()
