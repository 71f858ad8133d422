"""A `run:` step that is a pinned pip install starts from the environment it built before.

Before the script: when `pitstop.runner.installs` recognises it and the store
(`Stores.venv_store`) has the environment for its key, the job's venv is replaced by a
clone of it (`pitstop.runner.venv_store`), and the script does not run: the key holds
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

from pitstop.runner import installs, venv_store
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
    restored = venv_store.restore(store, key, install.venv)
    if restored:
        seconds = time.monotonic() - started
        say(
            f"pitstop: {install.venv.name} restored from the environment this pinned install "
            f"built before ({store / key}, {seconds:.2f} s); pip is not re-run: every "
            "hash-pinned package is installed and the same install succeeded from the same "
            "inputs (docs/speed.md)"
        )
    return Reuse(store, key, install.venv, restored)
