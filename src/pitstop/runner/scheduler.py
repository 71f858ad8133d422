"""The job DAG on a bounded pool: `needs`, fail-fast, max-parallel, workflow concurrency.

The scheduler knows nothing about steps. It starts a job cell when every cell of the jobs it
needs has finished and its workflow holds its concurrency group, with at most `max_workers`
cells (and at most `max-parallel` cells of one matrix) at once. Each cell gets a `Cancel`
token; Ctrl-C, fail-fast and `cancel-in-progress` cancel through it.
"""

from __future__ import annotations

import queue
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Generic, Protocol, TypeVar

from pitstop.errors import PitstopError
from pitstop.runner import process
from pitstop.runner.cancel import Cancel
from pitstop.runner.concurrency import ConcurrencyGroups
from pitstop.runner.keys import CellKey, JobKey
from pitstop.runner.run_state import JobResult, JobResultValue

P = TypeVar("P")  # what the executor needs to run a cell; the scheduler never looks inside


@dataclass(frozen=True)
class Node(Generic[P]):
    """One job cell as the scheduler sees it."""

    key: CellKey
    needs: tuple[str, ...]  # job ids of the same workflow
    payload: P
    fail_fast: bool = True
    max_parallel: int | None = None
    # The workflow's `concurrency:` as (group, cancel-in-progress), evaluated.
    workflow_concurrency: tuple[str, bool] | None = None
    # A matrix computed from `needs`: expanded into cells once its needs have finished.
    deferred: bool = False

    @property
    def job_key(self) -> JobKey:
        """Shared by the cells of one matrix."""
        return self.key.job

    @property
    def job_id(self) -> str:
        return self.key.job_id

    @property
    def workflow_key(self) -> str:
        return self.key.workflow

    def needed_jobs(self) -> list[JobKey]:
        return [self.job_key.of_same_workflow(job_id) for job_id in self.needs]


@dataclass(frozen=True)
class Need:
    """`needs.<job id>` as a dependent sees it."""

    result: JobResultValue
    outputs: Mapping[str, str]

    def context(self) -> dict[str, object]:
        return {"result": self.result, "outputs": dict(self.outputs)}


class CellExecutor(Protocol[P]):
    def run(
        self, node: Node[P], needs: Mapping[str, Need], ancestors: tuple[str, ...], cancel: Cancel
    ) -> JobResult: ...

    def not_started(self, node: Node[P], result: JobResultValue, note: str) -> JobResult: ...

    def expand(self, node: Node[P], needs: Mapping[str, Need]) -> list[Node[P]]:
        """The cells of a deferred matrix (raises PitstopError when it cannot be expanded)."""
        ...

    def failed(self, node: Node[P], error: PitstopError) -> JobResult: ...


@dataclass
class _Workflow:
    cancel: Cancel = field(default_factory=Cancel)
    admitted: bool = False
    gate_started: bool = False
    remaining: int = 0


class Scheduler(Generic[P]):
    def __init__(
        self,
        nodes: Sequence[Node[P]],
        executor: CellExecutor[P],
        max_workers: int,
        stop_early: bool,
        groups: ConcurrencyGroups,
    ) -> None:
        self._nodes = list(nodes)
        self._executor = executor
        self._max_workers = max(1, max_workers)
        self._stop_early = stop_early  # --fail-fast: start no new job after a failure
        self._groups = groups
        self._results: dict[CellKey, JobResult] = {}
        self._cancels = {node.key: Cancel() for node in self._nodes}
        self._workflows: dict[str, _Workflow] = {}
        self._by_job: dict[JobKey, list[Node[P]]] = {}
        for node in self._nodes:
            self._workflows.setdefault(node.workflow_key, _Workflow()).remaining += 1
            self._by_job.setdefault(node.job_key, []).append(node)
        self._events: queue.Queue[Callable[[], None]] = queue.Queue()
        self._running: dict[CellKey, Node[P]] = {}
        self._stopped_by: str | None = None
        self.cancelled = False

    def run(self) -> list[JobResult]:
        """Run every node. On Ctrl-C cancel all, let the jobs clean up, set `cancelled`.

        A second Ctrl-C while the jobs clean up kills every process group at once.
        """
        pool = ThreadPoolExecutor(max_workers=self._max_workers, thread_name_prefix="job")
        gates = ThreadPoolExecutor(max_workers=4, thread_name_prefix="gate")
        try:
            self._loop(pool, gates)
        except KeyboardInterrupt:
            self.cancel_all("cancelled: interrupted (Ctrl-C)")
            try:
                self._drain()
            except KeyboardInterrupt:
                process.kill_all()
                self._drain()
        finally:
            pool.shutdown(wait=True)
            gates.shutdown(wait=True)
        return [self._results[node.key] for node in self._nodes]

    def cancel_all(self, reason: str) -> None:
        self.cancelled = True
        for workflow in self._workflows.values():
            workflow.cancel.set(reason)
        for cancel in self._cancels.values():
            cancel.set(reason)

    # -- the loop ---------------------------------------------------------------------------

    def _loop(self, pool: ThreadPoolExecutor, gates: ThreadPoolExecutor) -> None:
        while len(self._results) < len(self._nodes):
            self._start_ready(pool, gates)
            if len(self._results) == len(self._nodes):
                break
            self._events.get()()

    def _drain(self) -> None:
        """After a cancel: wait for running cells to finish their clean-up steps."""
        while self._running:
            try:
                self._events.get(timeout=0.1)()
            except queue.Empty:
                continue
        for node in self._nodes:
            if node.key not in self._results:
                self._record(node, self._executor.not_started(node, "cancelled", "cancelled"))

    def _start_ready(self, pool: ThreadPoolExecutor, gates: ThreadPoolExecutor) -> None:
        for node in list(self._nodes):
            if node.key in self._results or node.key in self._running:
                continue
            if not self._needs_done(node):
                continue
            if self._stopped_by is not None and not self._cancels[node.key].is_set():
                self._record(node, self._executor.not_started(node, "not_run", self._stop_note()))
                continue
            if node.deferred and not self._cancel_reason(node, self._workflows[node.workflow_key]):
                self._expand(node)
                self._events.put(lambda: None)  # look again at the new cells
                continue
            workflow = self._workflows[node.workflow_key]
            reason = self._cancel_reason(node, workflow)
            if reason is not None:
                self._record(node, self._executor.not_started(node, "cancelled", reason))
                continue
            if not workflow.admitted:
                self._open_gate(node, workflow, gates)
                if not workflow.admitted:
                    continue
            if len(self._running) >= self._max_workers or self._matrix_full(node):
                continue
            self._running[node.key] = node
            pool.submit(self._run_cell, node, self._needs_of(node), self._ancestor_results(node))

    def _expand(self, node: Node[P]) -> None:
        """Replace a deferred node by its cells (or record its failure to expand)."""
        try:
            cells = self._executor.expand(node, self._needs_of(node))
        except PitstopError as exc:
            self._record(node, self._executor.failed(node, exc))
            return
        index = self._nodes.index(node)
        self._nodes[index : index + 1] = cells
        self._by_job[node.job_key] = list(cells)
        self._workflows[node.workflow_key].remaining += len(cells) - 1
        cancel = self._cancels.pop(node.key)
        for cell in cells:
            self._cancels[cell.key] = Cancel()
            if cancel.is_set():
                self._cancels[cell.key].set(cancel.reason or "cancelled")

    def _cancel_reason(self, node: Node[P], workflow: _Workflow) -> str | None:
        if self._cancels[node.key].is_set():
            return self._cancels[node.key].reason
        if workflow.cancel.is_set():
            return workflow.cancel.reason
        return None

    def _stop_note(self) -> str:
        return f"not run (stopped early): {self._stopped_by} failed and --fail-fast was given"

    def _job(self, key: JobKey) -> list[Node[P]]:
        return self._by_job.get(key, [])

    def _needs_done(self, node: Node[P]) -> bool:
        return all(
            other.key in self._results for key in node.needed_jobs() for other in self._job(key)
        )

    def _matrix_full(self, node: Node[P]) -> bool:
        if node.max_parallel is None:
            return False
        running = sum(1 for other in self._running.values() if other.job_key == node.job_key)
        return running >= node.max_parallel

    def _open_gate(self, node: Node[P], workflow: _Workflow, gates: ThreadPoolExecutor) -> None:
        if workflow.gate_started:
            return
        workflow.gate_started = True
        if node.workflow_concurrency is None:
            workflow.admitted = True
            return
        group, cancel_in_progress = node.workflow_concurrency

        def gate() -> None:
            admitted = self._groups.acquire(group, cancel_in_progress, workflow.cancel)
            workflow.cancel.on_cancel(lambda: self._cancel_workflow(node.workflow_key))

            def admit() -> None:
                workflow.admitted = True
                if not admitted:
                    self._cancel_workflow(node.workflow_key)

            self._events.put(admit)

        gates.submit(gate)

    def _cancel_workflow(self, workflow_key: str) -> None:
        reason = self._workflows[workflow_key].cancel.reason or "cancelled"
        for node in self._nodes:
            if node.workflow_key == workflow_key:
                self._cancels[node.key].set(reason)

    def _run_cell(self, node: Node[P], needs: dict[str, Need], ancestors: tuple[str, ...]) -> None:
        try:
            result = self._executor.run(node, needs, ancestors, self._cancels[node.key])
        except Exception as exc:  # pitstop's own fault: this job fails, the run goes on
            crash = PitstopError(
                f"internal error in pitstop: {type(exc).__name__}: {exc}",
                hint="please report it; the other jobs ran normally",
            )
            result = self._executor.failed(node, crash)
        except BaseException as exc:  # surfaced on the main thread
            error = exc

            def fail() -> None:
                self._running.pop(node.key, None)
                raise error

            self._events.put(fail)
            return
        self._events.put(lambda: self._finish(node, result))

    def _finish(self, node: Node[P], result: JobResult) -> None:
        self._running.pop(node.key, None)
        self._record(node, result)
        failed = result.result == "failure" and result.needs_result != "success"
        if not failed:
            return
        if node.fail_fast:
            for sibling in self._job(node.job_key):
                if sibling.key != node.key:
                    self._cancels[sibling.key].set(
                        f"cancelled: fail-fast after {result.name} failed"
                    )
        if self._stop_early and self._stopped_by is None:
            self._stopped_by = result.name

    def _record(self, node: Node[P], result: JobResult) -> None:
        self._results[node.key] = result
        workflow = self._workflows[node.workflow_key]
        workflow.remaining -= 1
        if workflow.remaining == 0 and node.workflow_concurrency is not None:
            self._groups.release(node.workflow_concurrency[0], workflow.cancel)

    # -- contexts from finished cells -------------------------------------------------------

    def _cells_of(self, key: JobKey) -> list[JobResult]:
        return [self._results[n.key] for n in self._job(key) if n.key in self._results]

    def _needs_of(self, node: Node[P]) -> dict[str, Need]:
        needs: dict[str, Need] = {}
        for key in node.needed_jobs():
            cells = self._cells_of(key)
            outputs: dict[str, str] = {}
            for cell in cells:
                outputs.update(cell.outputs)
            needs[key.job] = Need(aggregate([c.needs_result for c in cells]), outputs)
        return needs

    def _ancestor_results(self, node: Node[P]) -> tuple[str, ...]:
        seen: set[JobKey] = set()
        todo = node.needed_jobs()
        results: list[str] = []
        while todo:
            key = todo.pop()
            if key in seen:
                continue
            seen.add(key)
            for other in self._job(key)[:1]:
                todo.extend(other.needed_jobs())
            results.append(aggregate([c.needs_result for c in self._cells_of(key)]))
        return tuple(results)


def aggregate(results: Sequence[JobResultValue]) -> JobResultValue:
    """The result of a matrix job from its cells' results."""
    if "failure" in results:
        return "failure"
    if "cancelled" in results:
        return "cancelled"
    if "not_run" in results:
        return "not_run"
    if results and all(r == "skipped" for r in results):
        return "skipped"
    return "success"
