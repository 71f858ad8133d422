from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from pitstop.errors import PitstopError
from pitstop.generate.config import load
from tests.conftest import PIP_PROJECT, POETRY_PROJECT, UV_PROJECT, Files, pitstop


def with_settings(files: Files, extra: str) -> Files:
    return {**files, "pyproject.toml": files["pyproject.toml"] + "\n[tool.pitstop]\n" + extra}


def ci(root: Path) -> Any:
    return YAML(typ="safe").load((root / ".github/workflows/ci.yml").read_text())


def test_user_values_win_over_detection(project: Callable[[Files], Path]) -> None:
    extra = (
        'python = ["3.13"]\npostgres = "17"\ncoverage-floor = 95\napps = ["polls", "mysite"]\n'
        'linters = ["black", "ruff"]\nsettings = "mysite.test"\n'
        'production-settings = "mysite.prod"\n'
        'static-root = "public"\ndefault-branch = "trunk"\ntest-runner = "django"\n'
        '[tool.pitstop.production-env]\nALLOWED_HOSTS = "example.com"\n'
        '[tool.pitstop.deploy]\ncommand = "bin/ship ARTIFACT --to ENVIRONMENT"\n'
    )
    root = project(with_settings(PIP_PROJECT, extra))
    found = load(root)
    assert found.python.versions == ("3.13",)
    assert found.database.version == "17"
    assert found.tests.coverage_floor == 95
    assert found.tests.runner == "django"
    assert [item.name for item in found.linters] == ["black", "ruff"]
    assert found.default_branch == "trunk"
    init = pitstop("init", "--no-preflight", root)
    init.assert_success()
    assert "deploy    bin/ship ARTIFACT --to ENVIRONMENT (your command" in init.out
    workflow = ci(root)
    assert workflow["on"]["pull_request"]["branches"] == ["trunk"]
    assert workflow["jobs"]["test"]["services"]["postgres"]["image"] == "postgres:17"
    assert workflow["jobs"]["django-checks"]["env"]["ALLOWED_HOSTS"] == "example.com"
    assert workflow["jobs"]["django-checks"]["env"]["DJANGO_SETTINGS_MODULE"] == "mysite.prod"
    deploy = (root / ".github/workflows/deploy.yml").read_text()
    assert 'run: bin/ship "$ARTIFACT" --to "$DEPLOY_ENVIRONMENT"' in deploy
    assert not (root / "scripts/deploy.sh").exists()


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ('coverage-floor = "high"\n', "coverage-floor must be a int"),
        ("test-shards = true\n", "test-shards must be a int"),
        ("colour = 1\n", "has no key 'colour'"),
        ('linters = ["pylint"]\n', "unknown linter 'pylint'"),
        ('test-runner = "nose"\n', "test-runner must be one of"),
        ("[tool.pitstop.deploy]\ncommand = 3\n", "must be a string naming ARTIFACT"),
        ('[tool.pitstop.deploy]\nserver = "apache"\n', "server must be one of gunicorn"),
        ('[tool.pitstop.deploy]\nhealth-path = "healthz"\n', "health-path must be a path"),
        ('[tool.pitstop.deploy]\nhealth = "/healthz"\n', "deploy] has no key 'health'"),
        ("[tool.pitstop.production-env]\nX = 1\n", "must map names to strings"),
    ],
)
def test_bad_values_are_located_errors(
    project: Callable[[Files], Path], extra: str, message: str
) -> None:
    root = project(with_settings(PIP_PROJECT, extra))
    with pytest.raises(PitstopError, match=message):
        load(root)


def test_error_points_at_the_key(project: Callable[[Files], Path]) -> None:
    root = project(with_settings(PIP_PROJECT, 'coverage-floor = "high"\n'))
    done = pitstop("init", "--no-preflight", root)
    assert done.code == 1
    assert 'coverage-floor = "high"' in done.err
    assert "pyproject.toml:" in done.err


def test_linter_override_without_detection(project: Callable[[Files], Path]) -> None:
    root = project(with_settings(UV_PROJECT, 'linters = ["ruff", "black"]\nnode = "22"\n'))
    found = load(root)
    assert [(item.name, item.version) for item in found.linters] == [
        ("ruff", "0.11.9"),
        ("black", None),
    ]
    assert found.frontend is None


def test_frontend_overrides(project: Callable[[Files], Path]) -> None:
    root = project(with_settings(POETRY_PROJECT, 'node = "24"\nfrontend-output = "dist"\n'))
    found = load(root)
    assert found.frontend is not None
    assert (found.frontend.node_version, found.frontend.output) == ("24", "dist")


@pytest.mark.parametrize(("files", "runner"), [(PIP_PROJECT, "pytest"), (UV_PROJECT, "django")])
def test_test_shards_split_the_tests_and_combine_coverage(
    project: Callable[[Files], Path], files: Files, runner: str
) -> None:
    root = project(with_settings(files, "test-shards = 3\n"))
    pitstop("init", "--no-preflight", root).assert_success()
    workflow = ci(root)
    test = workflow["jobs"]["test"]
    assert test["strategy"]["matrix"]["shard"] == [1, 2, 3]
    assert test["env"]["SHARD_TOTAL"] == "3"
    script = "\n".join(step.get("run", "") for step in test["steps"])
    assert "SHARD_INDEX" in script
    # no floor on a shard's part of the tests (a config's fail_under turned off too)
    assert "fail-under" not in script.replace("--cov-fail-under=0", "")
    coverage = workflow["jobs"]["coverage"]
    assert coverage["needs"] == ["test"]
    combine = "\n".join(step.get("run", "") for step in coverage["steps"])
    assert "coverage combine reports" in combine
    assert "--fail-under=" in combine.replace("--fail-under=0", "")
    assert "coverage" in workflow["jobs"]["ci-success"]["needs"]
    assert pitstop("check", root).code == 0


def test_no_pyproject_gets_one(project: Callable[[Files], Path]) -> None:
    files = {k: v for k, v in PIP_PROJECT.items() if k != "pyproject.toml"}
    root = project(files)
    pitstop("init", "--no-preflight", root).assert_success()
    assert "[tool.pitstop]" in (root / "pyproject.toml").read_text()
