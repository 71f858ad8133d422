from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from pitstop.actions import checkout
from pitstop.actions.base import ActionCall
from pitstop.errors import PitstopError

MakeCall = Callable[..., ActionCall]


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


@pytest.fixture
def repo(workspace: Path) -> Path:
    subprocess.run(["git", "init", "-q", "-b", "main", str(workspace)], check=True)
    git(workspace, "config", "user.email", "t@example.com")
    git(workspace, "config", "user.name", "t")
    (workspace / "src").mkdir()
    (workspace / "src/app.py").write_text("v1\n")
    git(workspace, "add", ".")
    git(workspace, "commit", "-qm", "one")
    git(workspace, "tag", "v1")
    (workspace / "src/app.py").write_text("v2\n")
    git(workspace, "commit", "-qam", "two")
    return workspace


def test_defaults_report_ref_and_commit(make_call: MakeCall, repo: Path) -> None:
    result = checkout.run(make_call("actions/checkout@v4"))
    assert result.outputs == {"ref": "refs/heads/main", "commit": git(repo, "rev-parse", "HEAD")}
    assert any("shallow history changes nothing" in n for n in result.notes)
    assert any("no credentials to persist" in n for n in result.notes)


def test_path_moves_the_repository_into_a_subfolder(make_call: MakeCall, repo: Path) -> None:
    result = checkout.run(make_call("actions/checkout@v4", {"path": "src"}))
    assert (repo / "src/.git").is_dir()
    assert (repo / "src/src/app.py").read_text() == "v2\n"
    assert sorted(p.name for p in repo.iterdir()) == ["src"]
    assert "placed in src" in result.notes[0]
    again = checkout.run(make_call("actions/checkout@v4", {"path": "src"}))
    assert again.outputs["commit"] == result.outputs["commit"]
    with pytest.raises(PitstopError, match="no repository at the top"):
        checkout.run(make_call("actions/checkout@v4", {"path": "other"}))


def test_path_outside_the_workspace_fails(make_call: MakeCall, repo: Path) -> None:
    with pytest.raises(PitstopError, match="is not under"):
        checkout.run(make_call("actions/checkout@v4", {"path": "../elsewhere"}))


def test_ref_checks_out_a_tag_or_fails(make_call: MakeCall, repo: Path) -> None:
    result = checkout.run(make_call("actions/checkout@v4", {"ref": "v1"}))
    assert (repo / "src/app.py").read_text() == "v1\n"
    assert result.outputs["ref"] == "v1"
    assert result.outputs["commit"] == git(repo, "rev-parse", "v1")
    with pytest.raises(PitstopError, match="ref 'nope' does not exist") as caught:
        checkout.run(make_call("actions/checkout@v4", {"ref": "nope"}))
    assert "git fetch origin" in caught.value.render()


def test_fetch_depth_zero_unshallows(make_call: MakeCall, repo: Path, tmp_path: Path) -> None:
    assert (
        checkout.run(make_call("actions/checkout@v4", {"fetch-depth": "0"})).conclusion == "success"
    )
    shallow = tmp_path / "shallow-ws"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(shallow)], check=True
    )
    assert git(shallow, "rev-parse", "--is-shallow-repository") == "true"
    checkout.run(make_call("actions/checkout@v4", {"fetch-depth": "0"}, cwd=shallow))
    assert git(shallow, "rev-parse", "--is-shallow-repository") == "false"
    # An origin that is gone: the history cannot be completed, said clearly.
    gone = tmp_path / "gone-ws"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(gone)], check=True)
    git(gone, "remote", "set-url", "origin", str(tmp_path / "missing"))
    with pytest.raises(PitstopError, match="could not be unshallowed"):
        checkout.run(make_call("actions/checkout@v4", {"fetch-depth": "0"}, cwd=gone))


def test_persist_credentials_false_removes_them(make_call: MakeCall, repo: Path) -> None:
    git(repo, "config", "--local", "http.https://github.com/.extraheader", "AUTHORIZATION: basic x")
    git(repo, "config", "--local", "credential.helper", "store")
    checkout.run(make_call("actions/checkout@v4", {"persist-credentials": "false"}))
    config = (repo / ".git/config").read_text()
    assert "extraheader" not in config
    assert "helper" not in config


def test_persist_credentials_false_leaves_shared_git_dirs(
    make_call: MakeCall, repo: Path, tmp_path: Path
) -> None:
    worktree = tmp_path / "wt"
    git(repo, "worktree", "add", "-q", str(worktree))
    result = checkout.run(
        make_call("actions/checkout@v4", {"persist-credentials": "false"}, cwd=worktree)
    )
    assert "config left alone" in result.notes[-1]


@pytest.mark.parametrize(
    ("inputs", "text"),
    [
        ({"repository": "someone/else"}, "another repository"),
        ({"submodules": "recursive"}, "submodules: recursive"),
        ({"lfs": "true"}, "lfs: true"),
        ({"fetch_depth": "0"}, "unsupported input 'fetch_depth'"),
    ],
)
def test_unsupported_inputs(
    make_call: MakeCall, repo: Path, inputs: dict[str, str], text: str
) -> None:
    with pytest.raises(PitstopError, match=text):
        checkout.run(make_call("actions/checkout@v4", inputs))


def test_own_repository_is_fine(make_call: MakeCall, repo: Path) -> None:
    contexts = {"github": {"repository": "acme/app"}}
    call = make_call(
        "actions/checkout@v4", {"repository": "acme/app", "token": "t"}, contexts=contexts
    )
    assert checkout.run(call).conclusion == "success"
