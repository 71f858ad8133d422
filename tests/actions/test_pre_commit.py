from __future__ import annotations

import json
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


REMOTE = """\
  - repo: https://127.0.0.1:9/nobody/unreachable-hooks
    rev: v1.0.0
    hooks:
      - id: far-away
      - id: also-far
"""


@pytest.fixture
def with_remote(repo: Path) -> Path:
    (repo / ".pre-commit-config.yaml").write_text(CONFIG.replace("repos:\n", "repos:\n" + REMOTE))
    subprocess.run(["git", "-C", str(repo), "add", "."], check=True)
    return repo


def test_offline_an_uncached_remote_hook_is_not_verified(
    make_call: MakeCall,
    with_remote: Path,
    tmp_path: Path,
    step_log: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PITSTOP_NETWORK", "offline")
    result = pre_commit.run(make_call("pre-commit/action@v3.0.1", env=env_with_venv(tmp_path)))
    assert (result.conclusion, result.verified) == ("success", False)
    assert result.notes == [
        "not verified (offline): pre-commit hooks not in the cache: far-away, also-far"
    ]
    assert any(line.startswith("no TODO") and "Passed" in line for line in step_log)


def test_offline_a_failing_local_hook_is_still_red(
    make_call: MakeCall, with_remote: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PITSTOP_NETWORK", "offline")
    (with_remote / "b.txt").write_text("TODO: later\n")
    subprocess.run(["git", "-C", str(with_remote), "add", "b.txt"], check=True)
    result = pre_commit.run(make_call("pre-commit/action@v3.0.1", env=env_with_venv(tmp_path)))
    assert result.conclusion == "failure"


def test_online_a_remote_hook_that_cannot_be_fetched_fails(
    make_call: MakeCall, with_remote: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PITSTOP_NETWORK", "online")
    result = pre_commit.run(make_call("pre-commit/action@v3.0.1", env=env_with_venv(tmp_path)))
    assert (result.conclusion, result.verified, result.notes) == ("failure", True, [])


WORKFLOW = """\
on: push
jobs:
  hooks:
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@v4
      - uses: pre-commit/action@v3.0.1
"""


def test_through_the_runner_the_step_is_not_verified(with_remote: Path, tmp_path: Path) -> None:
    (with_remote / ".github/workflows").mkdir(parents=True)
    (with_remote / ".github/workflows/hooks.yml").write_text(WORKFLOW)
    git = ["git", "-C", str(with_remote), "-c", "user.name=t", "-c", "user.email=t@example.com"]
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-qm", "hooks"], check=True)
    env = {k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV"}
    env |= env_with_venv(tmp_path) | {"PITSTOP_NETWORK": "offline"}
    result = tmp_path / "result.json"
    done = subprocess.run(
        [sys.executable, "-m", "pitstop", "run", "-C", str(with_remote),
         str(with_remote / ".github/workflows/hooks.yml"), "--json", str(result),
         "--run-dir", str(tmp_path / "run")],
        env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 1, done.stdout + done.stderr  # unverified is not green
    run = json.loads(result.read_text())
    (job,) = run["jobs"]
    assert (run["conclusion"], job["unverified"]) == (
        "unverified",
        ["Run pre-commit/action@v3.0.1"],
    )
