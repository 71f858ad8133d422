from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from pitstop.errors import PitstopError
from pitstop.runner import run_folders

# A second process holding a run folder's lock, as a run in progress does.
HOLDER = """
import sys, time
from pathlib import Path
from pitstop.runner import run_folders
with run_folders.in_use(Path(sys.argv[1])):
    print("holding", flush=True)
    time.sleep(60)
"""


def make_runs(root: Path, *names: str) -> list[Path]:
    folders = [root / name for name in names]
    for folder in folders:
        (folder / "jobs" / "test" / "workspace").mkdir(parents=True)
        (folder / "jobs" / "test" / "workspace" / "file.txt").write_text("x")
        (folder / "run.json").write_text("{}")
    return folders


def test_the_newest_runs_are_kept_and_the_older_deleted(tmp_path: Path) -> None:
    old, older, _newer, current = make_runs(tmp_path, "200", "100", "300", "400")
    (tmp_path / "notes").mkdir()
    (tmp_path / "5.txt").write_text("not a run folder")
    deleted = run_folders.prune(tmp_path, current, keep=2)
    assert sorted(deleted) == sorted([old, older])
    remaining = sorted(p.name for p in tmp_path.iterdir())
    assert remaining == ["300", "400", "5.txt", "notes"]


def test_the_current_run_is_kept_even_when_its_id_is_not_the_newest(tmp_path: Path) -> None:
    current, newer = make_runs(tmp_path, "100", "200")
    assert run_folders.prune(tmp_path, current, keep=1) == [newer]
    assert current.is_dir()


def test_a_run_in_progress_is_never_deleted(tmp_path: Path) -> None:
    busy, done, current = make_runs(tmp_path, "100", "200", "300")
    command = [sys.executable, "-c", HOLDER, str(busy)]
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as holder:
        try:
            assert holder.stdout is not None and holder.stdout.readline() == "holding\n"
            assert run_folders.prune(tmp_path, current, keep=1) == [done]
            assert busy.is_dir()
        finally:
            holder.kill()
    assert run_folders.prune(tmp_path, current, keep=1) == [busy]  # its run has ended


def test_a_delete_left_unfinished_is_finished_by_the_next_prune(tmp_path: Path) -> None:
    (current,) = make_runs(tmp_path, "100")
    (tmp_path / f"{run_folders.DELETING}50" / "jobs").mkdir(parents=True)
    assert run_folders.prune(tmp_path, current, keep=10) == []
    assert [p.name for p in tmp_path.iterdir()] == ["100"]


@pytest.mark.parametrize(
    ("value", "keep"), [("", run_folders.KEEP), ("3", 3), (" ALL ", None), ("1", 1)]
)
def test_the_number_of_runs_kept_is_read_from_the_environment(value: str, keep: int | None) -> None:
    assert run_folders.keep_count({run_folders.KEEP_VARIABLE: value}) == keep


@pytest.mark.parametrize("value", ["0", "-1", "ten", "2.5"])
def test_a_bad_number_of_runs_is_a_clear_error(value: str) -> None:
    with pytest.raises(PitstopError) as raised:
        run_folders.keep_count({run_folders.KEEP_VARIABLE: value})
    assert run_folders.KEEP_VARIABLE in raised.value.message
    assert "`all`" in (raised.value.hint or "")


def test_the_prune_beside_a_run_yields_the_cpu_to_the_jobs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[int] = []

    def record(root: Path, current: Path, keep: int) -> list[Path]:
        seen.append(os.getpriority(os.PRIO_PROCESS, threading.get_native_id()))
        return []

    monkeypatch.setattr(run_folders, "prune", record)
    thread = run_folders.pruning(tmp_path, tmp_path / "1", keep=3)
    assert thread is not None
    thread.join()
    expected = 19 if sys.platform == "linux" else os.getpriority(os.PRIO_PROCESS, 0)
    assert seen == [expected]
    assert os.getpriority(os.PRIO_PROCESS, 0) < 19  # the run's own threads keep theirs
    assert run_folders.pruning(tmp_path, tmp_path / "1", keep=None) is None
