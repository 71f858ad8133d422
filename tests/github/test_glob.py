"""Both kinds of GitHub path pattern: @actions/glob (with a real file tree) and filter
patterns (strings). The differential test against the real @actions/glob is
`test_glob_differential.py`."""

from __future__ import annotations

from pathlib import Path

import pytest

from pitstop.errors import PitstopError
from pitstop.github.glob import (
    GlobError,
    compile_filter_pattern,
    filter_matches,
    glob,
    parse_patterns,
    search_paths,
)


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


def found(root: Path, lines: list[str], *, descendants: bool) -> list[str]:
    """What upload-artifact (descendants, files only) or cache (no descendants) would take."""
    paths = glob(parse_patterns(lines, root), implicit_descendants=descendants)
    kept = [p for p in paths if not (descendants and p.is_dir())]
    return sorted(p.relative_to(root).as_posix() for p in kept)


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
        (["a/x.py/"], True, []),
        (["a/x.py"], False, ["a/x.py"]),
        (["a", "!a/b", "# comment", ""], True, ["a/.hid/h.py", "a/x.py"]),
        (["**/*.py", "!**/.hid"], True, ["a/b/y.py", "a/x.py", "c/w.py"]),
        (["?/w.py"], True, ["c/w.py"]),
        (["[ab]/x.py", "[!a]/w.py"], True, ["a/x.py", "c/w.py"]),
        (["*/"], False, ["a", "c", "d"]),
        (["missing/*.py", "missing"], True, []),
        # Order matters: a later pattern adds back what an earlier `!` removed.
        (["a/b/*", "!a/b/y.py", "a/b/y.py"], True, ["a/b/y.py", "a/b/z.txt"]),
        (["a/b/*", "a/b/y.py", "!a/b/y.py"], True, ["a/b/z.txt"]),
        (["!!a/x.py"], True, ["a/x.py"]),
    ],
)
def test_matching(tree: Path, lines: list[str], descendants: bool, expected: list[str]) -> None:
    assert found(tree, lines, descendants=descendants) == expected


def test_home_absolute_and_search_paths(tree: Path) -> None:
    patterns = parse_patterns(["~/a/*.py", f"{tree}/c", "a/b/**"], tree, home=tree)
    assert search_paths(patterns) == [tree / "a", tree / "c"]
    assert search_paths(parse_patterns(["/**"], tree)) == [Path("/")]


@pytest.mark.parametrize("line", ["../x", "a/../b", "a/./b"])
def test_relative_pathing_is_refused_as_github_does(tree: Path, line: str) -> None:
    with pytest.raises(GlobError, match="Relative pathing"):
        parse_patterns([line], tree)


def test_broken_links_are_skipped_when_followed(tree: Path) -> None:
    (tree / "c" / "gone.py").symlink_to(tree / "nowhere")
    assert found(tree, ["c"], descendants=True) == ["c/w.py"]
    with pytest.raises(GlobError, match="broken symbolic link"):
        list(glob(parse_patterns(["c"], tree), omit_broken_links=False))


def test_the_walk_order_is_depth_first_by_name(tree: Path) -> None:
    paths = glob(parse_patterns(["a"], tree))
    assert [p.relative_to(tree).as_posix() for p in paths] == [
        "a", "a/.hid", "a/.hid/h.py", "a/b", "a/b/y.py", "a/b/z.txt", "a/x.py",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("pattern", "value", "hit"),
    [
        # GitHub's filter pattern cheat sheet.
        ("feature/*", "feature/my-branch", True),
        ("feature/*", "feature/your/branch", False),
        ("feature/**", "feature/your/branch", True),
        ("main", "main", True),
        ("main", "mainline", False),
        ("*", "main", True),
        ("*", "releases/v1", False),
        ("**", "releases/v1", True),
        ("v2*", "v2.0.0", True),
        ("v[12].[0-9]+.[0-9]+", "v1.10.1", True),
        ("v[12].[0-9]+.[0-9]+", "v3.1.1", False),
        ("v1.?", "v1.", True),
        ("v1.?", "v1", True),
        ("v1.?", "v1x", False),
        ("*.md", "README.md", True),
        ("*.md", "docs/README.md", False),
        ("**.md", "docs/README.md", True),
        ("**/README.md", "README.md", True),
        ("**/README.md", "a/b/README.md", True),
        ("docs/**", "docs/a/b.txt", True),
        ("**/docs/**", "docs/a.txt", True),
        ("\\*literal", "*literal", True),
        ("a[bc", "a[bc", True),
    ],
)
def test_filter_patterns(pattern: str, value: str, hit: bool) -> None:
    assert bool(compile_filter_pattern(pattern).match(value)) is hit


def test_order_matters_and_negation_excludes() -> None:
    patterns = ["releases/**", "!releases/**-alpha"]
    assert filter_matches(patterns, "releases/10")
    assert not filter_matches(patterns, "releases/10-alpha")
    assert filter_matches(["!releases/**-alpha", "releases/**"], "releases/10-alpha")


def test_an_invalid_pattern_is_a_user_error() -> None:
    with pytest.raises(PitstopError, match="invalid filter pattern"):
        compile_filter_pattern("[z-a]")


def test_the_two_pattern_kinds_differ_where_github_s_do() -> None:
    """`?` is one character in @actions/glob but "the preceding character is optional" in a
    filter pattern; `**` alone crosses `/` in both."""
    assert filter_matches(["v1.?"], "v1")
    assert filter_matches(["**"], "a/b")
