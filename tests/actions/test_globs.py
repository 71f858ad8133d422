from __future__ import annotations

from pathlib import Path

import pytest

from pitstop.actions import globs


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    for name in ["a/x.py", "a/b/y.py", "a/b/z.txt", "a/.hid/h.py", "c/w.py", "d/"]:
        path = tmp_path / name
        if name.endswith("/"):
            path.mkdir(parents=True)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(name)
    return tmp_path


def rel(root: Path, paths: list[Path]) -> list[str]:
    return [p.relative_to(root).as_posix() for p in paths]


@pytest.mark.parametrize(
    ("lines", "descendants", "expected"),
    [
        (["a/*.py"], True, ["a/x.py"]),
        (["**/*.py"], True, ["a/.hid/h.py", "a/b/y.py", "a/x.py", "c/w.py"]),
        (["a/**/y.py"], True, ["a/b/y.py"]),
        (["a/**"], False, ["a", "a/.hid", "a/.hid/h.py", "a/b", "a/b/y.py", "a/b/z.txt", "a/x.py"]),
        (["a/b"], True, ["a/b/y.py", "a/b/z.txt"]),
        (["a/b"], False, ["a/b"]),
        (["a/b/"], False, ["a/b"]),
        (["a/x.py/"], False, []),
        (["a/x.py"], False, ["a/x.py"]),
        (["a", "!a/b", "# comment", ""], True, ["a/.hid/h.py", "a/x.py"]),
        (["**/*.py", "!**/.hid"], True, ["a/b/y.py", "a/x.py", "c/w.py"]),
        (["?/w.py"], True, ["c/w.py"]),
        (["[ab]/x.py", "[!a]/w.py"], True, ["a/x.py", "c/w.py"]),
        (["*/"], False, ["a", "c", "d"]),
        (["missing/*.py", "missing"], True, []),
    ],
)
def test_matching(tree: Path, lines: list[str], descendants: bool, expected: list[str]) -> None:
    patterns = globs.parse(lines, tree)
    assert rel(tree, globs.match(patterns, implicit_descendants=descendants)) == expected


def test_home_absolute_and_search_paths(tree: Path) -> None:
    patterns = globs.parse(["~/a/*.py", f"{tree}/c", "a/b/**"], tree, home=tree)
    assert [p.search_path for p in patterns] == [tree / "a", tree / "c", tree / "a/b"]
    assert globs.search_paths(patterns) == [tree / "a", tree / "c"]
    assert globs.parse(["/**"], tree)[0].search_path == Path("/")
