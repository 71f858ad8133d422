"""Linters: configured ones are gated on; ones the project only installs are named, not gated."""

from __future__ import annotations

from pathlib import Path

import pytest

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


HOOKS = """repos:
  - repo: https://github.com/djlint/djLint
    rev: v1.36.4
    hooks:
      - id: {hook}
"""


@pytest.mark.parametrize(
    ("files", "format_only"),
    [
        ({"Makefile": "format:\n\tuv run djlint bookmarks/templates --reformat --quiet\n"}, True),
        ({"package.json": '{"scripts": {"fmt": "djlint --reformat templates"}}'}, True),
        ({"justfile": "fmt:\n    djlint . --check\n"}, True),
        ({".pre-commit-config.yaml": HOOKS.format(hook="djlint-reformat-django")}, True),
        ({"Makefile": "fmt:\n\tdjlint . --reformat\nlint:\n\tdjlint . --lint\n"}, False),
        ({".pre-commit-config.yaml": HOOKS.format(hook="djlint-django")}, False),
        ({".github/workflows/ci.yml": "steps:\n  - run: djlint templates --lint\n"}, False),
        ({}, False),  # configured, no command anywhere: linted, as before
    ],
)
def test_djlint_that_only_formats_is_gated_on_its_formatting(
    tmp_path: Path, files: dict[str, str], format_only: bool
) -> None:
    for name, text in {"pyproject.toml": '[tool.djlint]\nprofile = "django"\n', **files}.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    found = linters.detect(tmp_path, dependencies.detect(tmp_path), precommit.detect(tmp_path))

    (djlint,) = [linter for linter in found if linter.name == "djlint"]
    assert (djlint.formatting is not None) is format_only


def test_the_formatting_gate_checks_what_the_projects_own_command_formats(
    tmp_path: Path,
) -> None:
    (tmp_path / "bookmarks/templates").mkdir(parents=True)
    (tmp_path / "pyproject.toml").write_text('[tool.djlint]\nprofile = "django"\n')
    (tmp_path / "Makefile").write_text(
        "format:\n\tuv run djlint bookmarks/templates --reformat --quiet --warn\n"
    )

    found = linters.detect(tmp_path, dependencies.detect(tmp_path), precommit.detect(tmp_path))

    assert found[0].formatting == linters.Formatting(("bookmarks/templates",))
