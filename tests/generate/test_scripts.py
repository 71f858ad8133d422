"""The generated `run:` scripts, executed for real with bash."""

from __future__ import annotations

import json
import os
import subprocess
import tarfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from tests.conftest import POETRY_PROJECT, Files, git, pitstop


def workflow(root: Path, name: str = "ci.yml") -> Any:
    return YAML(typ="safe").load((root / ".github/workflows" / name).read_text())


def step(job: dict[str, Any], name: str) -> dict[str, Any]:
    return next(s for s in job["steps"] if s.get("name") == name)


def bash(script: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", "-eo", "pipefail", "-c", script],
        cwd=cwd,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize(
    ("results", "code"),
    [
        ({"test": "success", "build": "success"}, 0),
        ({"test": "failure", "build": "skipped"}, 1),
        ({"test": "success", "build": "cancelled"}, 1),
    ],
)
def test_ci_success_gate(
    project: Callable[[Files], Path], results: dict[str, str], code: int
) -> None:
    root = project(POETRY_PROJECT)
    pitstop("init", "--no-preflight", root).assert_success()
    gate = workflow(root)["jobs"]["ci-success"]
    assert gate["if"] == "${{ always() }}"
    needs = {job: {"result": result, "outputs": {}} for job, result in results.items()}
    done = bash(gate["steps"][0]["run"], root, {"NEEDS": json.dumps(needs)})
    assert done.returncode == code, done.stdout + done.stderr


def test_shards_split_the_test_files_exactly(project: Callable[[Files], Path]) -> None:
    files = {**POETRY_PROJECT, "pyproject.toml": POETRY_PROJECT["pyproject.toml"]}
    files["pyproject.toml"] += "\n[tool.pitstop]\ntest-shards = 3\n"
    for index in range(7):
        files[f"articles/tests/test_{index}.py"] = ""
    root = project(files)
    pitstop("init", "--no-preflight", root).assert_success()
    script = step(workflow(root)["jobs"]["test"], "Run the tests with coverage")["run"]
    shard_part = script.split("python -m pytest")[0] + 'printf "%s\\n" "${selected[@]}"\n'
    seen: list[str] = []
    for index in (1, 2, 3):
        done = bash(shard_part, root, {"SHARD_INDEX": str(index), "SHARD_TOTAL": "3"})
        assert done.returncode == 0, done.stderr
        chosen = done.stdout.splitlines()[1:]
        assert chosen, done.stdout
        seen += chosen
    tracked = git(root, "ls-files", "--", "*/test_*.py").split()
    assert sorted(seen) == sorted(tracked)


def test_release_archive_and_manifest(project: Callable[[Files], Path]) -> None:
    root = project(POETRY_PROJECT)
    pitstop("init", "--no-preflight", root).assert_success()
    (root / "staticfiles").mkdir()
    (root / "staticfiles/app.123.css").write_text("body{}")
    (root / "blog/static/css").mkdir(parents=True)
    (root / "blog/static/css/app.css").write_text("body{}")
    release = step(workflow(root)["jobs"]["build"], "Assemble the release archive and its manifest")
    sha = git(root, "rev-parse", "HEAD").strip()
    done = bash(release["run"], root, {**release["env"], "GITHUB_SHA": sha})
    assert done.returncode == 0, done.stderr
    with tarfile.open(root / "dist/blog.tar.gz") as tar:
        names = set(tar.getnames())
        member = tar.extractfile("./MANIFEST.json")
        assert member is not None
        manifest = json.loads(member.read())
    assert manifest["git_sha"] == sha
    assert {
        "manage.py",
        "poetry.lock",
        "staticfiles/app.123.css",
        "blog/static/css/app.css",
    } <= set(manifest["files"])
    assert "./blog/static/css/app.css" in names


def test_release_fails_loudly_when_a_part_is_missing(project: Callable[[Files], Path]) -> None:
    root = project(POETRY_PROJECT)
    pitstop("init", "--no-preflight", root).assert_success()
    release = step(workflow(root)["jobs"]["build"], "Assemble the release archive and its manifest")
    done = bash(release["run"], root, {**release["env"], "GITHUB_SHA": "0" * 40})
    assert done.returncode != 0
    assert "missing from the release: staticfiles" in done.stderr + done.stdout


@pytest.mark.parametrize(("content", "code"), [("body{}", 0), ("", 1), (None, 1)])
def test_frontend_output_check(
    project: Callable[[Files], Path], content: str | None, code: int
) -> None:
    root = project(POETRY_PROJECT)
    pitstop("init", "--no-preflight", root).assert_success()
    check = step(
        workflow(root)["jobs"]["frontend"], "Check that the build output exists and is not empty"
    )
    if content is not None:
        (root / "blog/static/css").mkdir(parents=True)
        (root / "blog/static/css/app.css").write_text(content)
    assert bash(check["run"], root, check["env"]).returncode == code
