"""Execute one job cell: `if:`, unsupported features, concurrency, then `JobExecution`.

`JobRunner` is the scheduler's `CellExecutor`. For a job that runs, `JobExecution` owns the
job's workspace, log, services, environment, steps and clean-up.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import threading
import time
from collections.abc import Mapping
from pathlib import Path

from pitstop.actions.base import Annotation
from pitstop.errors import PitstopError
from pitstop.runner import evaluation, host_ports
from pitstop.runner.cancel import Cancel
from pitstop.runner.cell import Cell
from pitstop.runner.execute import base_contexts, expand_deferred
from pitstop.runner.inputs import dispatch_inputs
from pitstop.runner.job_execution import JobExecution
from pitstop.runner.reusable import run_reusable
from pitstop.runner.run_state import JobResult, JobResultValue
from pitstop.runner.scheduler import Need, Node
from pitstop.runner.settings import RunSettings
from pitstop.runner.status import JobStatus
from pitstop.runner.unsupported import Unsupported, check_job
from pitstop.workflow.model import Workflow


def _strategy(cell: Cell, known: Mapping[str, object]) -> dict[str, object]:
    """The `strategy` context: `fail-fast` and `max-parallel` evaluated (GitHub allows the
    github, needs, vars and inputs contexts there), not as written."""
    strategy = cell.job.strategy
    position = cell.job.position
    fail_fast = (
        True
        if strategy is None
        else evaluation.boolean(strategy.fail_fast, known, position, "strategy.fail-fast")
    )
    limit = None if strategy is None else strategy.max_parallel
    parallel = evaluation.number(limit, known, position, "strategy.max-parallel")
    return {
        "fail-fast": fail_fast,
        "job-index": cell.index,
        "job-total": cell.total,
        "max-parallel": cell.total if parallel is None else int(parallel),
    }


def slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-") or "job"


class JobRunner:
    def __init__(self, settings: RunSettings, parent: JobRunner | None = None) -> None:
        self.settings = settings
        # Nested runners (reusable workflows) share the directory names of the run.
        self._lock: threading.Lock = threading.Lock() if parent is None else parent._lock
        self._slugs: set[str] = set() if parent is None else parent._slugs

    def not_started(self, node: Node[Cell], result: JobResultValue, note: str) -> JobResult:
        job = self._result(node)
        job.result = job.needs_result = result
        job.notes.append(note)
        self.settings.observer.job_finished(job)
        return job

    def expand(self, node: Node[Cell], needs: Mapping[str, Need]) -> list[Node[Cell]]:
        return expand_deferred(node, needs, base_contexts(self.settings))

    def failed(self, node: Node[Cell], error: PitstopError) -> JobResult:
        return self._failed_before_start(self._result(node), error)

    def run(
        self,
        node: Node[Cell],
        needs: Mapping[str, Need],
        ancestors: tuple[str, ...],
        cancel: Cancel,
    ) -> JobResult:
        cell = node.payload
        job = self._result(node)
        if cancel.is_set():
            return self.not_started_cancelled(job, cancel)
        try:
            contexts = self.contexts(cell, needs)
            status = JobStatus.of(ancestors, cancel.is_set())
            if not evaluation.condition(cell.job.if_, contexts, status, cell.job.position):
                job.result = job.needs_result = "skipped"
                self.settings.observer.job_finished(job)
                return job
            check_job(cell.job)
        except Unsupported as exc:
            return self._unsupported(job, exc)
        except PitstopError as exc:
            return self._failed_before_start(job, exc)
        return self._with_host_ports(cell, job, contexts, cancel)

    def _with_host_ports(
        self, cell: Cell, job: JobResult, contexts: dict[str, object], cancel: Cancel
    ) -> JobResult:
        ports = host_ports.fixed(cell.job.services)
        if not ports:
            return self._with_concurrency(cell, job, contexts, cancel)
        asked = time.monotonic()
        held = self.settings.host_ports.acquire(ports, cancel)
        if held is None:
            return self.not_started_cancelled(job, cancel)
        waited = time.monotonic() - asked
        if waited >= 1:
            listed = ", ".join(map(str, ports))
            job.notes.append(
                f"waited {waited:.0f}s for host port {listed}: another job's service mapped it "
                "(on GitHub each job has a machine of its own)"
            )
        try:
            return self._with_concurrency(cell, job, contexts, cancel)
        finally:
            self.settings.host_ports.release(held)

    def contexts(self, cell: Cell, needs: Mapping[str, Need]) -> dict[str, object]:
        settings = self.settings
        github = dict(settings.github)
        github["job"] = cell.job.id
        github["workflow"] = cell.workflow.name or cell.workflow.path
        github["workflow_ref"] = (
            f"{github.get('repository')}/{cell.workflow.path}@{github.get('ref')}"
        )
        github["run_number"] = settings.run_numbers.get(cell.workflow.path, "1")
        known = {
            "github": github,
            "vars": dict(settings.vars),
            "inputs": self._inputs(cell.workflow),
            "needs": {job_id: need.context() for job_id, need in needs.items()},
        }
        return {
            **known,
            "runner": dict(settings.runner),
            "secrets": {"GITHUB_TOKEN": "", **settings.secrets},
            "matrix": dict(cell.matrix),
            "strategy": _strategy(cell, known),
            "env": {},
            "steps": {},
            "job": {"status": "success", "services": {}},
        }

    def _inputs(self, workflow: Workflow) -> dict[str, object]:
        settings = self.settings
        if settings.github.get("event_name") == "workflow_dispatch" and not settings.called:
            return dispatch_inputs(workflow, settings.inputs)
        return dict(self.settings.inputs)

    def _result(self, node: Node[Cell]) -> JobResult:
        cell = node.payload
        return JobResult(
            workflow=cell.workflow.file_name,
            id=cell.job.id,
            name=cell.name,
            matrix=dict(cell.matrix),
        )

    def _unsupported(self, job: JobResult, exc: Unsupported) -> JobResult:
        if self.settings.skip_unsupported:
            job.result = job.needs_result = "skipped"
            job.notes.append(f"skipped (--skip-unsupported): {exc.message}")
        else:
            job.result = job.needs_result = "failure"
            job.annotations.append(_annotation(exc))
        self.settings.observer.job_finished(job)
        return job

    def _failed_before_start(self, job: JobResult, exc: PitstopError) -> JobResult:
        job.result = job.needs_result = "failure"
        job.annotations.append(_annotation(exc))
        self.settings.observer.job_finished(job)
        return job

    def _with_concurrency(
        self, cell: Cell, job: JobResult, contexts: dict[str, object], cancel: Cancel
    ) -> JobResult:
        concurrency = cell.job.concurrency
        if concurrency is None:
            return self._execute(cell, job, contexts, cancel)
        try:
            group = evaluation.text(concurrency.group, contexts, cell.job.position, "concurrency")
            cancel_in_progress = evaluation.boolean(
                concurrency.cancel_in_progress, contexts, cell.job.position, "cancel-in-progress"
            )
        except PitstopError as exc:
            return self._failed_before_start(job, exc)
        if not self.settings.groups.acquire(group, cancel_in_progress, cancel):
            return self.not_started_cancelled(job, cancel)
        try:
            return self._execute(cell, job, contexts, cancel)
        finally:
            self.settings.groups.release(group, cancel)

    def not_started_cancelled(self, job: JobResult, cancel: Cancel) -> JobResult:
        job.result = job.needs_result = "cancelled"
        job.notes.append(cancel.reason or "cancelled")
        self.settings.observer.job_finished(job)
        return job

    def _execute(
        self, cell: Cell, job: JobResult, contexts: dict[str, object], cancel: Cancel
    ) -> JobResult:
        if cell.job.uses is not None:
            return self._call(cell, job, contexts, cancel)
        job.log_path, job_dir = self._paths(cell, job)
        started = time.monotonic()
        job.started_at = started
        job.ran = True
        self.settings.observer.job_started(job)
        # The job masks with a masker of its own: an `add-mask` holds for its job (masking.py).
        settings = dataclasses.replace(self.settings, masker=self.settings.masker.for_job())
        try:
            JobExecution(settings, cell.workflow, cell.job, job, contexts, cancel).run(job_dir)
        finally:
            job.duration_s = round(time.monotonic() - started, 3)
            self.settings.observer.job_finished(job)
        return job

    def _call(
        self, cell: Cell, job: JobResult, contexts: dict[str, object], cancel: Cancel
    ) -> JobResult:
        try:
            nested = functools.partial(JobRunner, parent=self)
            run_reusable(self.settings, nested, cell, job, contexts, cancel)
        except PitstopError as exc:
            return self._failed_before_start(job, exc)
        return job

    def _paths(self, cell: Cell, job: JobResult) -> tuple[Path, Path]:
        base = slug(f"{cell.workflow.file_name.rsplit('.', 1)[0]}-{job.name}")
        with self._lock:
            name, n = base, 1
            while name in self._slugs:
                n += 1
                name = f"{base}-{n}"
            self._slugs.add(name)
        logs = self.settings.run_dir / "logs"
        logs.mkdir(parents=True, exist_ok=True)
        return logs / f"{name}.log", self.settings.run_dir / "jobs" / name


def _annotation(exc: PitstopError) -> Annotation:
    location = exc.location
    if location is None:
        return Annotation("error", exc.message, hint=exc.hint)
    return Annotation("error", exc.message, location.file, location.line, hint=exc.hint)
