"""`pitstop eval` as a user runs it: a real subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest


def pitstop(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pitstop", *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=cwd,
        encoding="utf-8",
    )


@pytest.fixture
def context_file(tmp_path: Path) -> Path:
    path = tmp_path / "ctx.json"
    contexts = {
        "github": {"ref": "refs/heads/main", "event": {"commits": [{"id": "a"}, {"id": "b"}]}},
        "matrix": {"python": "3.12"},
    }
    path.write_text(json.dumps(contexts), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("expression", "output"),
    [
        ("1 == 1", "true"),
        ("format('{0}-{1}', 'a', 1.50)", '"a-1.5"'),
        ("fromJSON('{\"k\": [1, null]}')", '{\n  "k": [\n    1,\n    null\n  ]\n}'),
        ("", "null"),
    ],
)
def test_prints_the_result_as_json(expression: str, output: str) -> None:
    done = pitstop("eval", expression)
    assert done.returncode == 0, done.stderr
    assert done.stdout == output + "\n"


def test_reads_contexts_from_a_file(context_file: Path) -> None:
    done = pitstop("eval", "github.event.commits.*.id", "--context", str(context_file))
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == ["a", "b"]


def test_a_template_is_interpolated(context_file: Path) -> None:
    template = "py${{ matrix.python }} on ${{ github.ref }}"
    done = pitstop("eval", template, "--context", str(context_file))
    assert json.loads(done.stdout) == "py3.12 on refs/heads/main"


def test_a_syntax_error_shows_a_caret_and_exits_1() -> None:
    done = pitstop("eval", "1 == (2")
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.splitlines() == [
        "error: Unexpected end of expression: '2'. "
        "Located at position 7 within expression: 1 == (2",
        "  --> <expression>:1:7",
        "  |",
        "1 | 1 == (2",
        "  |       ^",
    ]


def test_an_unknown_context_hints_at_the_context_file() -> None:
    done = pitstop("eval", "github.ref")
    assert done.returncode == 1
    assert "Unrecognized named-value: 'github'" in done.stderr
    assert "hint: contexts come from --context CTX.JSON (known here: none)" in done.stderr
    assert "Traceback" not in done.stderr


def test_an_evaluation_error_exits_1() -> None:
    done = pitstop("eval", "format('{1}', 'x')")
    assert done.returncode == 1
    assert "references more arguments than were supplied" in done.stderr


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "the context file is not valid JSON"),
        ("[1, 2]", "must hold a JSON object, not list"),
    ],
)
def test_a_bad_context_file_is_a_user_error(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "ctx.json"
    path.write_text(content, encoding="utf-8")
    done = pitstop("eval", "1", "--context", str(path))
    assert done.returncode == 1
    assert message in done.stderr
    assert f"{path}:1:" in done.stderr


def test_a_missing_context_file_is_a_user_error(tmp_path: Path) -> None:
    done = pitstop("eval", "1", "--context", str(tmp_path / "nope.json"))
    assert done.returncode == 1
    assert "cannot read the context file" in done.stderr


def test_eval_is_listed_in_help() -> None:
    done = pitstop("--help")
    assert "eval" in done.stdout
