from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from pitstop.runner.cancel import Cancel
from pitstop.runner.concurrency import ConcurrencyGroups


def claim_later(
    groups: ConcurrencyGroups, group: str, cancel_in_progress: bool, claimant: Cancel
) -> tuple[threading.Thread, list[bool]]:
    got: list[bool] = []
    thread = threading.Thread(
        target=lambda: got.append(groups.acquire(group, cancel_in_progress, claimant))
    )
    thread.start()
    return thread, got


def wait_until(predicate: object) -> None:
    deadline = time.monotonic() + 5
    while not predicate() and time.monotonic() < deadline:  # type: ignore[operator]
        time.sleep(0.01)


@pytest.mark.parametrize("lock_dir", [False, True])
def test_a_second_claimant_waits_for_the_holder(tmp_path: Path, lock_dir: bool) -> None:
    groups = ConcurrencyGroups(tmp_path if lock_dir else None)
    first, second = Cancel(), Cancel()
    assert groups.acquire("g", False, first)
    thread, got = claim_later(groups, "g", False, second)
    time.sleep(0.2)
    assert got == []  # still waiting
    groups.release("g", first)
    thread.join(5)
    assert got == [True]
    assert not first.is_set()
    groups.release("g", second)


def test_a_newer_pending_claimant_cancels_the_older_pending_one() -> None:
    groups = ConcurrencyGroups()
    holder, older, newer = Cancel(), Cancel(), Cancel()
    assert groups.acquire("g", False, holder)
    older_thread, older_got = claim_later(groups, "g", False, older)
    wait_until(lambda: groups._groups["g"].pending is older)
    newer_thread, newer_got = claim_later(groups, "g", False, newer)
    older_thread.join(5)
    assert older_got == [False]
    assert older.reason is not None and "newer run" in older.reason
    groups.release("g", holder)
    newer_thread.join(5)
    assert newer_got == [True]


def test_cancel_in_progress_cancels_the_holder() -> None:
    groups = ConcurrencyGroups()
    holder, newer = Cancel(), Cancel()
    assert groups.acquire("g", True, holder)
    thread, got = claim_later(groups, "g", True, newer)
    wait_until(holder.is_set)
    assert holder.is_set()
    groups.release("g", holder)  # the cancelled holder finishes its clean-up
    thread.join(5)
    assert got == [True]


def test_groups_are_independent_and_release_is_idempotent() -> None:
    groups = ConcurrencyGroups()
    a, b = Cancel(), Cancel()
    assert groups.acquire("a", False, a)
    assert groups.acquire("b", False, b)
    groups.release("a", b)  # not the holder: ignored
    groups.release("missing", a)
    groups.release("a", a)
    groups.release("a", a)


def test_across_processes_the_lock_file_serialises(tmp_path: Path) -> None:
    here, other = ConcurrencyGroups(tmp_path), ConcurrencyGroups(tmp_path)
    first, second = Cancel(), Cancel()
    assert here.acquire("deploy", False, first)
    thread, got = claim_later(other, "deploy", False, second)
    time.sleep(0.3)
    assert got == []
    here.release("deploy", first)
    thread.join(5)
    assert got == [True]
    other.release("deploy", second)


def test_the_same_group_in_another_checkout_does_not_wait(tmp_path: Path) -> None:
    here = ConcurrencyGroups(tmp_path, scope="/work/project")
    other = ConcurrencyGroups(tmp_path, scope="/work/copy-of-project")
    first, second = Cancel(), Cancel()
    assert here.acquire("deploy", False, first)
    thread, got = claim_later(other, "deploy", False, second)
    thread.join(5)  # with one lock file for both checkouts, this claim would still be waiting
    assert got == [True]
    other.release("deploy", second)
    here.release("deploy", first)


def test_a_claimant_cancelled_while_waiting_for_the_lock_file_gives_up(tmp_path: Path) -> None:
    here, other = ConcurrencyGroups(tmp_path), ConcurrencyGroups(tmp_path)
    first, second = Cancel(), Cancel()
    assert here.acquire("deploy", False, first)
    thread, got = claim_later(other, "deploy", False, second)
    time.sleep(0.2)
    second.set("interrupted")
    thread.join(5)
    assert got == [False]
    here.release("deploy", first)
