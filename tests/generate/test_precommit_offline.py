"""The generated pre-commit job, run for real by `pitstop run` offline: a remote hook that is
not in pre-commit's cache is "not verified (offline)", never red; a local hook that fails still
turns the job red."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from pitstop.detect.project import detect
from pitstop.generate import _yaml, ci
from pitstop.generate._steps import checkout
from tests.conftest import PIP_PROJECT, Files, git, pitstop_process

pytestmark = pytest.mark.slow

CONFIG = r"""repos:
  - repo: https://127.0.0.1:9/nobody/unreachable-hooks
    rev: v1.0.0
    hooks:
      - id: far-away
  - repo: local
    hooks:
      - id: no-todo
        name: no TODO
        entry: "TODO"
        language: pygrep
        types: [text]
        exclude: ^\.(pre-commit-config\.yaml|github/.*)$
"""


def bin_dir(tmp_path: Path) -> Path:
    """pre-commit and a python that has PyYAML: this test's interpreter."""
    folder = tmp_path / "bin"
    folder.mkdir()
    for name, command in (("python", ""), ("pre-commit", " -m pre_commit")):
        (folder / name).write_text(f'#!/bin/sh\nexec {sys.executable}{command} "$@"\n')
        (folder / name).chmod(0o755)
    return folder


def workflow(root: Path) -> str:
    """ci.yml's pre-commit job, from the hook install on (the tools come from PATH here)."""
    job = ci.precommit_job(detect(root))
    steps: list[Any] = job["steps"]  # type: ignore[assignment]
    first = next(i for i, s in enumerate(steps) if s.get("id") == "pre-commit-hooks")
    job["steps"] = [checkout(), *steps[first:]]
    del job["env"]
    document = {"name": "ci", "on": {"push": {}}, "permissions": {}, "jobs": {"pre-commit": job}}
    return _yaml.dump(document)


def run(root: Path, tmp_path: Path) -> tuple[int, dict[str, Any]]:
    env = {k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV"}
    env |= {
        "PATH": f"{bin_dir(tmp_path)}{os.pathsep}/usr/local/bin:/usr/bin:/bin",
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "PITSTOP_NETWORK": "offline",
    }
    result = tmp_path / "result.json"
    done = pitstop_process(
        "run", "-C", root, root / ".github/workflows/ci.yml", "--json", result,
        "--run-dir", tmp_path / "run", env=env,
    )  # fmt: skip
    assert result.is_file(), done.out + done.err
    return done.code, json.loads(result.read_text())


def job_steps(result: dict[str, Any]) -> dict[str, dict[str, Any]]:
    (job,) = result["jobs"]
    return {step["name"]: step for step in job["steps"]}


@pytest.fixture
def repo(project: Callable[[Files], Path]) -> Path:
    root = project({**PIP_PROJECT, ".pre-commit-config.yaml": CONFIG, "a.txt": "fine\n"})
    (root / ".github/workflows").mkdir(parents=True)
    (root / ".github/workflows/ci.yml").write_text(workflow(root))
    git(root, "add", "-A")
    git(root, "commit", "-qm", "ci")
    return root


def test_uncached_remote_hook_is_not_verified_offline(repo: Path, tmp_path: Path) -> None:
    code, result = run(repo, tmp_path)
    steps = job_steps(result)
    install = steps["[network] Install the pre-commit hook environments"]
    assert install["verified"] is False
    hooks = steps["Run every pre-commit hook (the installed ones when offline)"]
    assert hooks["conclusion"] == "success", result
    assert result["conclusion"] == "unverified"
    assert code == 1  # unverified is not green without --allow-unverified
    warnings = json.dumps(result)
    assert "not in the cache: far-away" in warnings


def test_a_failing_local_hook_is_still_red_offline(repo: Path, tmp_path: Path) -> None:
    (repo / "b.txt").write_text("TODO: later\n")
    git(repo, "add", "b.txt")
    git(repo, "commit", "-qm", "todo")
    code, result = run(repo, tmp_path)
    hooks = job_steps(result)["Run every pre-commit hook (the installed ones when offline)"]
    assert hooks["conclusion"] == "failure"
    assert result["conclusion"] == "failure"
    assert code == 1
