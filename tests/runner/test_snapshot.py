from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from pitstop.errors import PitstopError
from pitstop.runner import snapshot
from pitstop.runner.snapshot import Snapshot


def make_repo(root: Path) -> Path:
    root.mkdir()
    (root / "tracked.txt").write_text("committed\n")
    (root / ".gitignore").write_text("ignored.txt\n")
    for args in (
        ["init", "-q"],
        ["add", "-A"],
        ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "init"],
    ):
        subprocess.run(["git", *args], cwd=root, check=True)
    (root / "tracked.txt").write_text("edited, not committed\n")
    (root / "new.txt").write_text("untracked\n")
    (root / "ignored.txt").write_text("ignored\n")
    return root


@pytest.mark.parametrize("small", [True, False])
def test_every_job_gets_the_same_copy_of_the_working_tree(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, small: bool
) -> None:
    if not small:
        monkeypatch.setattr(snapshot, "SMALL", 0)  # take the `cp -a` path
    repo = make_repo(tmp_path / "repo")
    before = sorted(p.name for p in repo.iterdir())
    snap = Snapshot(repo, tmp_path / "run" / "snapshot", committed=False)
    snap.materialise(tmp_path / "a")
    (repo / "new.txt").write_text("changed during the run\n")
    snap.materialise(tmp_path / "b")
    for job in ("a", "b"):
        workspace = tmp_path / job
        assert (workspace / "tracked.txt").read_text() == "edited, not committed\n"
        assert (workspace / "new.txt").read_text() == "untracked\n"
        assert not (workspace / "ignored.txt").exists()
        assert (workspace / ".git").is_dir()
    (tmp_path / "a" / "tracked.txt").write_text("a job wrote here\n")
    assert (tmp_path / "b" / "tracked.txt").read_text() == "edited, not committed\n"
    assert (repo / "tracked.txt").read_text() == "edited, not committed\n"
    assert sorted(p.name for p in repo.iterdir()) == before


def test_committed_takes_head(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    snap = Snapshot(repo, tmp_path / "snapshot", committed=True)
    snap.materialise(tmp_path / "job")
    assert (tmp_path / "job" / "tracked.txt").read_text() == "committed\n"
    assert not (tmp_path / "job" / "new.txt").exists()


@pytest.mark.parametrize("small", [True, False])
def test_a_failed_copy_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, small: bool
) -> None:
    if not small:
        monkeypatch.setattr(snapshot, "SMALL", 0)
    repo = make_repo(tmp_path / "repo")
    snap = Snapshot(repo, tmp_path / "snapshot", committed=False)
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    with pytest.raises(PitstopError, match="could not copy the workspace"):
        snap.materialise(blocker / "job")
    if not small:
        snap.root = tmp_path / "gone"  # cp itself fails
        with pytest.raises(PitstopError, match="could not copy the workspace"):
            snap.materialise(tmp_path / "other")
