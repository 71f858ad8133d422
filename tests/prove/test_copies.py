"""The copy `prove` breaks: the project's own files, never a virtualenv or a link's target."""

from __future__ import annotations

from pathlib import Path

from pitstop.prove import copies


def test_without_git_the_copy_leaves_out_virtualenvs_and_linked_folders(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "big.py").write_text("")
    project = tmp_path / "site"
    for name in ("manage.py", ".github/workflows/ci.yml", "env/pyvenv.cfg", "env/lib/x.py"):
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        (project / name).write_text("")
    (project / "node_modules/a").mkdir(parents=True)
    (project / "node_modules/a/index.js").write_text("")
    (project / "linked").symlink_to(outside, target_is_directory=True)
    assert copies.project_files(project) == [".github/workflows/ci.yml", "manage.py"]
