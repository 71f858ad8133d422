"""hashFiles against digests worked out by hand: sha256 over each file's binary sha256."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from pitstop.expressions import ExpressionError, evaluate


def digest_of(*contents: bytes) -> str:
    """What GitHub computes for files with these contents, in this order."""
    return hashlib.sha256(b"".join(hashlib.sha256(c).digest() for c in contents)).hexdigest()


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    files = {
        "requirements.txt": b"django==5.2\n",
        "a.py": b"a",
        "a/b.py": b"ab",
        "a/z/c.py": b"azc",
        "a-b.py": b"a-b",
        "B.py": b"B",
        ".hidden/h.py": b"h",
        "docs/readme.md": b"docs",
        "lock[1].txt": b"lock",
    }
    for name, content in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    return tmp_path


def hash_files(workspace: Path, *patterns: str) -> object:
    arguments = ", ".join("'" + p.replace("'", "''") + "'" for p in patterns)
    return evaluate(f"hashFiles({arguments})", {"github": {"workspace": str(workspace)}})


def test_one_file(workspace: Path) -> None:
    assert hash_files(workspace, "requirements.txt") == digest_of(b"django==5.2\n")


def test_order_is_a_depth_first_walk_sorted_by_bytes(workspace: Path) -> None:
    # Root entries sorted as bytes: .hidden, B.py, a, a-b.py, a.py; `a/` is walked in place.
    expected = digest_of(b"h", b"B", b"ab", b"azc", b"a-b", b"a")
    assert hash_files(workspace, "**/*.py") == expected


def test_a_negated_pattern_removes_files(workspace: Path) -> None:
    expected = digest_of(b"B", b"ab", b"azc", b"a-b", b"a")
    assert hash_files(workspace, "**/*.py", "!.hidden/**") == expected
    assert hash_files(workspace, "**/*.py", "!**/a/**", "a/z/c.py") == digest_of(
        b"h", b"B", b"azc", b"a-b", b"a"
    )


def test_a_directory_pattern_matches_the_files_below_it(workspace: Path) -> None:
    assert hash_files(workspace, "a") == digest_of(b"ab", b"azc")
    assert hash_files(workspace, "a/") == digest_of(b"ab", b"azc")


def test_patterns_in_one_argument_split_on_newlines(workspace: Path) -> None:
    # Each pattern's search path is walked in turn: a.py, then B.py.
    assert hash_files(workspace, "a.py\n# comment\n\nB.py") == digest_of(b"a", b"B")


def test_search_paths_are_walked_in_pattern_order(workspace: Path) -> None:
    # `a/*` matches the directory a/z too, and so everything below it.
    assert hash_files(workspace, "docs/*", "a/*") == digest_of(b"docs", b"ab", b"azc")
    assert hash_files(workspace, "a/*", "docs/*") == digest_of(b"ab", b"azc", b"docs")


def test_wildcards_and_classes(workspace: Path) -> None:
    assert hash_files(workspace, "?.py") == digest_of(b"B", b"a")
    assert hash_files(workspace, "[ab].py") == digest_of(b"a")
    assert hash_files(workspace, "[!a].py") == digest_of(b"B")
    assert hash_files(workspace, "lock\\[1\\].txt") == digest_of(b"lock")
    assert hash_files(workspace, "./a/b.py") == digest_of(b"ab")


def test_nothing_matched_is_the_empty_string(workspace: Path) -> None:
    assert hash_files(workspace, "*.rs") == ""
    assert hash_files(workspace, "missing/**") == ""


def test_files_outside_the_workspace_are_ignored(workspace: Path) -> None:
    outside = workspace.parent / "outside.txt"
    outside.write_bytes(b"outside")
    assert hash_files(workspace / "a", str(outside)) == ""


def test_symbolic_links(workspace: Path) -> None:
    (workspace / "link.py").symlink_to(workspace / "a.py")
    (workspace / "dirlink").symlink_to(workspace / "a")
    assert hash_files(workspace, "link.py") == digest_of(b"a")
    assert hash_files(workspace, "dirlink/**") == ""
    assert hash_files(workspace, "--follow-symbolic-links", "dirlink/**") == digest_of(
        b"ab", b"azc"
    )


def test_symbolic_link_cycles_end(workspace: Path) -> None:
    (workspace / "a" / "loop").symlink_to(workspace / "a")
    assert hash_files(workspace, "--follow-symbolic-links", "a/**/c.py") == digest_of(b"azc")


@pytest.mark.parametrize(
    ("patterns", "message"),
    [
        (("../x",), "Relative pathing"),
        (("--nope", "a.py"), "Invalid glob option --nope"),
    ],
)
def test_bad_patterns_are_errors(workspace: Path, patterns: tuple[str, ...], message: str) -> None:
    with pytest.raises(ExpressionError, match=message) as caught:
        hash_files(workspace, *patterns)
    assert caught.value.kind == "evaluation"


def test_broken_links_error_unless_links_are_followed(workspace: Path) -> None:
    """actions/runner `hashFiles.ts`: without following, the glob yields the link and reading it
    fails; following, @actions/glob's default `omitBrokenSymbolicLinks` skips it."""
    (workspace / "broken.py").symlink_to(workspace / "nowhere")
    with pytest.raises(ExpressionError, match="hashFiles"):
        hash_files(workspace, "broken.py")
    assert hash_files(workspace, "--follow-symbolic-links", "broken.py") == ""


def test_without_a_workspace_the_current_directory_is_searched(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(workspace)
    assert evaluate("hashFiles('B.py')", {}) == digest_of(b"B")
