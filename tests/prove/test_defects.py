from __future__ import annotations

import ast
import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from pitstop.detect.project import Project
from pitstop.prove import defects
from pitstop.prove.defects import DEFECTS, NotApplicable

TOOLS = Path(sys.executable).parent


def _where(root: Path, where: str) -> tuple[Path, int]:
    name, line = where.rsplit(":", 1)
    return root / name, int(line)


def _ruff(*args: str, cwd: Path) -> int:
    command = [str(TOOLS / "ruff"), *args, "--no-cache"]
    return subprocess.run(command, cwd=cwd, capture_output=True, check=False).returncode


def test_every_defect_names_a_gate_and_is_unique() -> None:
    names = [defect.name for defect in DEFECTS]
    assert len(names) == len(set(names)) == 16
    assert all(defect.gate.pattern for defect in DEFECTS)


def test_failing_test_flips_one_assertion(example: tuple[Path, Project]) -> None:
    root, project = example
    path, line = _where(root, defects.failing_test(root, project))
    text = path.read_text(encoding="utf-8").splitlines()[line - 1]
    assert "assert not (" in text
    ast.parse(path.read_text(encoding="utf-8"))


def test_flipped_assertion_really_fails(tmp_path: Path, example: tuple[Path, Project]) -> None:
    _, project = example
    (tmp_path / "small" / "tests").mkdir(parents=True)
    test = tmp_path / "small" / "tests" / "test_math.py"
    test.write_text('def test_sum():\n    assert 1 + 1 == 2, "arithmetic"\n', encoding="utf-8")
    defects.failing_test(tmp_path / "small", project)
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(test)],
        capture_output=True,
        check=False,
    )
    assert done.returncode == 1


@pytest.mark.parametrize(
    ("inject", "check"),
    [
        (defects.lint, ["check", "--select", "F401"]),
        (defects.formatting, ["format", "--check"]),
    ],
)
def test_code_defects_turn_the_tool_red(
    example: tuple[Path, Project], inject: defects.Injector, check: list[str]
) -> None:
    root, project = example
    target = root / "apps" / "accounts" / "models.py"
    assert _ruff(*check, str(target), cwd=root) == 0
    path, _ = _where(root, inject(root, project))
    assert path == target
    assert _ruff(*check, str(target), cwd=root) == 1


def test_type_error_turns_mypy_red(example: tuple[Path, Project]) -> None:
    root, project = example
    path, _ = _where(root, defects.type_error(root, project))
    done = subprocess.run(
        [str(TOOLS / "mypy"), "--ignore-missing-imports", "--no-incremental", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1 and "Incompatible return value" in done.stdout


def test_import_error_points_at_a_missing_module(example: tuple[Path, Project]) -> None:
    root, project = example
    path, line = _where(root, defects.import_error(root, project))
    assert path.name == "models.py"
    assert "pitstop_prove_missing_module" in path.read_text(encoding="utf-8").splitlines()[line - 1]


def test_security_smell_is_silenced_for_ruff_but_not_bandit(example: tuple[Path, Project]) -> None:
    root, project = example
    path, _ = _where(root, defects.security_smell(root, project))
    text = path.read_text(encoding="utf-8")
    assert "shell=True" in text and "# noqa: S602" in text  # the example selects ruff's S rules
    assert _ruff("check", "--select", "S602", str(path), cwd=root) == 0


def test_missing_migration_adds_a_model_field(example: tuple[Path, Project]) -> None:
    root, project = example
    path, line = _where(root, defects.missing_migration(root, project))
    assert "models.BooleanField" in path.read_text(encoding="utf-8").splitlines()[line - 1]
    ast.parse(path.read_text(encoding="utf-8"))


def test_deploy_check_forces_debug_on(example: tuple[Path, Project]) -> None:
    root, project = example
    path, _ = _where(root, defects.deploy_check(root, project))
    assert path.name == "production.py"
    assert path.read_text(encoding="utf-8").rstrip().endswith("DEBUG = True")


def test_low_coverage_adds_more_untested_lines_than_the_apps_have(
    example: tuple[Path, Project],
) -> None:
    root, project = example
    apps_lines = sum(len(p.read_text().splitlines()) for p in (root / "apps").rglob("*.py"))
    path, _ = _where(root, defects.low_coverage(root, project))
    assert len(path.read_text(encoding="utf-8").splitlines()) > apps_lines * 3


def test_frontend_defects(example: tuple[Path, Project]) -> None:
    root, project = example
    css, _ = _where(root, defects.broken_css(root, project))
    assert "@apply pitstop_prove-no-such-utility" in css.read_text(encoding="utf-8")
    defects.empty_build(root, project)
    package = json.loads((root / "package.json").read_text(encoding="utf-8"))
    assert "tailwindcss" not in package["scripts"]["build"]


def test_repository_hygiene_defects(example: tuple[Path, Project]) -> None:
    root, project = example
    assert defects.private_key(root, project) == "deploy/id_rsa:1"
    assert "BEGIN RSA PRIVATE KEY" in (root / "deploy" / "id_rsa").read_text(encoding="utf-8")
    readme, line = _where(root, defects.trailing_whitespace(root, project))
    assert readme.read_text(encoding="utf-8").splitlines()[line - 1].endswith("   ")


def test_vulnerable_dependency_pins_an_old_django(example: tuple[Path, Project]) -> None:
    root, project = example
    lock, line = _where(root, defects.vulnerable_dependency(root, project))
    assert lock.read_text(encoding="utf-8").splitlines()[line - 1].startswith("django==4.2.0")


def test_template_error_leaves_a_tag_open(example: tuple[Path, Project]) -> None:
    root, project = example
    path, line = _where(root, defects.template_error(root, project))
    assert path.suffix == ".html"
    assert path.read_text(encoding="utf-8").splitlines()[line - 1].startswith("<div")


def test_defects_say_why_they_do_not_apply(tmp_path: Path, example: tuple[Path, Project]) -> None:
    _, project = example
    bare = tmp_path / "bare"
    bare.mkdir()
    for inject in (defects.failing_test, defects.hanging_step, defects.trailing_whitespace):
        with pytest.raises(NotApplicable):
            inject(bare, project)
    (bare / "package.json").write_text('{"scripts": {}}', encoding="utf-8")
    no_frontend = project.__class__(**{**project.__dict__, "frontend": None})
    with pytest.raises(NotApplicable, match="frontend"):
        defects.empty_build(bare, no_frontend)


def test_the_lint_defect_points_at_its_unused_import(example: tuple[Path, Project]) -> None:
    root, project = example
    path, line = _where(root, defects.lint(root, project))
    assert path.read_text(encoding="utf-8").splitlines()[line - 1].strip() == "import json"
    done = subprocess.run(
        [str(TOOLS / "ruff"), "check", "--no-cache", "--output-format=concise", str(path)],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert f"{line}:" in done.stdout and "F401" in done.stdout and "E402" not in done.stdout


UNITTEST_FILE = """\
import unittest


class ArithmeticTests(unittest.TestCase):
    def test_sum(self) -> None:
        self.assertEqual(
            1 + 1, 2
        )

    def test_membership(self) -> None:
        self.assertIn(3, [1, 2, 3], )


def helper() -> None:
    pass
"""


def unittest_project(tmp_path: Path, example: tuple[Path, Project]) -> tuple[Path, Project]:
    """A project whose tests are unittest classes, run by `manage.py test`."""
    _, project = example
    root = tmp_path / "unittest-project"
    (root / "shop").mkdir(parents=True)
    (root / "shop" / "tests.py").write_text(UNITTEST_FILE, encoding="utf-8")
    django_runner = replace(project, tests=replace(project.tests, runner="django"))
    return root, django_runner


def _unittest(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "unittest", *args]
    return subprocess.run(command, cwd=root, capture_output=True, text=True, check=False)


def test_a_unittest_assertion_is_flipped_and_fails(
    tmp_path: Path, example: tuple[Path, Project]
) -> None:
    root, project = unittest_project(tmp_path, example)
    assert _unittest(root, "shop.tests").returncode == 0
    path, line = _where(root, defects.failing_test(root, project))
    assert path.read_text(encoding="utf-8").splitlines()[line - 1].strip() == (
        "self.assertNotEqual("
    )
    done = _unittest(root, "shop.tests")
    assert done.returncode == 1 and "AssertionError: 2 == 2" in done.stderr


def test_for_manage_py_test_the_hang_is_a_method_unittest_runs(
    tmp_path: Path, example: tuple[Path, Project]
) -> None:
    root, project = unittest_project(tmp_path, example)
    path, line = _where(root, defects.hanging_step(root, project))
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[line - 1] == "    def test_pitstop_prove_hangs(self) -> None:"
    ast.parse(text)
    listing = (
        "import unittest; suite = unittest.defaultTestLoader.loadTestsFromName('shop.tests');"
        "print([t.id() for s in suite for t in s])"
    )
    done = subprocess.run(
        [sys.executable, "-c", listing], cwd=root, capture_output=True, text=True, check=True
    )
    assert "shop.tests.ArithmeticTests.test_pitstop_prove_hangs" in done.stdout


def test_without_a_testcase_class_the_hang_is_a_test_function(
    tmp_path: Path, example: tuple[Path, Project]
) -> None:
    """Detected `manage.py test`, but no TestCase class: the workflow must run pytest."""
    root, project = unittest_project(tmp_path, example)
    (root / "shop" / "tests.py").write_text("def test_plain() -> None:\n    pass\n")
    path, line = _where(root, defects.hanging_step(root, project))
    assert path.read_text().splitlines()[line - 1] == "def test_pitstop_prove_hangs() -> None:"


def test_empty_build_in_a_theme_folder_and_not_for_tailwind_cli(
    tmp_path: Path, example: tuple[Path, Project]
) -> None:
    _, project = example
    assert project.frontend is not None
    theme = tmp_path / "theme/static_src"
    theme.mkdir(parents=True)
    (theme / "package.json").write_text('{"scripts": {"build": "tailwindcss -o x.css"}}')
    in_theme = replace(project, frontend=replace(project.frontend, directory="theme/static_src"))
    where = defects.empty_build(tmp_path, in_theme)
    assert where == "theme/static_src/package.json (scripts.build)"
    assert "tailwindcss" not in (theme / "package.json").read_text()
    cli = replace(project, frontend=replace(project.frontend, build_script=""))
    with pytest.raises(NotApplicable, match="frontend"):
        defects.empty_build(tmp_path, cli)
