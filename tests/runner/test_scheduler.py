"""The scheduler with a stand-in executor: order, limits, fail-fast, stopping, Ctrl-C."""

from __future__ import annotations

import _thread
import threading
import time
from collections.abc import Callable, Mapping

import pytest

from pitstop.errors import PitstopError
from pitstop.runner.cancel import Cancel
from pitstop.runner.concurrency import ConcurrencyGroups
from pitstop.runner.keys import CellKey, JobKey
from pitstop.runner.run_state import JobResult, JobResultValue
from pitstop.runner.scheduler import Need, Node, Scheduler, aggregate

Behaviour = Callable[[Node[None], Cancel], JobResultValue]


class FakeExecutor:
    def __init__(self, behaviour: Behaviour) -> None:
        self.behaviour = behaviour
        self.running = 0
        self.most = 0
        self.lock = threading.Lock()
        self.needs_seen: dict[str, Mapping[str, Need]] = {}

    def run(
        self,
        node: Node[None],
        needs: Mapping[str, Need],
        ancestors: tuple[str, ...],
        cancel: Cancel,
    ) -> JobResult:
        self.needs_seen[str(node.key)] = needs
        with self.lock:
            self.running += 1
            self.most = max(self.most, self.running)
        try:
            result = self.behaviour(node, cancel)
        finally:
            with self.lock:
                self.running -= 1
        return JobResult("ci.yml", node.job_id, str(node.key), result=result, needs_result=result)

    def not_started(self, node: Node[None], result: JobResultValue, note: str) -> JobResult:
        return JobResult("ci.yml", node.job_id, str(node.key), result=result, notes=[note])

    def expand(self, node: Node[None], needs: Mapping[str, Need]) -> list[Node[None]]:
        raise PitstopError("cannot expand")

    def failed(self, node: Node[None], error: PitstopError) -> JobResult:
        notes = [error.message]
        return JobResult("ci.yml", node.job_id, str(node.key), result="failure", notes=notes)


def cells(
    job_id: str,
    count: int,
    needs: tuple[str, ...] = (),
    max_parallel: int | None = None,
    deferred: bool = False,
    workflow: str = "w",
) -> list[Node[None]]:
    return [
        Node(
            JobKey(workflow, job_id).cell(i),
            needs,
            None,
            max_parallel=max_parallel,
            deferred=deferred,
        )
        for i in range(count)
    ]


def run(
    nodes: list[Node[None]], executor: FakeExecutor, workers: int = 4, stop_early: bool = False
) -> tuple[dict[str, JobResult], Scheduler[None]]:
    scheduler = Scheduler(nodes, executor, workers, stop_early, ConcurrencyGroups())
    return {r.name: r for r in scheduler.run()}, scheduler


def test_needs_order_and_outputs() -> None:
    order: list[str] = []

    def behaviour(node: Node[None], cancel: Cancel) -> JobResultValue:
        order.append(node.job_id)
        return "success"

    executor = FakeExecutor(behaviour)
    results, _ = run([*cells("b", 1, needs=("a",)), *cells("a", 2)], executor)
    assert order[-1] == "b" and sorted(order[:2]) == ["a", "a"]
    assert executor.needs_seen["w:b:0"]["a"].result == "success"
    assert all(r.result == "success" for r in results.values())


def test_max_parallel_and_max_workers_are_limits() -> None:
    def behaviour(node: Node[None], cancel: Cancel) -> JobResultValue:
        time.sleep(0.05)
        return "success"

    executor = FakeExecutor(behaviour)
    run(cells("m", 4, max_parallel=2), executor, workers=4)
    assert executor.most == 2
    executor = FakeExecutor(behaviour)
    run(cells("m", 4), executor, workers=1)
    assert executor.most == 1


def test_fail_fast_cancels_running_and_queued_siblings() -> None:
    def behaviour(node: Node[None], cancel: Cancel) -> JobResultValue:
        if node.key.index == 0:
            return "failure"
        return "cancelled" if cancel.wait(5) else "success"

    results, _ = run(cells("t", 4, max_parallel=2), FakeExecutor(behaviour))
    assert results["w:t:0"].result == "failure"
    assert [results[f"w:t:{i}"].result for i in (1, 2, 3)] == ["cancelled"] * 3, results
    assert any("fail-fast" in note for note in results["w:t:3"].notes)


def test_by_default_every_job_starts_after_a_failure() -> None:
    def behaviour(node: Node[None], cancel: Cancel) -> JobResultValue:
        return "failure" if node.job_id == "first" else "success"

    nodes = [*cells("first", 1), *cells("later", 1, needs=("first",)), *cells("other", 1)]
    results, _ = run(nodes, FakeExecutor(behaviour))
    assert results["w:later:0"].result == "success"  # the fake ignores `if:`; it was started
    assert results["w:other:0"].result == "success"


def test_stop_early_starts_no_new_job_after_a_failure() -> None:
    def behaviour(node: Node[None], cancel: Cancel) -> JobResultValue:
        return "failure" if node.job_id == "first" else "success"

    nodes = [*cells("first", 1), *cells("later", 1, needs=("first",))]
    results, _ = run(nodes, FakeExecutor(behaviour), stop_early=True)
    assert results["w:later:0"].result == "not_run"
    assert "not run (stopped early)" in results["w:later:0"].notes[0]
    assert "--fail-fast" in results["w:later:0"].notes[0]


def test_a_deferred_matrix_that_cannot_expand_fails_its_job() -> None:
    results, _ = run(cells("d", 1, deferred=True), FakeExecutor(lambda n, c: "success"))
    assert results["w:d:0"].result == "failure" and results["w:d:0"].notes == ["cannot expand"]


def test_an_internal_error_in_a_job_fails_that_job_and_the_run_goes_on() -> None:
    def behaviour(node: Node[None], cancel: Cancel) -> JobResultValue:
        if node.job_id == "x":
            raise RuntimeError("bug")
        return "success"

    nodes = [*cells("x", 1), *cells("y", 1)]
    results, _ = run(nodes, FakeExecutor(behaviour))
    assert results["w:x:0"].result == "failure"
    assert results["w:x:0"].notes == ["internal error in pitstop: RuntimeError: bug"]
    assert results["w:y:0"].result == "success"


@pytest.mark.parametrize("interrupts", [1, 2])
def test_ctrl_c_cancels_every_job_and_waits_for_their_clean_up(interrupts: int) -> None:
    def behaviour(node: Node[None], cancel: Cancel) -> JobResultValue:
        if node.job_id == "long":
            _thread.interrupt_main()
            assert cancel.wait(5)
            if interrupts == 2:
                _thread.interrupt_main()  # a second Ctrl-C while cleaning up
                time.sleep(0.2)
            return "cancelled"
        return "success"

    nodes = [*cells("long", 1), *cells("after", 1, needs=("long",))]
    results, scheduler = run(nodes, FakeExecutor(behaviour))
    assert scheduler.cancelled
    assert results["w:long:0"].result == "cancelled"
    assert results["w:after:0"].result == "cancelled"


@pytest.mark.parametrize(
    ("results", "expected"),
    [
        (["success", "failure"], "failure"),
        (["success", "cancelled"], "cancelled"),
        (["skipped", "skipped"], "skipped"),
        (["success", "skipped"], "success"),
    ],
)
def test_a_matrix_job_result_aggregates_its_cells(
    results: list[JobResultValue], expected: str
) -> None:
    assert aggregate(results) == expected


def test_cells_are_keyed_by_record_not_by_text() -> None:
    """Workflow `a:b` job `c` and workflow `a` job `b:c` print alike but are two jobs."""
    first, second = JobKey("a:b", "c"), JobKey("a", "b:c")
    assert str(first.cell(0)) == str(second.cell(0)) and first.cell(0) != second.cell(0)

    def behaviour(node: Node[None], cancel: Cancel) -> JobResultValue:
        return "failure" if node.workflow_key == "a" else "success"

    nodes = [*cells("c", 1, workflow="a:b"), *cells("b:c", 1, workflow="a")]
    scheduler = Scheduler(nodes, FakeExecutor(behaviour), 2, False, ConcurrencyGroups())
    assert [r.result for r in scheduler.run()] == ["success", "failure"]


def test_needs_are_looked_up_in_the_same_workflow() -> None:
    """`needs: [build]` in one workflow never waits for another workflow's `build`."""
    order: list[CellKey] = []

    def behaviour(node: Node[None], cancel: Cancel) -> JobResultValue:
        order.append(node.key)
        return "failure" if node.key == JobKey("x.yml", "build").cell(0) else "success"

    nodes = [
        *cells("build", 1, workflow="x.yml"),
        *cells("test", 1, needs=("build",), workflow="y.yml"),
        *cells("build", 1, workflow="y.yml"),
    ]
    executor = FakeExecutor(behaviour)
    run(nodes, executor, workers=1)
    assert order.index(JobKey("y.yml", "build").cell(0)) < order.index(
        JobKey("y.yml", "test").cell(0)
    )
    assert executor.needs_seen["y.yml:test:0"]["build"].result == "success"
