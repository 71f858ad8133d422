from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from pitstop.errors import PitstopError
from pitstop.github import envfiles


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A=1\nB=two words\n", [("A", "1"), ("B", "two words")]),
        ("A=1\n\n\nB=2", [("A", "1"), ("B", "2")]),
        ("A=x=y\n", [("A", "x=y")]),
        ("A=\n", [("A", "")]),
        (" A = 1 \n", [(" A ", " 1 ")]),
        ("A=1\r\n", [("A", "1\r")]),
        ("A=<<x\n", [("A", "<<x")]),
        ("M<<EOF\nline 1\nline 2\nEOF\n", [("M", "line 1\nline 2")]),
        ("M<<EOF\nline 1\nEOF", [("M", "line 1")]),
        ("M<<EOF\nEOF\n", [("M", "")]),
        ("M<<EOF\n\nEOF\n", [("M", "")]),
        ("M<<EOF\n\n\nEOF\n", [("M", "\n")]),
        ("M<<E=F\na=b\nE=F\nN=1\n", [("M", "a=b"), ("N", "1")]),
        ("M<<EOF\n EOF\nEOF\n", [("M", " EOF")]),
        ("A=1\nA=2\n", [("A", "1"), ("A", "2")]),
        ("", []),
    ],
)
def test_parse_env_text(text: str, expected: list[tuple[str, str]]) -> None:
    assert envfiles.parse_env_text(text) == expected


def test_a_lone_carriage_return_does_not_end_a_line() -> None:
    """actions/runner `FileCommandManager.cs` (`SetEnvFileCommand.ReadLine`): on Linux only LF
    ends a line, so `C=2` stays inside B's value and no variable `C` appears. (The copy that
    used to live in `actions/` split on CR too and invented `C`.)"""
    text = "A=1\r\nB=x\rC=2\n"
    assert envfiles.parse_env_text(text) == [("A", "1\r"), ("B", "x\rC=2")]


def test_path_file_lines_end_at_lf_cr_or_crlf(tmp_path: Path) -> None:
    """`AddPathFileCommand` reads with .NET's `File.ReadAllLines`: CR, LF and CRLF all end a
    line; empty lines are skipped and nothing is trimmed."""
    file = tmp_path / "add_path"
    file.write_bytes(b"/a\r/b\r\n\n /c \n/d")
    assert envfiles.parse_path_file(file) == ["/a", "/b", " /c ", "/d"]


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("A=1\nM<<EOF\nvalue\n", 2, "matching delimiter 'EOF' not found"),
        ("M<<EOF\nvalue", 1, "matching delimiter 'EOF' not found"),
        ("OK=1\nnot a pair\n", 2, "expected NAME=value"),
        ("=value\n", 1, "name must not be empty"),
        ("<<EOF\nx\nEOF\n", 1, "name must not be empty"),
        ("M<<\nx\n", 1, "delimiter must not be empty"),
    ],
)
def test_parse_env_text_errors_name_file_and_line(text: str, line: int, message: str) -> None:
    with pytest.raises(PitstopError) as caught:
        envfiles.parse_env_text(text, "/tmp/set_env")
    error = caught.value
    assert message in error.message
    assert error.location is not None
    assert error.location.file == "/tmp/set_env"
    assert error.location.line == line
    assert "/tmp/set_env:" in error.render()


def test_step_files_round_trip(tmp_path: Path) -> None:
    files = envfiles.create_step_files(tmp_path / "step-1")
    env = files.env()
    assert set(env) == set(envfiles.FILE_NAMES)
    for value in env.values():
        assert Path(value).read_bytes() == b""
    files.env_file.write_text("A=1\nML<<X\na\nb\nX\nA=3\n")
    files.output_file.write_text("result=ok\n")
    files.state_file.write_text("pid=12\n")
    files.path_file.write_text("/opt/a\n\n/opt/b\n")
    files.summary_file.write_text("# Hello\n")
    result = envfiles.read_step_files(files)
    assert result.env == {"A": "3", "ML": "a\nb"}
    assert result.outputs == {"result": "ok"}
    assert result.state == {"pid": "12"}
    assert result.path == ["/opt/a", "/opt/b"]
    assert result.summary == "# Hello\n"
    again = envfiles.create_step_files(tmp_path / "step-1")
    assert again.env_file.read_bytes() == b""


def test_missing_files_are_empty(tmp_path: Path) -> None:
    assert envfiles.parse_env_file(tmp_path / "nope") == {}
    assert envfiles.parse_path_file(tmp_path / "nope") == []
    assert envfiles.read_summary(tmp_path / "nope") == ""


def test_prepend_path_latest_first_and_readded_moves_front() -> None:
    prepended = envfiles.prepend_path([], ["/a", "/b"])
    prepended = envfiles.prepend_path(prepended, ["/c", "/a"])
    assert prepended == ["/b", "/c", "/a"]
    assert envfiles.path_value(prepended, "/usr/bin:/bin") == "/a:/c:/b:/usr/bin:/bin"
    assert envfiles.path_value([], "/usr/bin") == "/usr/bin"
    assert envfiles.path_value(["/x"], "") == "/x"


def test_real_shell_writes_heredoc(tmp_path: Path) -> None:
    files = envfiles.create_step_files(tmp_path)
    script = (
        'echo "JSON<<EOF" >> "$GITHUB_OUTPUT"; printf "{\\n  1\\n}\\n" >> "$GITHUB_OUTPUT";'
        ' echo EOF >> "$GITHUB_OUTPUT"'
    )
    subprocess.run(["bash", "-c", script], env=files.env(), check=True)
    assert envfiles.parse_env_file(files.output_file) == {"JSON": "{\n  1\n}"}
