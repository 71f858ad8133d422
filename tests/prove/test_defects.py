from __future__ import annotations

import ast
import json
import shutil
import subprocess
import sys
import tomllib
from dataclasses import replace
from pathlib import Path

import pytest

from pitstop.detect.dependencies import Dependencies
from pitstop.detect.project import Project, detect
from pitstop.detect.requirements import RequirementsFile
from pitstop.generate import config
from pitstop.prove import defects, source
from pitstop.prove.campaign import inject
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
    assert all(defect.gate.step_ids and defect.gate.commands for defect in DEFECTS)


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
    for injector in (defects.failing_test, defects.hanging_step, defects.trailing_whitespace):
        with pytest.raises(NotApplicable):
            injector(bare, project)
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


ROOT_SITE = {
    "manage.py": (
        'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_config.settings")\n'
    ),
    "site_config/__init__.py": "",
    "site_config/settings.py": 'SECRET_KEY = "x"\nINSTALLED_APPS = ["blog"]\n',
    "pyproject.toml": '[project]\nname = "rootsite"\n\n[tool.pitstop]\napps = ["blog"]\n',
    "requirements.txt": "django==5.0.1\n",
    "README.md": "# root site\n",
    "blog/__init__.py": "",
    "blog/apps.py": "",
    "blog/migrations/__init__.py": "",
    "blog/models.py": (
        "from django.db import models\n\n\n"
        "class Base(models.Model):\n"
        "    class Meta:\n        abstract = True\n\n\n"
        'class Post(Base):\n    """A post."""\n\n    title = models.CharField(max_length=9)\n'
    ),
    "blog/views.py": "",
    "blog/tests.py": (
        "from django.test import TestCase\n\n\nclass PostTests(TestCase):\n"
        "    def test_title(self) -> None:\n        self.assertEqual(1, 1)\n"
    ),
}


def production_file(deps: Dependencies, path: str) -> Dependencies:
    """The dependencies with `path` as the one pip file, read for production."""
    chain = RequirementsFile(path, "production", (), frozenset(), (), False)
    return replace(deps, manager="pip", lock_files=(), files=(chain,))


@pytest.fixture
def root_site(tmp_path: Path) -> tuple[Path, Path]:
    """A project whose app lives at the repository root, with a symlink pointing outside."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "models.py").write_text("class Secret(models.Model):\n    pass\n")
    (outside / "test_outside.py").write_text("def test_x() -> None:\n    assert True\n")
    root = tmp_path / "rootsite"
    for name, text in ROOT_SITE.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    (root / "shared").symlink_to(outside, target_is_directory=True)
    (root / "templates").symlink_to(outside, target_is_directory=True)
    return root, outside


def test_every_defect_stays_inside_a_project_with_apps_at_the_root(
    root_site: tuple[Path, Path],
) -> None:
    root, outside = root_site
    before = {path.name: path.read_text() for path in outside.iterdir()}
    results = {}
    for defect in DEFECTS:
        copy = root.parent / f"copy-{defect.name}"
        shutil.copytree(root, copy, symlinks=True)
        project = config.load(copy)
        assert project.django.apps == ("blog",)  # [tool.pitstop] apps, as init used it
        try:
            results[defect.name] = inject(defect, copy, project)
        except NotApplicable as exc:
            results[defect.name] = f"n/a: {exc}"
    assert {path.name: path.read_text() for path in outside.iterdir()} == before
    assert results["missing-migration"] == "blog/models.py:11"  # Post, not the abstract Base
    assert results["failing-test"] == "blog/tests.py:6"
    assert results["template-error"] == "n/a: templates leads outside the project"
    assert results["import-error"].startswith("blog/models.py:")


def test_an_unparsable_or_unreadable_file_makes_a_defect_not_applicable(
    root_site: tuple[Path, Path],
) -> None:
    root, _ = root_site
    project = config.load(root)
    (root / "blog/models.py").write_bytes(b"\xff\xfe class Post(models.Model):\n")
    for name in ("import-error", "formatting", "lint", "type-error", "missing-migration"):
        defect = next(d for d in DEFECTS if d.name == name)
        with pytest.raises(NotApplicable, match=r"no models\.py in the apps|no concrete model"):
            inject(defect, root, project)
    # Syntax newer than this Python's (3.12's f-strings): edited as text, never parsed.
    newer = "from x import y\n\nA = f'{y['k']}'\n"
    (root / "blog/models.py").write_text(newer, encoding="utf-8")
    assert defects.import_error(root, project) == "blog/models.py:1"
    (root / "blog/models.py").write_text("from __future__ import annotations\n" + newer)
    if source.parsed(root / "blog/models.py") is None:
        with pytest.raises(NotApplicable, match="does not parse with Python"):
            defects.import_error(root, project)
    (root / "package.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(NotApplicable, match=r"frontend|package\.json"):
        inject(next(d for d in DEFECTS if d.name == "empty-build"), root, project)
    (root / "README.md").unlink()
    (root / "README.md").mkdir()  # a name that is not a file
    with pytest.raises(NotApplicable, match="README"):
        defects.trailing_whitespace(root, project)


def test_a_write_that_fails_is_not_applicable_with_its_reason(
    root_site: tuple[Path, Path],
) -> None:
    root, _ = root_site
    project = config.load(root)
    (root / "deploy").write_text("not a folder", encoding="utf-8")
    with pytest.raises(NotApplicable, match="deploy/id_rsa"):
        inject(next(d for d in DEFECTS if d.name == "private-key"), root, project)

    def broken(copy: Path, project: Project) -> str:
        raise PermissionError(13, "Permission denied", str(copy / "blog/models.py"))

    defect = replace(DEFECTS[0], inject=broken)
    with pytest.raises(NotApplicable, match=r"could not edit the copy: PermissionError.*blog/mod"):
        inject(defect, root, project)


def test_hygiene_defects_need_the_hook_that_catches_them(root_site: tuple[Path, Path]) -> None:
    root, _ = root_site
    project = config.load(root)
    (root / ".pre-commit-config.yaml").write_text(
        "repos:\n  - repo: local\n    hooks:\n      - id: ruff\n", encoding="utf-8"
    )
    with pytest.raises(NotApplicable, match="no detect-private-key or gitleaks"):
        defects.private_key(root, project)
    with pytest.raises(NotApplicable, match="no trailing-whitespace hook"):
        defects.trailing_whitespace(root, project)
    (root / ".pre-commit-config.yaml").write_text(
        "repos:\n  - repo: x\n    hooks:\n      - id: gitleaks\n      - id: 'trailing-whitespace'\n"
    )
    assert defects.private_key(root, project) == "deploy/id_rsa:1"
    assert defects.trailing_whitespace(root, project) == "README.md:1"


UV_LOCK = """\
version = 1
requires-python = ">=3.12"

[[package]]
name = "django"
version = "5.1.4"
source = { registry = "https://pypi.org/simple" }
sdist = { url = "https://files.example/django-5.1.4.tar.gz", hash = "sha256:SDIST", size = 10 }
wheels = [
    { url = "https://f.example/django-5.1.4-py3-none-any.whl", hash = "sha256:WHEEL", size = 9 },
]

[[package]]
name = "site"
version = "0.1.0"
source = { virtual = "." }
dependencies = [
    { name = "django" },
]
""".replace("SDIST", "1" * 64).replace("WHEEL", "2" * 64)


def test_the_vulnerable_pin_keeps_a_uv_lock_readable(root_site: tuple[Path, Path]) -> None:
    """uv refuses a lock whose version and artifacts disagree: all three change together, and
    the export the security job audits (`uv export --frozen`, run for real) names Django 4.2."""
    root, _ = root_site
    (root / "pyproject.toml").write_text(
        '[project]\nname = "site"\nversion = "0.1.0"\nrequires-python = ">=3.12"\n'
        'dependencies = ["django"]\n',
        encoding="utf-8",
    )
    (root / "uv.lock").write_text(UV_LOCK, encoding="utf-8")
    project = config.load(root)
    locked = replace(project.dependencies, manager="uv", lock_files=("uv.lock",))
    uv = replace(project, dependencies=locked)
    assert defects.vulnerable_dependency(root, uv) == "uv.lock:6"
    exported = subprocess.run(
        ["uv", "export", "--frozen", "--no-emit-project", "--format", "requirements-txt"],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "django==4.2 \\\n" in exported
    assert "sha256:ad33ed68db9398f5dfb33282704925bce044bef4261cd4fb59e4e7f9ae505a78" in exported
    assert "1" * 64 not in exported and "2" * 64 not in exported


POETRY_LOCK = """\
[[package]]
name = "django"
version = "2.2.28"
description = "A web framework."
optional = false
python-versions = ">=3.5"
files = [
    {file = "Django-2.2.28-py3-none-any.whl", hash = "sha256:WHEEL"},
    {file = "Django-2.2.28.tar.gz", hash = "sha256:SDIST"},
]

[package.dependencies]
sqlparse = ">=0.2.2"

[[package]]
name = "django-taggit"
version = "1.5.1"
files = []

[package.dependencies]
Django = ">=1.11"
"""


def test_the_vulnerable_pin_rewrites_a_poetry_lock_entry_whole(
    root_site: tuple[Path, Path],
) -> None:
    """The django entry's version and files change together; another package's `Django = ...`
    dependency is left alone (editing it would break the lock, not pin Django)."""
    root, _ = root_site
    (root / "poetry.lock").write_text(POETRY_LOCK, encoding="utf-8")
    project = config.load(root)
    locked = replace(project.dependencies, manager="poetry", lock_files=("poetry.lock",))
    assert defects.vulnerable_dependency(root, replace(project, dependencies=locked)) == (
        "poetry.lock:3"
    )
    lock = tomllib.loads((root / "poetry.lock").read_text(encoding="utf-8"))
    django, taggit = lock["package"]
    assert django["version"] == "4.2"
    assert [f["file"] for f in django["files"]] == [
        "Django-4.2-py3-none-any.whl",
        "Django-4.2.tar.gz",
    ]
    assert django["files"][0]["hash"].endswith(
        "ad33ed68db9398f5dfb33282704925bce044bef4261cd4fb59e4e7f9ae505a78"
    )
    assert taggit["dependencies"] == {"Django": ">=1.11"}


def test_a_uv_lock_entry_without_artifacts_is_not_edited(root_site: tuple[Path, Path]) -> None:
    root, _ = root_site
    lock = '[[package]]\nname = "django"\nversion = "5.1.4"\nsource = { registry = "x" }\n'
    (root / "uv.lock").write_text(lock, encoding="utf-8")
    project = config.load(root)
    locked = replace(project.dependencies, manager="uv", lock_files=("uv.lock",))
    with pytest.raises(NotApplicable, match="lists no files"):
        defects.vulnerable_dependency(root, replace(project, dependencies=locked))
    assert (root / "uv.lock").read_text() == lock


def test_the_vulnerable_pin_replaces_a_range_in_an_included_file(
    root_site: tuple[Path, Path],
) -> None:
    root, _ = root_site
    project = config.load(root)  # before the files: detection refuses the include outside
    (root / "requirements").mkdir()
    (root / "requirements/base.txt").write_text("wagtail>=7\nDjango>=6.0,<6.1  # web\n")
    (root / "requirements/production.txt").write_text("-r base.txt\n-r ../../outside.txt\n")
    production = "requirements/production.txt"
    deps = production_file(project.dependencies, production)
    assert defects.vulnerable_dependency(root, replace(project, dependencies=deps)) == (
        "requirements/base.txt:2"
    )
    assert (root / "requirements/base.txt").read_text() == "wagtail>=7\nDjango==4.2.0  # web\n"
    (root / "requirements/base.txt").write_text("wagtail>=7\n")
    with pytest.raises(
        NotApplicable,
        match=r"not required in requirements/production\.txt, requirements/base\.txt$",
    ):
        defects.vulnerable_dependency(root, replace(project, dependencies=deps))


def test_a_lowercase_readme_and_templates_inside_the_apps_are_found(
    root_site: tuple[Path, Path],
) -> None:
    root, _ = root_site
    (root / "README.md").rename(root / "readme.md")
    (root / "templates").unlink()
    (root / "blog/templates/blog").mkdir(parents=True)
    (root / "blog/templates/blog/post.html").write_text("<p>post</p>\n")
    project = config.load(root)
    assert project.django.templates is None
    assert defects.trailing_whitespace(root, project) == "readme.md:1"
    assert defects.template_error(root, project) == "blog/templates/blog/post.html:2"


def test_a_utf16_requirements_file_keeps_its_encoding(root_site: tuple[Path, Path]) -> None:
    root, _ = root_site
    (root / "requirements.txt").write_bytes("asgiref==3.8\r\nDjango==4.1\r\n".encode("utf-16"))
    project = config.load(root)
    deps = production_file(project.dependencies, "requirements.txt")
    assert defects.vulnerable_dependency(root, replace(project, dependencies=deps)) == (
        "requirements.txt:2"
    )
    written = (root / "requirements.txt").read_bytes()
    assert written.decode("utf-16") == "asgiref==3.8\r\nDjango==4.2.0\r\n"


def test_a_model_from_a_third_party_base_gets_the_field(tmp_path: Path) -> None:
    models = tmp_path / "models.py"
    models.write_text(
        "from django.db.models import TextChoices\nfrom model_utils.models import TimeStampedModel"
        "\n\n\nclass Kind(TextChoices):\n    A = 'a'\n\n\nclass Note(TimeStampedModel):\n"
        "    kind = 1\n",
        encoding="utf-8",
    )
    model = source.concrete_model(models)
    assert model is not None and model.name == "Note"
    assert source.add_field(models, model, "flag", "BooleanField()") == 11
    text = models.read_text()
    assert "    flag = pitstop_prove_models.BooleanField()\n    kind = 1\n" in text
    assert "from django.db import models as pitstop_prove_models\n" in text
    ast.parse(text)


CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "corpus"


@pytest.mark.parametrize(
    ("defect", "edited"),
    [
        (defects.deploy_check, "src/pretalx/settings.py"),
        (defects.missing_migration, "src/pretalx/event/models.py"),
        (defects.import_error, "src/pretalx/event/models.py"),
        (defects.low_coverage, "src/pretalx/pitstop_prove_uncovered.py"),
        (defects.failing_test, "src/tests/event/test_event.py"),
    ],
)
def test_defects_edit_the_django_folder_below_the_root(
    tmp_path: Path, defect: defects.Injector, edited: str
) -> None:
    """pretalx keeps Django in src/: the settings, apps and tests edited are the ones there."""
    root = tmp_path / "pretalx"
    shutil.copytree(CORPUS / "pretalx", root)
    path, _ = _where(root, defect(root, detect(root)))
    assert path.relative_to(root).as_posix() == edited
