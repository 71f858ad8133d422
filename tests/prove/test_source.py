"""Prove edits only the copy: every path resolved inside it, never through a symlink out."""

from __future__ import annotations

from pathlib import Path

import pytest

from pitstop.prove import source
from pitstop.prove.source import NotApplicable


def tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def root_apps(tmp_path: Path) -> Path:
    """Apps at the repository root, beside a virtualenv, a node_modules and a link outside."""
    outside = tree(tmp_path / "outside", {"secret.py": "KEY = 1\n", "models.py": "X = 1\n"})
    root = tree(
        tmp_path / "site",
        {
            "manage.py": "",
            "blog/models.py": "A = 1\n",
            "blog/migrations/0001_initial.py": "",
            "accounts/models.py": "B = 1\n",
            "env/pyvenv.cfg": "home = /usr\n",
            "env/lib/site.py": "",
            ".git/hooks/x.py": "",
            "node_modules/pkg/y.py": "",
        },
    )
    (root / "vendor").symlink_to(outside, target_is_directory=True)
    (root / "blog" / "linked.py").symlink_to(outside / "secret.py")
    return root


def names(root: Path, paths: list[Path]) -> list[str]:
    return [path.relative_to(root).as_posix() for path in paths]


def test_apps_at_the_root_are_walked_without_leaving_the_project(root_apps: Path) -> None:
    found = names(root_apps, list(source.python_files(root_apps, (".",))))
    assert found == ["accounts/models.py", "blog/models.py", "manage.py"]


def test_an_app_list_is_walked_app_by_app(root_apps: Path) -> None:
    found = names(root_apps, list(source.python_files(root_apps, ("blog", "accounts", "blog"))))
    assert found == ["blog/models.py", "accounts/models.py"]


def test_a_dotted_app_is_a_folder(tmp_path: Path) -> None:
    root = tree(tmp_path, {"project/blog/models.py": ""})
    assert names(root, list(source.python_files(root, ("project.blog",)))) == [
        "project/blog/models.py"
    ]


@pytest.mark.parametrize("app", ["vendor", "../outside", "/etc"])
def test_a_folder_outside_the_project_is_refused(root_apps: Path, app: str) -> None:
    with pytest.raises(NotApplicable, match="outside the project"):
        list(source.python_files(root_apps, (app,)))


def test_a_symlinked_file_is_refused(root_apps: Path) -> None:
    with pytest.raises(NotApplicable, match="outside the project"):
        source.inside(root_apps, "blog/linked.py")
    assert source.inside(root_apps, "blog/./models.py") == root_apps / "blog/models.py"


def test_unparsable_python_is_left_alone(tmp_path: Path) -> None:
    broken = tree(tmp_path, {"tests.py": "def test_x(:\n    assert 1\n"}) / "tests.py"
    assert source.parsed(broken) is None
    assert list(source.single_line_asserts(broken)) == []
    assert list(source.classes_with_tests(broken)) == []
    assert source.insert_after_imports(broken, "import x") == 1  # the first line is safe
    future = tree(tmp_path, {"f.py": "from __future__ import annotations\nx = (\n"}) / "f.py"
    with pytest.raises(NotApplicable, match="does not parse"):
        source.insert_after_imports(future, "import x")
    binary = tmp_path / "blob.py"
    binary.write_bytes(b"\xff\xfe\x00")
    assert source.parsed(binary) is None
