"""prove's reuse of a job's venv: a clone works at its new path and shares the libraries."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from pitstop.actions import venv_seeds


def make_venv(path: Path) -> Path:
    subprocess.run([sys.executable, "-m", "venv", str(path)], check=True)
    return path


def test_a_saved_venv_clones_to_a_working_venv_elsewhere(tmp_path: Path) -> None:
    original = make_venv(tmp_path / "run1" / "venv")
    template = tmp_path / "seeds" / "python-3-job"
    template.parent.mkdir()
    venv_seeds.save(original, template)
    assert (template / venv_seeds.ORIGIN).read_text() == str(original)

    clone = tmp_path / "run2" / "venv"
    venv_seeds.clone(template, clone)
    pip = clone / "bin" / "pip"
    assert pip.read_text(encoding="utf-8").splitlines()[0].startswith(f"#!{clone}/bin/python")
    done = subprocess.run([str(pip), "--version"], capture_output=True, text=True, check=True)
    assert str(clone) in done.stdout  # pip runs from the clone's own site-packages
    library = next(clone.glob("lib/python3*/site-packages/pip/__init__.py"))
    original_library = template / library.relative_to(clone)
    assert library.stat().st_ino == original_library.stat().st_ino  # hardlinked, not copied
    assert not (clone / venv_seeds.ORIGIN).exists()


def test_the_first_save_wins(tmp_path: Path) -> None:
    venv = make_venv(tmp_path / "venv")
    template = tmp_path / "template"
    venv_seeds.save(venv, template)
    (venv / "marker").write_text("later", encoding="utf-8")
    venv_seeds.save(venv, template)
    assert not (template / "marker").exists()


def test_without_the_variable_there_is_no_seed_folder() -> None:
    assert venv_seeds.folder({}) is None
    assert venv_seeds.folder({venv_seeds.ENV: "/x"}) == Path("/x")
