"""`uv pip install --system` after setup-python installs into the job's Python, as on GitHub,
and never into an interpreter of this machine (issue #12: a run is a guest)."""

from __future__ import annotations

import contextlib
import io
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from pitstop import cli
from pitstop.actions import uv_system
from tests.runner.wheels import build_wheel

INTERPRETER = Path.home() / ".pyenv/versions/3.12.1"
SITE = INTERPRETER / "lib/python3.12/site-packages"

WORKFLOW = """\
on: push
jobs:
  system:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          persist-credentials: false
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
{setup_uv}      - run: uv pip install {flag}--no-index --find-links wheels {package}
        env:
          UV_SYSTEM_PYTHON: "{system_env}"
      - run: python -c "import {package}; print({package}.NAME)"
"""
SETUP_UV = "      - uses: astral-sh/setup-uv@v6\n"


def run(tmp_path: Path, package: str, *, flag: bool, setup_uv: bool) -> str:
    repo = tmp_path / "repo"
    (repo / ".github/workflows").mkdir(parents=True)
    text = WORKFLOW.format(
        setup_uv=SETUP_UV if setup_uv else "",
        flag="--system " if flag else "",
        package=package,
        system_env="" if flag else "1",
    )
    (repo / ".github/workflows/ci.yml").write_text(text)
    build_wheel(repo / "wheels", package)
    for args in (["init", "-q", "-b", "main"], ["add", "-A"],
                 ["-c", "user.name=t", "-c", "user.email=t@e", "commit", "-qm", "x"]):  # fmt: skip
        subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)
    run_dir = tmp_path / "run"
    argv = ["run", "-C", str(repo), "--run-dir", str(run_dir), "--json", str(tmp_path / "r.json")]
    with contextlib.redirect_stdout(io.StringIO()):
        cli.main(argv)
    job = json.loads((tmp_path / "r.json").read_text())["jobs"][0]
    log = "\n".join(p.read_text() for p in (run_dir / "logs").glob("*.log"))
    assert job["result"] == "success", log
    return log


@pytest.mark.skipif(not SITE.is_dir(), reason="needs pyenv's 3.12.1")
@pytest.mark.parametrize(
    ("package", "flag", "setup_uv"),
    [("sysalpha", True, False), ("sysbeta", False, True), ("sysgamma", True, True)],
)
def test_a_system_install_goes_to_the_jobs_python_not_yours(
    tmp_path: Path, package: str, flag: bool, setup_uv: bool
) -> None:
    before = {path.name for path in SITE.iterdir()}
    try:
        log = run(tmp_path, package, flag=flag, setup_uv=setup_uv)
        assert "into the job's Python" in log
        assert f"\n{package}\n" in log  # the job's python imports it, as on GitHub
        assert {path.name for path in SITE.iterdir()} == before  # your interpreter: unchanged
    finally:  # should the guard ever fail, undo what it let through
        for name in {path.name for path in SITE.iterdir()} - before:
            shutil.rmtree(SITE / name, ignore_errors=True)


def test_a_wrapper_of_a_wrapper_still_runs_the_real_uv(tmp_path: Path) -> None:
    real = tmp_path / "real-uv"
    real.write_text('#!/bin/sh\necho real "$@"\n')
    real.chmod(0o755)
    first = uv_system.write(tmp_path / "one", real)
    second = uv_system.write(tmp_path / "two", first)  # a second setup step found `first`
    again = uv_system.write(tmp_path / "one", first)  # ... or its own folder's wrapper
    assert uv_system.real_uv(second) == uv_system.real_uv(again) == real.resolve()
    done = subprocess.run([second, "--version"], capture_output=True, text=True, check=True)
    assert done.stdout == "real --version\n"
