"""A `run:` step that is a pinned pip install starts from the environment it built before.

Before the script: when `pitstop.runner.installs` recognises it and the store
(`Stores.venv_store`) has the environment for its key, the job's venv is replaced by a
spare a finished job handed back (`pitstop.runner.venv_spares`) or else a clone of it
(`pitstop.runner.venv_store`), and the script does not run: the key holds
everything pip's result depends on, and the same install succeeded from the same inputs.
Run again, pip would find every hash-pinned package installed, read no index and change
nothing (in hash-checking mode it never re-checks installed files). Otherwise the script
runs as written; after a successful run whose key was not stored, the venv is saved for
the next job or run.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pitstop.runner import installs, venv_spares, venv_store
from pitstop.runner.script import ScriptRun


@dataclass(frozen=True)
class Reuse:
    store: Path
    key: str
    venv: Path
    restored: bool

    def after(self) -> None:
        """The script succeeded: keep what it built (once per key)."""
        if not self.restored:
            venv_store.save(self.store, self.key, self.venv)

    def hand_back(self) -> bool:
        """The job is over and left nothing running: a restored venv still exactly as it was
        restored goes back to the store as a spare for the next restore (venv_spares)."""
        return self.restored and venv_spares.park(self.store, self.key, self.venv)


def before(
    store: Path | None, run: ScriptRun, workspace: Path, temp: Path, say: Callable[[str], None]
) -> Reuse | None:
    """Prepare the job's venv for `run` (in the job's `workspace`, venvs under `temp`)."""
    if store is None:
        return None
    install = installs.recognise(run.script, run.cwd, run.env, workspace, temp)
    if install is None:
        return None
    started = time.monotonic()
    key = venv_store.key(install)
    spare = venv_spares.take(store, key, install.venv)
    restored = spare or venv_store.restore(store, key, install.venv)
    if restored:
        seconds = time.monotonic() - started
        how = "a spare of " if spare else ""
        say(
            f"pitstop: {install.venv.name} restored from {how}the environment this pinned "
            f"install built before ({store / key}, {seconds:.2f} s); pip is not re-run: every "
            "hash-pinned package is installed and the same install succeeded from the same "
            "inputs (docs/speed.md)"
        )
    return Reuse(store, key, install.venv, restored)
