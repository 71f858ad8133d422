"""pitstop against GitHub's reference implementations, driven from Node.

Expressions are compared with the npm package `@actions/expressions` (GitHub's own lexer, parser
and evaluator); `hashFiles` with the runner's hashing steps over `@actions/glob`. One Node
process serves the whole module (JSON lines on stdin and stdout). Errors are compared as "both
error"; values by kind and by their JSON text.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pitstop.expressions import ExpressionError, evaluate
from pitstop.expressions.hashfiles import HashFilesError, hash_files
from pitstop.expressions.values import kind_of, to_json

from .grammar import CONTEXTS, EXPRESSIONS

NODE_DIR = Path(__file__).parent / "node"
PACKAGE = NODE_DIR / "node_modules" / "@actions" / "expressions"


class Oracle:
    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.process = process

    def ask(self, expression: str, contexts: dict[str, object]) -> dict[str, Any]:
        return self.request({"expr": expression, "contexts": contexts})

    def request(self, request: dict[str, object]) -> dict[str, Any]:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        assert line, "the Node oracle stopped answering"
        answer: dict[str, Any] = json.loads(line)
        return answer


@pytest.fixture(scope="module")
def oracle() -> Iterator[Oracle]:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed: the differential test needs Node 20")
    if not PACKAGE.is_dir():
        pytest.skip(
            "@actions/expressions is not installed: run `npm ci --prefix tests/expressions/node`"
        )
    process = subprocess.Popen(
        [node, str(NODE_DIR / "oracle.mjs")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        cwd=NODE_DIR,
    )
    try:
        yield Oracle(process)
    finally:
        assert process.stdin is not None
        process.stdin.close()
        process.wait(timeout=10)
        assert process.stdout is not None
        process.stdout.close()


def pitstop_answer(expression: str, contexts: dict[str, object]) -> dict[str, Any]:
    try:
        result = evaluate(expression, contexts)
    except ExpressionError as exc:
        return {"ok": False, "stage": exc.kind, "message": exc.message}
    return {"ok": True, "kind": kind_of(result).value, "value": to_json(result, indent="")}


def assert_same(oracle: Oracle, expression: str, contexts: dict[str, object]) -> None:
    ours, github = pitstop_answer(expression, contexts), oracle.ask(expression, contexts)
    if not github["ok"]:
        assert not ours["ok"], f"GitHub: {github['message']}; pitstop: {ours}"
        return
    assert ours == github


# A few hundred examples each by default; PITSTOP_DIFFERENTIAL_EXAMPLES=20000 for a deep run.
EXAMPLES = int(os.environ.get("PITSTOP_DIFFERENTIAL_EXAMPLES", "400"))
FAST = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(expression=EXPRESSIONS)
def test_grammar_shaped_expressions_agree(oracle: Oracle, expression: str) -> None:
    assert_same(oracle, expression, CONTEXTS)


@FAST
@given(expression=st.text(alphabet=st.characters(codec="utf-8"), max_size=30))
def test_random_text_agrees(oracle: Oracle, expression: str) -> None:
    assert_same(oracle, expression, CONTEXTS)


@FAST
@given(value=st.floats(allow_nan=False, allow_infinity=False, width=64))
def test_number_formatting_agrees(oracle: Oracle, value: float) -> None:
    contexts: dict[str, object] = {"n": value}
    for expression in ("format('{0}', n)", "toJSON(n)", "n", "join(fromJSON('[1.5]'), n)"):
        assert_same(oracle, expression, contexts)


def test_the_oracle_really_evaluates(oracle: Oracle) -> None:
    """Guard against a silently broken oracle that errors on everything."""
    assert oracle.ask("1 == 1", {}) == {"ok": True, "kind": "Boolean", "value": "true"}
    assert not oracle.ask("1 ==", {})["ok"]


TREE = [
    "a.py",
    "a/b.py",
    "a/z/c.py",
    "a-b.py",
    "A.txt",
    "_u.py",
    "~t.txt",
    "a b/s p.py",
    ".git/config",
    ".github/workflows/ci.yml",
    "src/app/__init__.py",
    "src/app/models.py",
    "src/app/.env",
    "src/é/x.py",
    "requirements/base.txt",
    "requirements/dev.txt",
    "Z/deep/er/than/this.py",
]
PATTERN_POOL = [
    "**",
    "*",
    "**/*.py",
    "*.py",
    "**/*.txt",
    "a",
    "a/",
    "a/*",
    "a/**",
    "src/**/*.py",
    "src/*/models.py",
    "requirements/*.txt",
    "requirements",
    "**/.env",
    ".git*/**",
    "[aA]*",
    "?.py",
    "a b/*",
    "Z/**/this.py",
    "*/z/*",
    "missing/**",
    "./a.py",
    "src",
]
PATTERNS = st.lists(
    st.tuples(st.booleans(), st.sampled_from(PATTERN_POOL)).map(lambda p: "!" * p[0] + p[1]),
    min_size=1,
    max_size=4,
)


def build_tree(root: Path) -> Path:
    """TREE's files (each holding its own name) and two symbolic links, under `root`."""
    for name in TREE:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(name, encoding="utf-8")
    (root / "link.py").symlink_to(root / "a.py")
    (root / "linkdir").symlink_to(root / "src")
    return root


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tree(tmp_path_factory.mktemp("workspace"))


@settings(max_examples=max(EXAMPLES // 4, 50), deadline=None)
@given(patterns=PATTERNS, follow=st.booleans())
def test_hash_files_agrees(oracle: Oracle, tree: Path, patterns: list[str], follow: bool) -> None:
    arguments = ["--follow-symbolic-links", *patterns] if follow else patterns
    github = oracle.request({"hashFiles": arguments, "workspace": str(tree)})
    try:
        ours = hash_files(arguments, str(tree))
    except HashFilesError:
        assert not github["ok"]
        return
    assert github == {"ok": True, "value": ours}
