from __future__ import annotations

from pathlib import Path

import pytest

from pitstop.runner.links import contain_links


def test_links_that_leave_the_snapshot_are_re_pointed_into_the_run_dir(tmp_path: Path) -> None:
    checkout = tmp_path / "checkout"
    checkout.mkdir()
    (checkout / "mine.txt").write_text("the user's")
    root = tmp_path / "run" / "snapshot"
    (root / "src").mkdir(parents=True)
    (root / "src/app.py").write_text("app")
    (root / "absolute").symlink_to(checkout / "mine.txt")
    (root / "relative").symlink_to("../../checkout/mine.txt")
    (root / "src/up").symlink_to("..")  # the snapshot's own top: inside
    (root / "chained").symlink_to("src/up/../../checkout")  # through a link, then out
    (root / "inside").symlink_to("src/app.py")
    (root / "dangling").symlink_to("src/missing.py")
    outside = tmp_path / "run" / "outside"

    moved = contain_links(root, outside)

    assert sorted(moved) == ["absolute", "chained", "relative"]
    assert (root / "absolute").readlink() == outside / str(checkout / "mine.txt").lstrip("/")
    assert not (root / "absolute").exists()  # dangling: the user's file is not reachable
    assert (root / "inside").read_text() == "app"
    assert (root / "src/up").readlink() == Path("..")
    assert (root / "dangling").readlink() == Path("src/missing.py")
    with pytest.raises(FileNotFoundError):  # a write through it fails, as on a fresh runner
        (root / "relative").write_text("pwned")
    assert (checkout / "mine.txt").read_text() == "the user's"
