from __future__ import annotations

from pathlib import Path

from pitstop.generate.writer import Policy, Status, plan, stamp, unedited, write


def test_stamp_detects_edits() -> None:
    text = stamp("# header\nname: ci\n")
    assert text.splitlines()[1].startswith("# pitstop-sha256: ")
    assert unedited(text)
    assert not unedited(text.replace("ci", "CI"))
    assert not unedited("name: ci\n")


def test_plan_statuses(tmp_path: Path) -> None:
    (tmp_path / "edited.yml").write_text(stamp("# h\nold\n").replace("old", "mine"))
    (tmp_path / "own.yml").write_text("name: the project's own\n")
    (tmp_path / "ours.yml").write_text(stamp("# h\nold\n"))
    (tmp_path / "once.sh").write_text("keep\n")
    (tmp_path / "same.yml").write_text("x\n")
    files = {
        "new.yml": ("n\n", Policy.GENERATED),
        "edited.yml": ("theirs\n", Policy.GENERATED),
        "own.yml": ("theirs\n", Policy.GENERATED),
        "ours.yml": (stamp("# h\nnew\n"), Policy.GENERATED),
        "once.sh": ("other\n", Policy.ONCE),
        "same.yml": ("x\n", Policy.GENERATED),
        "merge.toml": ("m\n", Policy.MERGE),
    }
    statuses = {c.path: c.status for c in plan(tmp_path, files)}
    assert statuses == {
        "new.yml": Status.CREATE,
        "edited.yml": Status.EDITED,
        "own.yml": Status.OWN,
        "ours.yml": Status.UPDATE,
        "once.sh": Status.UNCHANGED,
        "same.yml": Status.UNCHANGED,
        "merge.toml": Status.CREATE,
    }


def test_write_keeps_edits_unless_forced(tmp_path: Path) -> None:
    (tmp_path / "edited.yml").write_text(stamp("# h\nold\n").replace("old", "mine"))
    files = {"edited.yml": ("theirs\n", Policy.GENERATED), "a/run.sh": ("#!/bin/sh\n", Policy.ONCE)}
    written = write(tmp_path, plan(tmp_path, files), force=False)
    assert [c.path for c in written] == ["a/run.sh"]
    assert (tmp_path / "a/run.sh").stat().st_mode & 0o111
    assert "mine" in (tmp_path / "edited.yml").read_text()
    write(tmp_path, plan(tmp_path, files), force=True)
    assert (tmp_path / "edited.yml").read_text() == "theirs\n"


def test_a_projects_own_file_in_the_way_stops_the_whole_write(tmp_path: Path) -> None:
    (tmp_path / "ci.yml").write_text("name: the project's own\n")
    files = {
        "ci.yml": ("generated\n", Policy.GENERATED),
        "deploy.yml": ("calls ci\n", Policy.GENERATED),
    }
    assert write(tmp_path, plan(tmp_path, files), force=False) == []
    assert not (tmp_path / "deploy.yml").exists()
    assert (tmp_path / "ci.yml").read_text() == "name: the project's own\n"
    written = write(tmp_path, plan(tmp_path, files), force=True)
    assert sorted(c.path for c in written) == ["ci.yml", "deploy.yml"]
    assert (tmp_path / "ci.yml").read_text() == "generated\n"


def test_diff_of_a_new_file() -> None:
    from pitstop.generate.writer import Change

    change = Change("x.yml", None, "a\nb", Status.CREATE)
    assert change.diff() == "--- /dev/null\n+++ b/x.yml\n@@ -0,0 +1,2 @@\n+a\n+b\n"
