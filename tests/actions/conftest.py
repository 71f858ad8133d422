"""A real ActionCall for the stand-ins: temp workspace and stores, real subprocesses."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

from pitstop.actions.base import ActionCall, Stores
from pitstop.workflow.model import Position

MakeCall = Callable[..., ActionCall]


def real_run_command(log: list[str]) -> Callable[..., int]:
    def run_command(
        argv: list[str], env: Mapping[str, str] | None = None, cwd: Path | None = None
    ) -> int:
        done = subprocess.run(
            argv,
            env=dict(env) if env is not None else None,
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            check=False,
        )
        log.extend((done.stdout + done.stderr).splitlines())
        return done.returncode

    return run_command


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    ws = tmp_path / "workspace"
    ws.mkdir()
    return ws


@pytest.fixture
def stores(tmp_path: Path) -> Stores:
    return Stores(tmp_path / "cache", tmp_path / "artifacts", tmp_path / "tool-cache")


@pytest.fixture
def step_log() -> list[str]:
    return []


@pytest.fixture
def make_call(workspace: Path, stores: Stores, tmp_path: Path, step_log: list[str]) -> MakeCall:
    workflow = tmp_path / "ci.yml"
    workflow.write_text("jobs:\n  test:\n    steps:\n      - uses: some/action@v1\n")
    temp = tmp_path / "runner-temp"
    temp.mkdir()

    def make(
        uses: str,
        inputs: Mapping[str, str] | None = None,
        env: Mapping[str, str] | None = None,
        contexts: Mapping[str, object] | None = None,
        cwd: Path | None = None,
    ) -> ActionCall:
        base_env = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/root")}
        base_env |= {"RUNNER_TEMP": str(temp), "GITHUB_WORKSPACE": str(cwd or workspace)}
        return ActionCall(
            uses=uses,
            inputs=dict(inputs or {}),
            workspace=cwd or workspace,
            env=base_env | dict(env or {}),
            contexts=dict(contexts or {}),
            stores=stores,
            position=Position(str(workflow), 4, 9),
            log=step_log.append,
            run_command=real_run_command(step_log),
        )

    return make
