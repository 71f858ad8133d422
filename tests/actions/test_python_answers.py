"""An interpreter's probe answer is kept across processes, and asked again once the
executable (or the pyvenv.cfg naming its base install) changed."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from pitstop.actions import python_answers, pythons

SCRIPT = """#!/bin/sh
echo asked >> "{log}"
printf '%s' "{answer}"
"""


@pytest.fixture
def fresh_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """What a new `pitstop` process remembers: only pitstop's cache folder."""
    monkeypatch.setenv(pythons.CACHE_VARIABLE, str(tmp_path / "cache"))
    pythons._ask_cached.cache_clear()
    python_answers.in_folder.cache_clear()
    yield
    pythons._ask_cached.cache_clear()
    python_answers.in_folder.cache_clear()


def interpreter(folder: Path, answer: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    python = folder / "python3"
    python.write_text(SCRIPT.format(log=folder / "asked.log", answer=answer))
    python.chmod(0o755)
    return python


def discover(folder: Path) -> list[str]:
    pythons._ask_cached.cache_clear()  # a new process
    python_answers.in_folder.cache_clear()
    env = {"PATH": str(folder), "HOME": str(folder / "home")}
    return [found.version_text for found in pythons.discover(env)]


def asked(folder: Path) -> int:
    log = folder / "asked.log"
    return len(log.read_text().splitlines()) if log.exists() else 0


def test_an_answer_is_kept_until_the_executable_changes(
    tmp_path: Path, fresh_process: None
) -> None:
    bin_dir = tmp_path / "bin"
    python = interpreter(bin_dir, "3 12 1 final /opt/python")
    assert discover(bin_dir) == ["3.12.1"] and asked(bin_dir) == 1
    assert discover(bin_dir) == ["3.12.1"] and asked(bin_dir) == 1  # from the cache folder

    interpreter(bin_dir, "3 12 2 final /opt/python")  # upgraded in place
    os.utime(python, ns=(1, 1))
    assert discover(bin_dir) == ["3.12.2"] and asked(bin_dir) == 2
    assert discover(bin_dir) == ["3.12.2"] and asked(bin_dir) == 2


def test_a_venv_whose_base_install_changed_is_asked_again(
    tmp_path: Path, fresh_process: None
) -> None:
    venv = tmp_path / "venv"
    interpreter(venv / "bin", "3 13 0 final /opt/one")
    (venv / "pyvenv.cfg").write_text("home = /opt/one/bin\n")
    assert discover(venv / "bin") == ["3.13.0"] and asked(venv / "bin") == 1
    (venv / "pyvenv.cfg").write_text("home = /opt/two/bin\n")
    discover(venv / "bin")
    assert asked(venv / "bin") == 2


def test_a_broken_answers_file_is_ignored_and_replaced(tmp_path: Path, fresh_process: None) -> None:
    bin_dir = tmp_path / "bin"
    interpreter(bin_dir, "3 11 7 final /opt/python")
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / python_answers.FILE).write_text("{not json")
    assert discover(bin_dir) == ["3.11.7"]
    assert discover(bin_dir) == ["3.11.7"] and asked(bin_dir) == 1
