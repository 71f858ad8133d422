from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from pitstop.actions import pre_commit, tools
from pitstop.actions.base import ActionCall
from pitstop.errors import PitstopError

MakeCall = Callable[..., ActionCall]

CONFIG = r"""
repos:
  - repo: local
    hooks:
      - id: no-todo
        name: no TODO
        entry: "TODO"
        language: pygrep
        types: [text]
        exclude: ^\.pre-commit-config\.yaml$
"""


@pytest.fixture
def repo(workspace: Path) -> Path:
    subprocess.run(["git", "init", "-q", str(workspace)], check=True)
    (workspace / ".pre-commit-config.yaml").write_text(CONFIG)
    (workspace / "a.txt").write_text("fine\n")
    subprocess.run(["git", "-C", str(workspace), "add", "."], check=True)
    return workspace


def env_with_venv(tmp_path: Path) -> dict[str, str]:
    """The step's PATH: this venv's bin (pre-commit is a dev dependency) first."""
    return {
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
    }


def test_passing_and_failing_hooks(
    make_call: MakeCall, repo: Path, tmp_path: Path, step_log: list[str]
) -> None:
    env = env_with_venv(tmp_path)
    assert pre_commit.run(make_call("pre-commit/action@v3.0.1", env=env)).conclusion == "success"
    (repo / "b.txt").write_text("TODO: later\n")
    subprocess.run(["git", "-C", str(repo), "add", "b.txt"], check=True)
    result = pre_commit.run(make_call("pre-commit/action@v3.0.1", env=env))
    assert result.conclusion == "failure"
    assert any("b.txt" in line for line in step_log)
    only_a = pre_commit.run(
        make_call("pre-commit/action@v3.0.1", {"extra_args": "--files a.txt"}, env=env)
    )
    assert only_a.conclusion == "success"


def test_python_module_fallback(make_call: MakeCall, repo: Path, tmp_path: Path) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "python").write_text(f'#!/bin/sh\nexec {sys.executable} "$@"\n')
    (bin_dir / "python").chmod(0o755)
    env = {"PATH": f"{bin_dir}{os.pathsep}/usr/bin", "PRE_COMMIT_HOME": str(tmp_path / "h")}
    call = make_call("pre-commit/action@v3", env=env)
    if tools.find("pre-commit", call.env):
        pytest.skip("a pre-commit is on /usr/bin")
    assert pre_commit.command(call)[1:] == ["-m", "pre_commit"]


def test_missing_pre_commit(make_call: MakeCall, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(PitstopError, match="pre-commit is not installed"):
        pre_commit.run(make_call("pre-commit/action@v3", env={"PATH": str(empty)}))


def test_unknown_input(make_call: MakeCall) -> None:
    with pytest.raises(PitstopError, match="unsupported input 'args'"):
        pre_commit.run(make_call("pre-commit/action@v3", {"args": "--all-files"}))
