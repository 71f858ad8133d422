from __future__ import annotations

from pathlib import Path

from pitstop.runner import remotes
from pitstop.runner.workspace import materialize
from tests.runner.hostile import git, make_repo

WORKFLOW = "on: push\njobs: {}\n"


def test_every_remote_points_at_a_mirror_and_pushurls_are_dropped(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo", {"a.txt": "a\n"}, WORKFLOW)
    head = git(repo, "rev-parse", "HEAD")
    for name, url in (("origin", "git@github.com:acme/shop.git"), ("upstream", "https://x/y")):
        git(repo, "remote", "add", name, url)
        git(repo, "update-ref", f"refs/remotes/{name}/main", head)
    git(repo, "config", "remote.origin.pushurl", "git@github.com:acme/elsewhere.git")
    git(repo, "tag", "v1")
    snapshot, mirrors = tmp_path / "run" / "snapshot", tmp_path / "run" / "remotes"
    materialize(repo, snapshot)

    remotes.sandbox(repo, snapshot, mirrors)

    for name in ("origin", "upstream"):
        mirror = mirrors / f"{name}.git"
        assert git(snapshot, "remote", "get-url", name) == str(mirror)
        assert git(snapshot, "remote", "get-url", "--push", name) == str(mirror)
        assert git(mirror, "for-each-ref", "--format=%(refname)").split() == [
            "refs/heads/main",
            "refs/tags/v1",
        ]
    config = remotes.git_config(mirrors)
    assert "insteadOf = git@github.com:acme/shop.git" in config
    assert "pushInsteadOf = https://x/y" in config
    assert remotes.pushes(mirrors) == []
    git(snapshot, "push", "-q", "origin", "HEAD:refs/heads/deploy")
    [push] = remotes.pushes(mirrors)
    assert push.line() == f"origin refs/heads/deploy <- {head[:7]}"
    assert git(repo, "remote", "get-url", "origin") == "git@github.com:acme/shop.git"


def test_a_repository_without_remotes_gets_none(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo", {}, WORKFLOW)
    snapshot, mirrors = tmp_path / "snapshot", tmp_path / "remotes"
    materialize(repo, snapshot)
    remotes.sandbox(repo, snapshot, mirrors)
    assert git(snapshot, "remote") == ""
    assert remotes.git_config(mirrors) == ""
    assert remotes.pushes(tmp_path / "nothing") == []
