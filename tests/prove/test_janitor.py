"""The janitor deletes what it is given, and `finish` returns once all of it is gone."""

from __future__ import annotations

from pathlib import Path

from pitstop.prove.janitor import Janitor


def test_every_folder_given_is_gone_when_finish_returns(tmp_path: Path) -> None:
    folders = []
    for name in ("one", "two/nested"):
        folder = tmp_path / name
        (folder / "deep/er").mkdir(parents=True)
        (folder / "deep/er/file.txt").write_text("x")
        folders.append(folder)
    janitor = Janitor()
    for folder in folders:
        janitor.free(folder)
    janitor.free(tmp_path / "never-existed")
    janitor.finish()
    assert not any(folder.exists() for folder in folders)
    assert (tmp_path / "two").is_dir()  # only what it was given
