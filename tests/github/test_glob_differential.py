"""`pitstop.github.glob` against the real `@actions/glob` (npm, driven from Node), with the
options each of its users passes:

- `hashFiles()`: implicit descendants, links followed only with `--follow-symbolic-links`
  (the hash itself is compared in tests/expressions/test_differential.py);
- upload-artifact and setup-python/-node's `cache-dependency-path`: @actions/glob's defaults
  (implicit descendants, links followed, broken links skipped);
- cache: no implicit descendants.

Trigger filters use GitHub's filter patterns, not @actions/glob; they have no oracle here and
are tested against GitHub's cheat sheet in test_glob.py. Paths are compared in the order
yielded; a pattern GitHub rejects must be rejected by both.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pitstop.github.glob import GlobError, glob, parse_patterns
from tests.expressions.test_differential import (
    EXAMPLES,
    PATTERN_POOL,
    Oracle,
    build_tree,
    oracle,
)

__all__ = ["oracle"]  # the module-scoped Node process

USERS: dict[str, dict[str, bool]] = {
    "hashFiles": {"implicitDescendants": True, "followSymbolicLinks": False},
    "hashFiles --follow-symbolic-links": {"implicitDescendants": True, "followSymbolicLinks": True},
    "upload-artifact, setup-python, setup-node": {},  # @actions/glob's defaults
    "cache": {"implicitDescendants": False},
}
EXTRA = ["a/z/", "!a/b.py", "a/b.py/", "linkdir/**", "broken*", "../x", "a/./b.py", "a/.."]
PATTERNS = st.lists(
    st.tuples(st.integers(0, 2), st.sampled_from(PATTERN_POOL + EXTRA)).map(
        lambda p: "!" * p[0] + p[1]
    ),
    min_size=1,
    max_size=4,
)


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = build_tree(tmp_path_factory.mktemp("workspace"))
    (root / "broken.py").symlink_to(root / "nowhere")
    return root


def ours(lines: list[str], tree: Path, options: dict[str, bool]) -> dict[str, Any]:
    try:
        found = glob(
            parse_patterns(lines, tree),
            implicit_descendants=options.get("implicitDescendants", True),
            follow_symlinks=options.get("followSymbolicLinks", True),
        )
        return {"ok": True, "paths": [str(path) for path in found]}
    except GlobError:
        return {"ok": False}


def assert_same(oracle: Oracle, tree: Path, lines: list[str], user: str) -> None:
    options = USERS[user]
    github = oracle.request({"glob": lines, "workspace": str(tree), "options": options})
    mine = ours(lines, tree, options)
    if not github["ok"]:
        assert not mine["ok"], f"{user}: GitHub refused {lines}: {github['message']}"
        return
    assert mine == github, user


@settings(max_examples=max(EXAMPLES // 2, 100), deadline=None)
@given(lines=PATTERNS, user=st.sampled_from(sorted(USERS)))
def test_every_user_globs_as_github(
    oracle: Oracle, tree: Path, lines: list[str], user: str
) -> None:
    assert_same(oracle, tree, lines, user)


@pytest.mark.parametrize("user", sorted(USERS))
@pytest.mark.parametrize(
    "lines",
    [
        ["a/*", "!a/b.py", "a/b.py"],  # the example: a later pattern re-includes
        ["**", "!a", "a/z"],
        ["a/b.py/"],
        ["broken.py"],
        ["../x"],
    ],
)
def test_known_cases(oracle: Oracle, tree: Path, lines: list[str], user: str) -> None:
    assert_same(oracle, tree, lines, user)


def test_the_oracle_really_globs(oracle: Oracle, tree: Path) -> None:
    answer = oracle.request({"glob": ["a/*.py"], "workspace": str(tree), "options": {}})
    assert answer == {"ok": True, "paths": [str(tree / "a" / "b.py")]}
