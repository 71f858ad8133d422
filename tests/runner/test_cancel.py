from __future__ import annotations

from pitstop.runner.cancel import Cancel
from pitstop.runner.status import JobStatus, StepStatus


def test_callbacks_run_once_and_the_first_reason_wins() -> None:
    cancel = Cancel()
    calls: list[str] = []
    cancel.on_cancel(lambda: calls.append("a"))
    forget = cancel.on_cancel(lambda: calls.append("b"))
    forget()
    cancel.set("first")
    cancel.set("second")
    assert calls == ["a"]
    assert cancel.reason == "first" and cancel.is_set() and cancel.wait(0)


def test_a_callback_registered_after_the_cancel_runs_at_once() -> None:
    cancel = Cancel()
    cancel.set("done")
    calls: list[int] = []
    cancel.on_cancel(lambda: calls.append(1))()
    assert calls == [1]


def test_step_status_follows_failures_and_cancellation() -> None:
    cancel = Cancel()
    status = StepStatus(cancel)
    assert (status.success(), status.failure(), status.cancelled()) == (True, False, False)
    assert status.job_status == "success"
    status.failed = True
    assert (status.success(), status.failure(), status.job_status) == (False, True, "failure")
    cancel.set("x")
    assert status.cancelled() and status.job_status == "cancelled"


def test_job_status_looks_at_every_ancestor() -> None:
    assert JobStatus.of(["success", "success"], False).success()
    assert not JobStatus.of(["success", "skipped"], False).success()
    assert JobStatus.of(["failure", "success"], False).failure()
    assert not JobStatus.of(["cancelled"], False).failure()
    assert JobStatus.of([], True).cancelled() and not JobStatus.of([], True).success()
