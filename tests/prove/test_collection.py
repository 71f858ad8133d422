"""A test defect goes only where the project's runner will run it."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from pitstop.detect.project import Project
from pitstop.prove import collection, defects
from pitstop.prove.defects import NotApplicable

PYTEST_STYLE = "def test_one() -> None:\n    assert 1 == 1\n"
UNITTEST_STYLE = (
    "from django.test import TestCase\n\n\nclass T(TestCase):\n"
    "    def test_one(self) -> None:\n        self.assertEqual(1, 1)\n"
)


def files(root: Path, texts: dict[str, str]) -> Path:
    for name, text in texts.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def collected(root: Path, runner: str) -> list[str]:
    return [p.relative_to(root).as_posix() for p in collection.test_files(root, runner)]


def test_pytest_collects_its_default_patterns_unless_configured(tmp_path: Path) -> None:
    names = ("blog/tests.py", "blog/test_models.py", "x_test.py")
    root = files(tmp_path, dict.fromkeys(names, PYTEST_STYLE))
    assert collected(root, "pytest") == ["blog/test_models.py", "x_test.py"]
    (root / "pyproject.toml").write_text(
        '[tool.pytest.ini_options]\npython_files = ["tests.py", "test_*.py"]\n'
    )
    assert collected(root, "pytest") == ["blog/test_models.py", "blog/tests.py"]
    (root / "pytest.ini").write_text("[pytest]\npython_files = tests.py\n")
    assert collected(root, "pytest") == ["blog/tests.py"]
    assert collected(root, "django") == ["blog/test_models.py", "blog/tests.py"]


def test_with_manage_py_test_a_plain_function_is_not_flipped(
    tmp_path: Path, example: tuple[Path, Project]
) -> None:
    _, project = example
    django = replace(project, tests=replace(project.tests, runner="django"))
    root = tmp_path / "site"
    (root / "blog").mkdir(parents=True)
    (root / "blog/tests.py").write_text(PYTEST_STYLE, encoding="utf-8")
    with pytest.raises(NotApplicable, match=r"test\*\.py"):
        defects.failing_test(root, django)
    (root / "blog/tests.py").write_text(PYTEST_STYLE + "\n\n" + UNITTEST_STYLE, encoding="utf-8")
    assert defects.failing_test(root, django) == "blog/tests.py:10"
