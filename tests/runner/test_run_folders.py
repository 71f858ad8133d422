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
        (folder / "jobs" / "test" / "link").symlink_to(folder / "jobs" / "test" / "workspace")
        (folder / "run.json").write_text("{}")
    return folders


def names(root: Path) -> list[str]:
    return sorted(path.name for path in root.iterdir())


def prune(root: Path, current: Path, keep: int) -> list[Path]:
    retired = run_folders.retire(root, current, keep)
    assert run_folders.delete_retired(root, threading.Event())
    return retired


def test_the_newest_runs_are_kept_and_the_older_deleted(tmp_path: Path) -> None:
    old, older, _newer, current = make_runs(tmp_path, "200", "100", "300", "400")
    (tmp_path / "notes").mkdir()
    (tmp_path / "5.txt").write_text("not a run folder")
    assert sorted(prune(tmp_path, current, keep=2)) == sorted([old, older])
    assert names(tmp_path) == ["300", "400", "5.txt", "notes"]


def test_the_current_run_is_kept_even_when_its_id_is_not_the_newest(tmp_path: Path) -> None:
    current, newer = make_runs(tmp_path, "100", "200")
    assert prune(tmp_path, current, keep=1) == [newer]
    assert current.is_dir()


def test_a_run_in_progress_is_never_deleted(tmp_path: Path) -> None:
    busy, done, current = make_runs(tmp_path, "100", "200", "300")
    command = [sys.executable, "-c", HOLDER, str(busy)]
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as holder:
        try:
            assert holder.stdout is not None and holder.stdout.readline() == "holding\n"
            assert prune(tmp_path, current, keep=1) == [done]
            assert busy.is_dir()
        finally:
            holder.kill()
    assert prune(tmp_path, current, keep=1) == [busy]  # its run has ended


def test_a_stopped_deletion_is_finished_by_the_next_prune(tmp_path: Path) -> None:
    old, current = make_runs(tmp_path, "100", "200")
    stopped = threading.Event()
    stopped.set()
    assert run_folders.retire(tmp_path, current, keep=1) == [old]
    assert not run_folders.delete_retired(tmp_path, stopped)
    assert names(tmp_path) == [f"{run_folders.DELETING}100", "200"]  # no longer a run
    assert (tmp_path / f"{run_folders.DELETING}100" / "run.json").is_file()
    assert run_folders.delete_retired(tmp_path, threading.Event())
    assert names(tmp_path) == ["200"]


def test_a_pruning_beside_a_run_yields_the_cpu_and_stops_when_the_run_ends(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[int] = []
    carry_on = threading.Event()

    def slow_delete(root: Path, stop: threading.Event) -> bool:
        seen.append(os.getpriority(os.PRIO_PROCESS, threading.get_native_id()))
        carry_on.wait(timeout=60)
        return stop.is_set()

    monkeypatch.setattr(run_folders, "delete_retired", slow_delete)
    old, current = make_runs(tmp_path, "100", "200")
    pruning = run_folders.pruning(tmp_path, current, keep=1)
    assert pruning is not None
    carry_on.set()
    pruning.finish()
    assert pruning.stop.is_set() and not old.exists()
    expected = 19 if sys.platform == "linux" else os.getpriority(os.PRIO_PROCESS, 0)
    assert seen == [expected]
    assert os.getpriority(os.PRIO_PROCESS, 0) < 19  # the run's own threads keep theirs
    assert run_folders.pruning(tmp_path, current, keep=None) is None


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
