"""Which run scripts are pinned pip installs into a job's own venv, and what they read."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pitstop.runner import installs


@pytest.fixture
def job(tmp_path: Path) -> tuple[Path, Path, dict[str, str]]:
    """(workspace, temp, env): a job venv's bin first on PATH, and a hashed lock chain."""
    workspace, temp = tmp_path / "workspace", tmp_path / "temp"
    venv = temp / "python-3.12-abc"
    (venv / "bin").mkdir(parents=True)
    (venv / "pyvenv.cfg").write_text("home = /usr/bin\n")
    for name in ("python", "pip"):
        (venv / "bin" / name).write_text("#!/bin/sh\n")
        (venv / "bin" / name).chmod(0o755)
    (workspace / "requirements").mkdir(parents=True)
    (workspace / "requirements/base.lock").write_text("django==5.2 \\\n    --hash=sha256:aa\n")
    (workspace / "requirements/dev.lock").write_text(
        "-r base.lock\n# a comment @ here\npytest==8.0 \\\n    --hash=sha256:bb\n"
    )
    env = {"PATH": f"{venv / 'bin'}{os.pathsep}/usr/bin", "PIP_CACHE_DIR": "/c", "PIP_X": "1"}
    return workspace, temp, env


def recognise(script: str, job: tuple[Path, Path, dict[str, str]]) -> installs.Install | None:
    workspace, temp, env = job
    return installs.recognise(script, workspace, env, workspace, temp)


def test_a_hash_pinned_install_is_recognised_with_its_includes(
    job: tuple[Path, Path, dict[str, str]],
) -> None:
    found = recognise("python -m pip install --require-hashes -r requirements/dev.lock", job)
    assert found is not None
    assert found.venv == job[1] / "python-3.12-abc"
    assert [name for name, _ in found.files] == ["requirements/base.lock", "requirements/dev.lock"]
    assert found.env == (("PIP_X", "1"),)  # the cache folder cannot change the result
    assert found.cwd == "."
    # hashes in the files turn on pip's hash-checking mode without the flag
    assert recognise("pip install -r requirements/dev.lock", job) is not None


@pytest.mark.parametrize(
    "script",
    [
        'python -m pip install "pip-audit==2.10.1"',  # its dependencies are not pinned
        "pip install -e .",
        "pip install --require-hashes -r requirements/dev.lock && echo done",
        "pip install --require-hashes -r $LOCK",
        "pip install --upgrade --require-hashes -r requirements/dev.lock",
        "pip install --require-hashes -r requirements/missing.lock",
        "pip freeze",
        "uv sync --locked",
    ],
)
def test_anything_else_is_run_without_reuse(
    script: str, job: tuple[Path, Path, dict[str, str]]
) -> None:
    assert recognise(script, job) is None


def test_unhashed_requirements_or_a_local_path_are_not_reused(
    job: tuple[Path, Path, dict[str, str]],
) -> None:
    workspace = job[0]
    (workspace / "plain.txt").write_text("django>=5\n")
    assert recognise("pip install -r plain.txt", job) is None
    (workspace / "local.txt").write_text("-e ./lib\n")
    assert recognise("pip install --require-hashes -r local.txt", job) is None


def test_only_a_venv_pitstop_made_for_the_job_is_touched(
    job: tuple[Path, Path, dict[str, str]], tmp_path: Path
) -> None:
    workspace, _, env = job
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    assert (
        installs.recognise(
            "pip install -r requirements/dev.lock", workspace, env, workspace, elsewhere
        )
        is None
    )
    no_venv = {"PATH": "/usr/bin"}
    assert (
        installs.recognise(
            "pip install -r requirements/dev.lock", workspace, no_venv, workspace, job[1]
        )
        is None
    )
