"""Detectors one aspect at a time, on small directories."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pitstop.detect import dependencies, frontend, precommit, python
from pitstop.detect import tests as tests_detect
from pitstop.errors import PitstopError


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return root


@pytest.mark.parametrize(
    ("files", "versions", "source"),
    [
        ({}, ("3.11", "3.12", "3.13"), "default"),
        ({".python-version": "3.12.4\n"}, ("3.12",), ".python-version"),
        (
            {"pyproject.toml": '[project]\nrequires-python = ">=3.12,<3.13"\n'},
            ("3.12",),
            "requires-python",
        ),
        (
            {"pyproject.toml": '[project]\nrequires-python = "==3.11.*"\n'},
            ("3.11",),
            "requires-python",
        ),
        (
            {"pyproject.toml": '[project]\nrequires-python = "~=3.11"\n'},
            ("3.11", "3.12", "3.13"),
            "requires-python",
        ),
        (
            {"pyproject.toml": '[project]\nrequires-python = "!=3.12,<=3.13"\n'},
            ("3.11", "3.13"),
            "requires-python",
        ),
        (
            {"pyproject.toml": '[project]\nrequires-python = ">3.11"\n'},
            ("3.12", "3.13"),
            "requires-python",
        ),
    ],
)
def test_python_versions(
    tmp_path: Path, files: dict[str, str], versions: tuple[str, ...], source: str
) -> None:
    found = python.detect(write(tmp_path, files))
    assert (found.versions, found.source) == (versions, source)
    assert found.newest == versions[-1]


def test_requirements_locks_with_hashes(tmp_path: Path) -> None:
    lock = "django==5.2.1 \\\n    --hash=sha256:aa\n"
    write(tmp_path, {"requirements/base.lock": lock, "requirements/dev.lock": lock})
    found = dependencies.detect(tmp_path)
    assert found.lock_files == ("requirements/base.lock", "requirements/dev.lock")
    assert (found.dev_lock, found.prod_lock, found.hashed) == (
        "requirements/dev.lock",
        "requirements/base.lock",
        True,
    )


def test_pipfile_lock(tmp_path: Path) -> None:
    lock = {
        "default": {"django": {"version": "==5.2.1"}},
        "develop": {"black": {"version": "==25.1.0"}},
    }
    write(tmp_path, {"Pipfile.lock": json.dumps(lock)})
    found = dependencies.detect(tmp_path)
    assert found.manager == "pipenv"
    assert found.pinned("black") == "25.1.0"


def test_broken_uv_lock_has_no_pins(tmp_path: Path) -> None:
    write(tmp_path, {"uv.lock": "[[package]\n"})
    assert dependencies.detect(tmp_path).pins == {}


def test_broken_package_json_is_a_located_error(tmp_path: Path) -> None:
    write(tmp_path, {"package.json": '{"scripts": }'})
    with pytest.raises(PitstopError) as caught:
        frontend.detect(tmp_path)
    assert caught.value.location is not None


@pytest.mark.parametrize(
    ("package", "extra", "node", "output"),
    [
        (
            {"scripts": {"build:css": "tailwindcss --output=dist/app.css"}},
            {".nvmrc": "v18\n"},
            "18",
            "dist/app.css",
        ),
        ({"scripts": {"build": "vite build"}}, {}, "20", "dist"),  # Vite's default outDir
    ],
)
def test_frontend_variants(
    tmp_path: Path, package: dict[str, object], extra: dict[str, str], node: str, output: str
) -> None:
    write(tmp_path, {"package.json": json.dumps(package), **extra})
    found = frontend.detect(tmp_path)
    assert found is not None
    assert (found.node_version, found.output, found.lock) == (node, output, None)


def test_no_build_script_means_no_frontend(tmp_path: Path) -> None:
    write(tmp_path, {"package.json": '{"scripts": {"lint": "eslint ."}}'})
    assert frontend.detect(tmp_path) is None
    write(tmp_path, {"package.json": '{"scripts": []}'})
    assert frontend.detect(tmp_path) is None


def test_coverage_floor_from_setup_cfg(tmp_path: Path) -> None:
    write(
        tmp_path, {"setup.cfg": "[coverage:report]\nfail_under = 91.5\n", ".coveragerc": "[broken"}
    )
    deps = dependencies.detect(tmp_path)
    assert tests_detect.detect(tmp_path, deps).coverage_floor == 91


def test_precommit_local_hooks_need_no_network(tmp_path: Path) -> None:
    config = "repos:\n  - repo: local\n    hooks:\n      - id: mypy\n"
    found = precommit.detect(write(tmp_path, {".pre-commit-config.yaml": config}))
    assert found.config and not found.remote
