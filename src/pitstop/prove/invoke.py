"""Running `pitstop run` on a copy of the project, as a child process we can stop (forked
from a server that imported pitstop once: pitstop.prove.forked)."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from pitstop.actions import cache_store
from pitstop.prove import forked
from pitstop.report import json_result
from pitstop.runner.run_state import JobResult, RunResult

GRACE_S = 20.0  # how long an interrupted `pitstop run` gets to stop its services


@dataclass(frozen=True)
class RunOutcome:
    code: int
    result: RunResult | None  # read back from the `--json` document; None if not written
    log: Path  # everything `pitstop run` printed
    duration_s: float

    def jobs(self, job_id: str) -> list[JobResult]:
        return [job for job in self.result.jobs if job.id == job_id] if self.result else []


class Child(Protocol):
    """A process leading its own process group: a `Popen` or a `forked.Forked`."""

    @property
    def pid(self) -> int: ...

    def wait(self, timeout: float | None = None) -> int: ...


class Children:
    """The live `pitstop run` processes, so that Ctrl-C can stop every one of them."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._live: set[Child] = set()
        self._stopped = False  # once stopped, a run started later is stopped at once

    def add(self, process: Child) -> None:
        with self._lock:
            self._live.add(process)
            stopped = self._stopped
        if stopped:
            _signal_group(process, signal.SIGINT)

    def discard(self, process: Child) -> None:
        with self._lock:
            self._live.discard(process)

    def stop_all(self) -> None:
        """SIGINT each group (pitstop run then stops its services), then SIGKILL stragglers."""
        with self._lock:
            live = list(self._live)
            self._stopped = True
        for process in live:
            _signal_group(process, signal.SIGINT)
        deadline = time.monotonic() + GRACE_S
        for process in live:
            try:
                process.wait(timeout=max(deadline - time.monotonic(), 0.1))
            except subprocess.TimeoutExpired:
                _signal_group(process, signal.SIGKILL)
                process.wait()


def _signal_group(process: Child, signum: int) -> None:
    try:
        os.killpg(process.pid, signum)
    except ProcessLookupError:  # a forked child not yet in its own group: itself, then
        with contextlib.suppress(ProcessLookupError):
            os.kill(process.pid, signum)


def run_workflow(
    repository: Path,
    workflow: str,
    *,
    jobs: Sequence[str],
    matrix: Sequence[tuple[str, str]],
    parallel: int,
    out_dir: Path,
    children: Children,
    venv_seeds: Path | None = None,
    actions_cache: Path | None = None,
) -> RunOutcome:
    """`pitstop run WORKFLOW -j JOB ... --json` in `repository`; output goes to a log file.

    `actions_cache` is the actions/cache store of the run (default: the repository's own)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    result_path, log = out_dir / "run.json", out_dir / "run.log"
    command = ["run", workflow, "--event", "push"]
    command += [arg for job in jobs for arg in ("-j", job)]
    command += [arg for key, value in matrix for arg in ("--matrix", f"{key}={value}")]
    command += ["--jobs", str(parallel), "--allow-unverified"]
    command += ["--json", str(result_path)]
    command += ["--run-dir", str(out_dir / "run")]
    env = dict(os.environ)
    if venv_seeds is not None:  # the defects' jobs start from the baseline's environments
        env["PITSTOP_VENV_SEEDS"] = str(venv_seeds)
    if actions_cache is not None:
        env[cache_store.STORE_VARIABLE] = str(actions_cache)
    started = time.monotonic()
    process = forked.start(command, repository, env, log)
    children.add(process)
    try:
        code = process.wait()
    except BaseException:  # Ctrl-C: stop every child, not just this one
        children.stop_all()
        raise
    finally:
        children.discard(process)
    return RunOutcome(code, json_result.read(result_path), log, time.monotonic() - started)
