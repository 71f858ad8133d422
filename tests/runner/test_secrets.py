from __future__ import annotations

from pathlib import Path

import pytest

from pitstop.errors import PitstopError
from pitstop.runner import secrets


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A=1\nB=2\n", {"A": "1", "B": "2"}),
        ("# comment\n\n  A = spaced value  \n", {"A": "spaced value"}),
        ("export TOKEN=abc\n", {"TOKEN": "abc"}),
        ("A=x # trailing comment\nB=x#not-comment\n", {"A": "x", "B": "x#not-comment"}),
        ("A='lit\\n $x'\n", {"A": "lit\\n $x"}),
        # python-dotenv's escapes in double quotes: \\ \' \" \a \b \f \n \r \t \v
        ('A="a\\nb\\t\\"q\\" \\\\ \\$ \\z"\n', {"A": 'a\nb\t"q" \\ \\$ \\z'}),
        (
            'KEY="-----BEGIN-----\nAAA\n-----END-----"\nNEXT=1',
            {"KEY": "-----BEGIN-----\nAAA\n-----END-----", "NEXT": "1"},
        ),
        ("A='multi\nline' # c\n", {"A": "multi\nline"}),
        ("A=\nB=''\n", {"A": "", "B": ""}),
        ("A=1\r\nB=2\r\n", {"A": "1", "B": "2"}),
        ("A=1\nA=2\n", {"A": "2"}),
        ("A=a=b\n", {"A": "a=b"}),
    ],
)
def test_parse_dotenv_text(text: str, expected: dict[str, str]) -> None:
    assert secrets.parse_dotenv_text(text) == expected


@pytest.mark.parametrize(
    ("text", "line", "quoted", "message"),
    [
        ("OK=1\nTOKEN hunter2\n", 2, "TOKEN ***", "cannot read this line as NAME=VALUE"),
        ("OK=1\n\n\n  TOKEN\n", 4, "TOKEN", "expected NAME=VALUE"),
        ("1BAD=hunter2\n", 1, "1BAD=***", "invalid name '1BAD'"),
        ("=hunter2\n", 1, "=***", "cannot read this line"),
        ('PW="hunter2\n', 1, "PW=***", "cannot read this line"),
        ("PW='hunter2' junk\n", 1, "PW=***", "cannot read this line"),
        ('A=1\r\n\r\nPW="line1\nhunter2" junk\n', 3, "PW=***", "cannot read this line"),
    ],
)
def test_dotenv_errors_locate_and_redact(text: str, line: int, quoted: str, message: str) -> None:
    with pytest.raises(PitstopError) as caught:
        secrets.parse_dotenv_text(text, "s.env")
    error = caught.value
    assert message in error.message
    assert error.location is not None
    assert (error.location.file, error.location.line) == ("s.env", line)
    assert error.location.source_line == quoted
    assert "hunter2" not in error.render()


def test_a_secret_is_taken_as_written_without_variable_expansion() -> None:
    """act's godotenv would expand `$HOME`; a secret on GitHub is stored as typed."""
    text = 'A=pa$$word\nB="${HOME}/x"\nC=$A\n'
    assert secrets.parse_dotenv_text(text) == {"A": "pa$$word", "B": "${HOME}/x", "C": "$A"}


def test_load_secrets_precedence(tmp_path: Path) -> None:
    first = tmp_path / "a.env"
    first.write_text("FROM_FILE=a\nBOTH=file-a\nALL=file\n")
    second = tmp_path / "b.env"
    second.write_text("BOTH=file-b\n")
    environ = {
        "PITSTOP_SECRET_ALL": "env",
        "PITSTOP_SECRET_ONLY_ENV": "e",
        "PITSTOP_SECRET_": "ignored",
        "HOME": "/root",
    }
    loaded = secrets.load_secrets(["ALL=flag", "FLAG=x=y"], [first, second], environ)
    assert loaded == {
        "ALL": "flag",
        "ONLY_ENV": "e",
        "FROM_FILE": "a",
        "BOTH": "file-b",
        "FLAG": "x=y",
    }


def test_missing_secret_file(tmp_path: Path) -> None:
    with pytest.raises(PitstopError, match="cannot read secret file"):
        secrets.parse_dotenv(tmp_path / "nope.env")


def test_secret_flag_errors_hide_value() -> None:
    with pytest.raises(PitstopError) as caught:
        secrets.load_secrets(["hunter2-no-equals"], [], {})
    assert "hunter2" not in caught.value.render()
    assert "--secret expects NAME=VALUE" in caught.value.message
    with pytest.raises(PitstopError) as caught:
        secrets.load_secrets(["BAD NAME=hunter2"], [], {})
    assert "hunter2" not in caught.value.render()
