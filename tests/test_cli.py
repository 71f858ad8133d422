from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import pytest

from pitstop import cli
from pitstop.errors import PitstopError


def test_help_lists_the_commands() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "pitstop", "--help"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0
    assert "usage: pitstop" in done.stdout


def _install(monkeypatch: pytest.MonkeyPatch, exc: BaseException, tmp_path: Path) -> None:
    def handler(_args: object) -> int:
        raise exc

    monkeypatch.setattr(cli, "build_parser", lambda *_: _parser_with(handler))
    monkeypatch.setattr(cli, "log_dir", lambda: tmp_path)


def _parser_with(handler: object) -> object:
    import argparse

    parser = argparse.ArgumentParser()
    parser.set_defaults(handler=handler)
    return parser


def test_user_error_exits_1_without_traceback(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _install(monkeypatch, PitstopError("bad input", hint="fix it"), tmp_path)
    assert cli.main([]) == 1
    err = capsys.readouterr().err
    assert "error: bad input" in err and "hint: fix it" in err
    assert "Traceback" not in err


def test_internal_error_exits_3_and_writes_a_log(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _install(monkeypatch, RuntimeError("kaboom"), tmp_path)
    assert cli.main([]) == 3
    err = capsys.readouterr().err
    logs = list(tmp_path.glob("crash-*.log"))
    assert len(logs) == 1 and str(logs[0]) in err
    assert "RuntimeError: kaboom" in logs[0].read_text(encoding="utf-8")


def test_ctrl_c_exits_130(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _install(monkeypatch, KeyboardInterrupt(), tmp_path)
    assert cli.main([]) == 130
    assert "interrupted" in capsys.readouterr().err


def test_the_crash_log_is_private_and_holds_no_secret_value(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PITSTOP_SECRET_FROM_ENV", "env-value-42")
    monkeypatch.setattr(cli, "log_dir", lambda: tmp_path)
    parser = argparse.ArgumentParser()
    parser.set_defaults(handler=_raiser(RuntimeError("leaked s3cr3t-flag and env-value-42")))
    parser.add_argument("command")
    parser.add_argument("--secret", action="append")
    monkeypatch.setattr(cli, "build_parser", lambda *_: parser)
    words = ["run", "--secret", "TOKEN=s3cr3t-flag", "--secret=OTHER=0ther-value"]
    assert cli.main(words) == 3
    err = capsys.readouterr().err
    (log,) = tmp_path.glob("crash-*.log")
    text = log.read_text(encoding="utf-8")
    assert "RuntimeError: leaked *** and ***" in text and "TOKEN=***" in text
    for value in ("s3cr3t-flag", "0ther-value", "env-value-42"):
        assert value not in text and value not in err
    assert log.stat().st_mode & 0o777 == 0o600


def _raiser(exc: BaseException) -> object:
    def handler(_args: object) -> int:
        raise exc

    return handler
