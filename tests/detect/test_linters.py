"""Linters: configured ones are gated on; ones the project only installs are named, not gated."""

from __future__ import annotations

from pathlib import Path

from pitstop.detect import dependencies, linters, precommit


def test_a_linter_only_installed_is_named_with_the_line_that_turns_it_on(tmp_path: Path) -> None:
    (tmp_path / "Pipfile").write_text(
        '[packages]\ndjango = "~=5.0"\n\n[dev-packages]\nblack = "~=26.0"\ndjlint = "~=1.0"\n'
    )
    (tmp_path / "requirements.txt").write_text("django==5.2.15\nruff==0.17.6\nmypy==1.19.1\n")
    (tmp_path / "pyproject.toml").write_text("[tool.mypy]\nstrict = true\n")
    deps = dependencies.detect(tmp_path)
    found = linters.detect(tmp_path, deps, precommit.detect(tmp_path))
    assert [linter.name for linter in found] == ["mypy"]  # configured: gated on
    only = linters.declared_only(tmp_path, deps, found)
    assert only == ("black", "ruff", "djlint")
    note = linters.declared_only_note(only)
    assert note is not None
    assert 'linters = ["black", "ruff", "djlint"]' in note and "[tool.pitstop]" in note


def test_nothing_to_say_when_every_installed_linter_is_configured(tmp_path: Path) -> None:
    (tmp_path / "requirements.txt").write_text("django==5.2.15\nblack==26.1.0\n")
    (tmp_path / "pyproject.toml").write_text("[tool.black]\nline-length = 100\n")
    deps = dependencies.detect(tmp_path)
    found = linters.detect(tmp_path, deps, precommit.detect(tmp_path))
    assert linters.declared_only(tmp_path, deps, found) == ()
    assert linters.declared_only_note(()) is None
