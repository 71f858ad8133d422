from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from pitstop.errors import PitstopError
from pitstop.runner import gitinfo

Git = Callable[..., str]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("git@github.com:acme/shop.git", ("github.com", "acme", "shop")),
        ("git@github.com:acme/shop", ("github.com", "acme", "shop")),
        ("https://github.com/acme/shop.git", ("github.com", "acme", "shop")),
        ("https://github.com/acme/shop/", ("github.com", "acme", "shop")),
        ("https://user:tok@ghe.example.com/acme/shop", ("ghe.example.com", "acme", "shop")),
        ("ssh://git@github.com:22/acme/shop.git", ("github.com", "acme", "shop")),
        ("git://github.com/acme/shop.git", ("github.com", "acme", "shop")),
        ("/srv/git/shop.git", None),
        ("../shop", None),
        ("file:///srv/acme/shop.git", None),
        ("https://github.com/shop", None),
        ("", None),
    ],
)
def test_parse_remote_url(url: str, expected: tuple[str, str, str] | None) -> None:
    found = gitinfo.parse_remote_url(url)
    assert (None if found is None else (found.host, found.owner, found.name)) == expected


def test_repository_from_origin_or_folder(repo: Path, git: Git) -> None:
    assert gitinfo.repository(repo) == "local/shop"
    git(repo, "remote", "add", "origin", "git@github.com:acme/shop.git")
    assert gitinfo.repository(repo) == "acme/shop"
    assert gitinfo.remote(repo) == gitinfo.Remote("github.com", "acme", "shop")


def test_refs(repo: Path, git: Git) -> None:
    assert gitinfo.current_ref(repo) == gitinfo.Ref("refs/heads/main", "main", "branch")
    git(repo, "tag", "v1.0")
    git(repo, "checkout", "-q", "--detach")
    assert gitinfo.current_ref(repo) == gitinfo.Ref("refs/tags/v1.0", "v1.0", "tag")
    (repo / "x").write_text("x")
    git(repo, "add", "x")
    git(repo, "commit", "-qm", "x")
    sha = git(repo, "rev-parse", "HEAD")
    assert gitinfo.current_ref(repo) == gitinfo.Ref(sha, sha, "branch")
    assert gitinfo.head_sha(repo) == sha


def test_default_branch(repo: Path, git: Git) -> None:
    assert gitinfo.default_branch(repo) == "main"
    git(repo, "branch", "-m", "main", "trunk")
    assert gitinfo.default_branch(repo) == "trunk"  # the current branch
    git(repo, "branch", "master")
    assert gitinfo.default_branch(repo) == "master"
    git(repo, "update-ref", "refs/remotes/origin/develop", "HEAD")
    git(repo, "symbolic-ref", "refs/remotes/origin/HEAD", "refs/remotes/origin/develop")
    assert gitinfo.default_branch(repo) == "develop"


def test_actor(repo: Path, git: Git) -> None:
    assert gitinfo.actor(repo, {"USER": "sam"}) == "sam"
    assert gitinfo.actor(repo, {}) == "pitstop"
    git(repo, "config", "user.name", "Ada")
    assert gitinfo.actor(repo) == "Ada"


def test_changed_files(repo: Path, git: Git) -> None:
    git(repo, "checkout", "-q", "-b", "feature")
    (repo / "src" / "models.py").write_text("M = 1\n")
    git(repo, "mv", "README.md", "README.rst")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "feature work")
    git(repo, "checkout", "-q", "main")
    (repo / "main-only.txt").write_text("later on main\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "main moves on")
    git(repo, "checkout", "-q", "feature")
    (repo / "src" / "app.py").write_text("uncommitted\n")
    (repo / "untracked.py").write_text("u\n")
    (repo / "ignored.log").write_text("i\n")
    assert gitinfo.changed_files(repo, "main") == [
        "README.md", "README.rst", "src/app.py", "src/models.py", "untracked.py",
    ]  # fmt: skip
    git(repo, "update-ref", "refs/remotes/origin/base", "main")
    assert "main-only.txt" not in gitinfo.changed_files(repo, "base")


def test_changed_files_unknown_base(repo: Path) -> None:
    with pytest.raises(PitstopError, match="base 'nope' not found"):
        gitinfo.changed_files(repo, "nope")


def test_not_a_repository(tmp_path: Path) -> None:
    with pytest.raises(PitstopError, match="not inside a git repository"):
        gitinfo.top_level(tmp_path)
    assert gitinfo.commit_info(tmp_path) == {}


def test_commit_info(repo: Path) -> None:
    info = gitinfo.commit_info(repo)
    assert info["message"] == "first commit"
    assert info["author_name"] == "Ada Tester"
    assert info["author_email"] == "ada@example.com"
    assert len(info["id"]) == 40 and len(info["tree_id"]) == 40
