"""mypy's cache kept by ci.yml between runs: restored on the next run, and never hiding an
error made since (mypy checks every cached result itself)."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from pitstop.detect.project import detect
from pitstop.generate import _yaml, ci
from pitstop.generate._steps import checkout, mypy_cache
from tests.conftest import PIP_PROJECT, Files, git, pitstop_process

pytestmark = pytest.mark.slow

GOOD = "def limit() -> int:\n    return 3\n"
BROKEN = 'def limit() -> int:\n    return "three"\n'
PRE_COMMIT = "repos:\n  - repo: local\n    hooks:\n      - id: mypy\n        entry: mypy .\n"


def rendered_jobs(root: Path) -> dict[str, Any]:
    jobs: dict[str, Any] = YAML(typ="safe").load(ci.render(detect(root)))["jobs"]
    return jobs


def test_the_quality_and_pre_commit_jobs_keep_mypys_cache_each_under_its_own_key(
    project: Callable[[Files], Path],
) -> None:
    files = {**PIP_PROJECT, ".pre-commit-config.yaml": PRE_COMMIT}
    files["pyproject.toml"] += "\n[tool.mypy]\nstrict = true\n"
    jobs = rendered_jobs(project(files))
    caches = {
        job: [s for s in jobs[job]["steps"] if s.get("name") == "Cache mypy's results"]
        for job in ("quality", "pre-commit")
    }
    keys = {job: steps[0]["with"]["key"] for job, steps in caches.items() if len(steps) == 1}
    assert set(keys) == {"quality", "pre-commit"}
    assert keys["quality"] != keys["pre-commit"]  # two jobs never race to save one key
    assert all("hashFiles(" in key and "pyproject.toml" in key for key in keys.values())


def test_no_mypy_no_cache(project: Callable[[Files], Path]) -> None:
    jobs = rendered_jobs(project(PIP_PROJECT))
    steps = [s for job in jobs.values() for s in job.get("steps", [])]
    assert not any(s.get("name") == "Cache mypy's results" for s in steps)


def bin_dir(tmp_path: Path) -> Path:
    """mypy from this test's interpreter."""
    folder = tmp_path / "bin"
    folder.mkdir(exist_ok=True)
    (folder / "mypy").write_text(f'#!/bin/sh\nexec {sys.executable} -m mypy "$@"\n')
    (folder / "mypy").chmod(0o755)
    return folder


def run(root: Path, tmp_path: Path, name: str) -> tuple[dict[str, Any], str]:
    env = {k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV"}
    env["PATH"] = f"{bin_dir(tmp_path)}{os.pathsep}/usr/local/bin:/usr/bin:/bin"
    result = tmp_path / f"{name}.json"
    done = pitstop_process(
        "run", "-C", root, root / ".github/workflows/ci.yml", "--json", result,
        "--run-dir", tmp_path / name, env=env,
    )  # fmt: skip
    assert result.is_file(), done.out + done.err
    return json.loads(result.read_text()), done.out


def test_a_restored_cache_never_hides_an_error_made_since(
    project: Callable[[Files], Path], tmp_path: Path
) -> None:
    files = {**PIP_PROJECT, "polls/limits.py": GOOD}
    files["pyproject.toml"] += (
        '\n[tool.mypy]\nstrict = true\nexclude = ["mysite", "polls/tests.py"]\n'
    )
    root = project(files)
    job = {
        "runs-on": "ubuntu-latest",
        "steps": [
            checkout(),
            mypy_cache(detect(root), "3.13", "quality"),
            {"name": "mypy", "run": "mypy polls/limits.py"},
        ],
    }
    document = {"name": "ci", "on": {"push": {}}, "permissions": {}, "jobs": {"quality": job}}
    (root / ".github/workflows").mkdir(parents=True)
    (root / ".github/workflows/ci.yml").write_text(_yaml.dump(document))
    git(root, "add", "-A")
    git(root, "commit", "-qm", "ci")

    first, first_log = run(root, tmp_path, "first")
    assert first["conclusion"] == "success", first_log
    assert "Cache saved with key: mypy-quality-" in first_log
    second, second_log = run(root, tmp_path, "second")
    assert second["conclusion"] == "success", second_log
    assert "Cache restored from key: mypy-quality-" in second_log

    (root / "polls/limits.py").write_text(BROKEN)
    git(root, "commit", "-qam", "a type error")
    third, third_log = run(root, tmp_path, "third")
    assert "Cache restored from key: mypy-quality-" in third_log
    assert third["conclusion"] == "failure"
    assert 'Incompatible return value type (got "str", expected "int")' in third_log
