"""The end-of-job scrub never writes through a link or outside the run directory."""

from __future__ import annotations

import json
import os
from pathlib import Path

from pitstop.runner.masking import Masker
from pitstop.runner.scrub import scrub_tree
from tests.conftest import make_repo, pitstop

SECRET = "postgres"


def test_a_written_file_is_masked_by_rename_and_keeps_its_mode(tmp_path: Path) -> None:
    path = tmp_path / "settings.py"
    path.write_text(f'ENGINE = "{SECRET}"\n')
    path.chmod(0o640)
    inode = path.stat().st_ino
    done = scrub_tree(Masker([SECRET]), tmp_path)
    assert path.read_text() == 'ENGINE = "***"\n'
    assert path.stat().st_ino != inode  # replaced, not written in place
    assert path.stat().st_mode & 0o777 == 0o640
    assert done.masked == [path] and done.linked == []
    assert not list(tmp_path.glob(".pitstop-scrub-*"))


def test_a_hard_link_and_a_symlink_to_outside_files_are_never_written(tmp_path: Path) -> None:
    outside = tmp_path / "cache"
    outside.mkdir()
    linked, pointed = outside / "linked.py", outside / "pointed.py"
    for path in (linked, pointed):
        path.write_text(f"{SECRET}\n")
    root = tmp_path / "run"
    (root / "sub").mkdir(parents=True)
    os.link(linked, root / "hard.py")
    (root / "soft.py").symlink_to(pointed)
    (root / "sub" / "dir-link").symlink_to(outside, target_is_directory=True)
    done = scrub_tree(Masker([SECRET]), root)
    assert linked.read_text() == pointed.read_text() == f"{SECRET}\n"
    assert done.linked == [root / "hard.py"]
    note = done.notes(root)[0]
    assert "hard.py" in note and "not rewritten" in note


def test_only_files_modified_since_the_start_are_read(tmp_path: Path) -> None:
    old = tmp_path / "old.txt"
    old.write_text(SECRET)
    os.utime(old, (1_000_000, 1_000_000))
    assert scrub_tree(Masker([SECRET]), tmp_path, since=2_000_000).masked == []
    assert old.read_text() == SECRET


def test_a_uv_style_hard_link_from_a_cache_outside_the_run_is_left_unchanged(
    tmp_path: Path,
) -> None:
    cache = tmp_path / "user-cache" / "uv" / "pkg"
    cache.mkdir(parents=True)
    cached = cache / "engine.py"
    cached.write_text(f'ENGINE = "{SECRET}"\n')
    before = cached.read_bytes()
    workflow = f"""\
on: push
jobs:
  install:
    runs-on: ubuntu-latest
    steps:
      - run: |
          mkdir -p .venv/lib
          ln "{cached}" .venv/lib/engine.py
          touch .venv/lib/engine.py
          echo "password=${{{{ secrets.DB }}}}" > written.txt
"""
    repo = make_repo(tmp_path / "repo", {".github/workflows/ci.yml": workflow})
    run_dir, report = tmp_path / "run", tmp_path / "run.json"
    outcome = pitstop(
        "run", "-C", repo, "--run-dir", run_dir, "--json", report, "--secret", f"DB={SECRET}"
    )
    assert outcome.code == 0, outcome.out + outcome.err
    assert cached.read_bytes() == before
    workspace = next(run_dir.glob("jobs/*/workspace"))
    assert (workspace / "written.txt").read_text() == "password=***\n"
    notes = json.loads(report.read_text())["jobs"][0]["notes"]
    assert any(".venv/lib/engine.py" in note and "hard links" in note for note in notes)
