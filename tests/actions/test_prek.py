"""j178/prek-action's stand-in with the real prek (a dev dependency, from PyPI)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from pitstop.actions import prek
from pitstop.actions.base import ActionCall
from pitstop.errors import PitstopError

MakeCall = Callable[..., ActionCall]
USES = "j178/prek-action@v1"

CONFIG = r"""
repos:
  - repo: local
    hooks:
      - id: no-todo
        name: no TODO
        entry: "TODO"
        language: pygrep
        types: [text]
        exclude: ^(\.pre-commit-config\.yaml|prek\.toml)$
"""
TOML_CONFIG = r"""
[[repos]]
repo = "https://127.0.0.1:9/nobody/unreachable-hooks"
rev = "v1.0.0"
hooks = [{ id = "far-away" }]

[[repos]]
repo = "local"

[[repos.hooks]]
id = "no-todo"
name = "no TODO"
entry = "TODO"
language = "pygrep"
types = ["text"]
exclude = '^(\.pre-commit-config\.yaml|prek\.toml)$'
"""
REMOTE = """\
  - repo: https://127.0.0.1:9/nobody/unreachable-hooks
    rev: v1.0.0
    hooks:
      - id: far-away
      - id: also-far
"""


def git(repo: Path, *args: str) -> None:
    identity = ["-c", "user.name=t", "-c", "user.email=t@example.com"]
    subprocess.run(["git", "-C", str(repo), *identity, *args], check=True)


@pytest.fixture
def repo(workspace: Path) -> Path:
    subprocess.run(["git", "init", "-q", str(workspace)], check=True)
    (workspace / ".pre-commit-config.yaml").write_text(CONFIG)
    (workspace / "a.txt").write_text("fine\n")
    git(workspace, "add", ".")
    return workspace


def env_with_venv(tmp_path: Path) -> dict[str, str]:
    """The step's PATH: this venv's bin (prek is a dev dependency) first."""
    return {
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "PREK_HOME": str(tmp_path / "prek-home"),
        "HOME": os.environ.get("HOME", str(tmp_path)),
    }


def add_todo(repo: Path, folder: str = ".") -> None:
    (repo / folder / "b.txt").write_text("TODO: later\n")
    git(repo, "add", ".")


def test_passing_and_failing_hooks(
    make_call: MakeCall, repo: Path, tmp_path: Path, step_log: list[str]
) -> None:
    env = env_with_venv(tmp_path)
    result = prek.run(make_call(USES, env=env))
    assert result.conclusion == "success" and result.verified
    assert result.outputs["prek-version"].startswith("v0.")
    add_todo(repo)
    failed = prek.run(make_call(USES, env=env))
    assert failed.conclusion == "failure"
    assert [a.message for a in failed.annotations] == ["prek exited with code 1"]
    assert any("b.txt" in line for line in step_log)
    only_a = prek.run(make_call(USES, {"extra-args": "--files a.txt"}, env=env))
    assert only_a.conclusion == "success"
    legacy = prek.run(make_call(USES, {"extra_args": "--files a.txt"}, env=env))
    assert legacy.conclusion == "success"


def test_install_only_runs_no_hook(make_call: MakeCall, repo: Path, tmp_path: Path) -> None:
    add_todo(repo)
    call = make_call(USES, {"install-only": "true"}, env=env_with_venv(tmp_path))
    assert prek.run(call).conclusion == "success"


def test_working_directory(make_call: MakeCall, repo: Path, tmp_path: Path) -> None:
    (repo / "sub").mkdir()
    (repo / "sub" / ".pre-commit-config.yaml").write_text(CONFIG)
    add_todo(repo, "sub")
    call = make_call(USES, {"working-directory": "sub"}, env=env_with_venv(tmp_path))
    assert prek.run(call).conclusion == "failure"


def test_another_version_is_named_in_a_note(
    make_call: MakeCall, repo: Path, tmp_path: Path
) -> None:
    call = make_call(USES, {"prek-version": "0.0.1"}, env=env_with_venv(tmp_path))
    [note] = prek.run(call).notes
    assert note.startswith("prek-action: ran the local prek 0.") and "asks 0.0.1" in note


def test_missing_prek(make_call: MakeCall, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.setattr(sys, "executable", str(empty / "python"))  # nothing beside pitstop
    with pytest.raises(PitstopError, match="prek is not installed") as caught:
        prek.run(make_call(USES, env={"PATH": str(empty)}))
    assert "pip install prek" in (caught.value.hint or "")


def test_unknown_input(make_call: MakeCall) -> None:
    with pytest.raises(PitstopError, match="unsupported input 'args'"):
        prek.run(make_call(USES, {"args": "--all-files"}))


@pytest.fixture
def with_remote(repo: Path) -> Path:
    (repo / ".pre-commit-config.yaml").write_text(CONFIG.replace("repos:\n", "repos:\n" + REMOTE))
    git(repo, "add", ".")
    return repo


def test_offline_an_uncached_remote_hook_is_not_verified(
    make_call: MakeCall,
    with_remote: Path,
    tmp_path: Path,
    step_log: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PITSTOP_NETWORK", "offline")
    result = prek.run(make_call(USES, env=env_with_venv(tmp_path)))
    assert (result.conclusion, result.verified) == ("success", False)
    assert result.notes == [
        "not verified (offline): prek hooks not in the cache: far-away, also-far"
    ]
    assert any(line.startswith("no TODO") and "Passed" in line for line in step_log)


def test_offline_a_failing_local_hook_is_still_red(
    make_call: MakeCall, with_remote: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PITSTOP_NETWORK", "offline")
    add_todo(with_remote)
    result = prek.run(make_call(USES, env=env_with_venv(tmp_path)))
    assert result.conclusion == "failure"


def test_offline_prek_toml_is_read_too(
    make_call: MakeCall, repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PITSTOP_NETWORK", "offline")
    (repo / "prek.toml").write_text(TOML_CONFIG)  # prek reads it before the YAML
    git(repo, "add", ".")
    result = prek.run(make_call(USES, env=env_with_venv(tmp_path)))
    assert (result.conclusion, result.verified) == ("success", False)
    assert result.notes == ["not verified (offline): prek hooks not in the cache: far-away"]


def test_offline_a_cached_remote_hook_runs_for_real(
    make_call: MakeCall,
    repo: Path,
    tmp_path: Path,
    step_log: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    subprocess.run(["git", "init", "-q", str(hooks)], check=True)
    (hooks / ".pre-commit-hooks.yaml").write_text(
        "- id: say-hi\n  name: say hi\n  entry: echo hi from the hook\n  language: system\n"
    )
    git(hooks, "add", ".")
    git(hooks, "commit", "-qm", "hooks")
    git(hooks, "tag", "v1")
    remote = f"  - repo: {hooks}\n    rev: v1\n    hooks:\n      - id: say-hi\n"
    (repo / ".pre-commit-config.yaml").write_text(CONFIG.replace("repos:\n", "repos:\n" + remote))
    git(repo, "add", ".")
    env = env_with_venv(tmp_path)
    monkeypatch.setenv("PITSTOP_NETWORK", "online")
    assert prek.run(make_call(USES, env=env)).conclusion == "success"  # clones into the cache
    monkeypatch.setenv("PITSTOP_NETWORK", "offline")
    step_log.clear()
    result = prek.run(make_call(USES, env=env))
    assert (result.conclusion, result.verified, result.notes) == ("success", True, [])
    assert any(line.startswith("say hi") and "Passed" in line for line in step_log)
