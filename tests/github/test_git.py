from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from pitstop.errors import PitstopError
from pitstop.github import git as git_access

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
    found = git_access.parse_remote_url(url)
    assert (None if found is None else (found.host, found.owner, found.name)) == expected


def test_repository_from_origin_or_folder(repo: Path, git: Git) -> None:
    assert git_access.repository(repo) == "local/shop"
    git(repo, "remote", "add", "origin", "git@github.com:acme/shop.git")
    assert git_access.repository(repo) == "acme/shop"
    assert git_access.remote(repo) == git_access.Remote("github.com", "acme", "shop")


def test_refs(repo: Path, git: Git) -> None:
    assert git_access.current_ref(repo) == git_access.Ref("refs/heads/main", "main", "branch")
    git(repo, "tag", "v1.0")
    git(repo, "checkout", "-q", "--detach")
    assert git_access.current_ref(repo) == git_access.Ref("refs/tags/v1.0", "v1.0", "tag")
    (repo / "x").write_text("x")
    git(repo, "add", "x")
    git(repo, "commit", "-qm", "x")
    sha = git(repo, "rev-parse", "HEAD")
    assert git_access.current_ref(repo) == git_access.Ref(sha, sha, "branch")
    assert git_access.head_sha(repo) == sha


def test_default_branch(repo: Path, git: Git) -> None:
    assert git_access.default_branch(repo) == "main"
    git(repo, "branch", "-m", "main", "trunk")
    assert git_access.default_branch(repo) == "trunk"  # the current branch
    git(repo, "branch", "master")
    assert git_access.default_branch(repo) == "master"
    git(repo, "update-ref", "refs/remotes/origin/develop", "HEAD")
    git(repo, "symbolic-ref", "refs/remotes/origin/HEAD", "refs/remotes/origin/develop")
    assert git_access.default_branch(repo) == "develop"


def test_the_remote_s_head_wins_over_a_local_main(repo: Path, git: Git) -> None:
    """GitHub's default branch is the repository's HEAD on GitHub: origin/HEAD when this clone
    knows it, even when a local `main` exists (`init` and `run` used to disagree here: one
    also looked at origin/main and origin/master, the other did not)."""
    git(repo, "branch", "-m", "main", "work")
    git(repo, "update-ref", "refs/remotes/origin/main", "HEAD")
    assert git_access.default_branch(repo) == "main"  # origin/main, no origin/HEAD known
    git(repo, "branch", "main")
    git(repo, "update-ref", "refs/remotes/origin/stable", "HEAD")
    git(repo, "symbolic-ref", "refs/remotes/origin/HEAD", "refs/remotes/origin/stable")
    assert git_access.default_branch(repo) == "stable"


def test_outside_git_the_default_branch_is_main(tmp_path: Path) -> None:
    assert git_access.default_branch(tmp_path / "missing") == "main"
    assert git_access.query(tmp_path, "status") is None


def test_run_names_the_failing_git_command(tmp_path: Path) -> None:
    with pytest.raises(PitstopError, match="git rev-parse HEAD failed") as caught:
        git_access.run(tmp_path, "rev-parse", "HEAD", hint="needs a repository")
    assert caught.value.hint == "needs a repository"


def test_actor(repo: Path, git: Git) -> None:
    assert git_access.actor(repo, {"USER": "sam"}) == "sam"
    assert git_access.actor(repo, {}) == "pitstop"
    git(repo, "config", "user.name", "Ada")
    assert git_access.actor(repo) == "Ada"


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
    assert git_access.changed_files(repo, "main") == [
        "README.md", "README.rst", "src/app.py", "src/models.py", "untracked.py",
    ]  # fmt: skip
    git(repo, "update-ref", "refs/remotes/origin/base", "main")
    assert "main-only.txt" not in git_access.changed_files(repo, "base")


def test_changed_files_unknown_base(repo: Path) -> None:
    with pytest.raises(PitstopError, match="base 'nope' not found"):
        git_access.changed_files(repo, "nope")


def test_not_a_repository(tmp_path: Path) -> None:
    with pytest.raises(PitstopError, match="not inside a git repository"):
        git_access.top_level(tmp_path)
    assert git_access.commit_info(tmp_path) == {}


def test_commit_info(repo: Path) -> None:
    info = git_access.commit_info(repo)
    assert info["message"] == "first commit"
    assert info["author_name"] == "Ada Tester"
    assert info["author_email"] == "ada@example.com"
    assert len(info["id"]) == 40 and len(info["tree_id"]) == 40


def test_within_one_run_the_checkout_is_read_once_as_it_was(repo: Path, git: Git) -> None:
    before = git_access.head_sha(repo)
    with git_access.memoised(repo):
        assert git_access.head_sha(repo) == before
        (repo / "later").write_text("a commit made while the run goes on\n")
        git(repo, "add", "later")
        git(repo, "commit", "-qm", "later")
        assert git_access.head_sha(repo) == before  # the run's view does not move
        assert git_access.head_sha(repo.parent / repo.name) == before  # the same checkout
    after = git_access.head_sha(repo)
    assert after is not None and after != before  # outside a run: asked afresh
