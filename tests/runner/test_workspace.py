from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from pitstop.errors import PitstopError
from pitstop.runner import workspace

Git = Callable[..., str]


def snapshot(root: Path) -> dict[str, tuple[int, float]]:
    """Every path (but .git) with its mode and mtime: to prove the checkout is untouched."""
    found = {}
    for directory, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d != ".git"]
        for name in [*dirs, *files]:
            path = Path(directory, name)
            stat = path.lstat()
            found[str(path.relative_to(root))] = (stat.st_mode, stat.st_mtime)
    return found


def listing(root: Path) -> set[str]:
    return {
        path for path in snapshot(root) if not (root / path).is_dir() or (root / path).is_symlink()
    }


def dirty(repo: Path, git: Git) -> None:
    (repo / "src" / "app.py").write_text("print('changed')\n")
    (repo / "new.py").write_text("NEW = 1\n")
    (repo / "debug.log").write_text("ignored\n")
    (repo / ".venv").mkdir()
    (repo / ".venv" / "lib.py").write_text("ignored\n")
    (repo / "README.md").unlink()


def test_working_tree_copy(repo: Path, tmp_path: Path, git: Git) -> None:
    dirty(repo, git)
    before = snapshot(repo)
    git_before = git(repo, "status", "--porcelain")
    result = workspace.materialize(repo, tmp_path / "ws")
    ws = result.path
    assert listing(ws) == {".gitignore", "link.py", "new.py", "run.sh", "src/app.py"}
    assert (ws / "src" / "app.py").read_text() == "print('changed')\n"
    assert (ws / "link.py").readlink() == Path("src/app.py")
    assert os.access(ws / "run.sh", os.X_OK)
    assert not os.access(ws / "new.py", os.X_OK)
    assert result.files == 5
    assert result.head == git(repo, "rev-parse", "HEAD")
    assert git(ws, "rev-parse", "HEAD") == result.head
    assert git(ws, "symbolic-ref", "--short", "HEAD") == "main"
    assert git(ws, "status", "--porcelain") == git_before
    assert git(ws, "log", "--format=%s") == "first commit"
    # the copy is independent: writing and committing there leaves the checkout alone
    (ws / "src" / "app.py").write_text("step wrote this\n")
    git(ws, "commit", "-qam", "in the copy")
    assert snapshot(repo) == before
    assert git(repo, "log", "--format=%s") == "first commit"
    assert (repo / "src" / "app.py").read_text() == "print('changed')\n"


def test_committed_copy(repo: Path, tmp_path: Path, git: Git) -> None:
    dirty(repo, git)
    result = workspace.materialize(repo, tmp_path / "ws", committed=True)
    ws = result.path
    assert listing(ws) == {".gitignore", "README.md", "link.py", "run.sh", "src/app.py"}
    assert (ws / "src" / "app.py").read_text() == "print('hi')\n"
    assert (ws / "link.py").readlink() == Path("src/app.py")
    assert os.access(ws / "run.sh", os.X_OK)
    assert result.files == 5
    assert git(ws, "status", "--porcelain") == ""


def test_refs_origin_and_detached_head(repo: Path, tmp_path: Path, git: Git) -> None:
    git(repo, "tag", "v1")
    git(repo, "branch", "feature")
    git(repo, "remote", "add", "origin", "git@github.com:acme/shop.git")
    git(repo, "update-ref", "refs/remotes/origin/main", "HEAD")
    git(repo, "symbolic-ref", "refs/remotes/origin/HEAD", "refs/remotes/origin/main")
    git(repo, "checkout", "-q", "--detach")
    ws = workspace.materialize(repo, tmp_path / "ws").path
    assert git(ws, "remote", "get-url", "origin") == "git@github.com:acme/shop.git"
    assert set(git(ws, "for-each-ref", "--format=%(refname)").split()) == {
        "refs/heads/feature", "refs/heads/main", "refs/remotes/origin/HEAD",
        "refs/remotes/origin/main", "refs/tags/v1",
    }  # fmt: skip
    assert git(ws, "symbolic-ref", "-q", "refs/remotes/origin/HEAD") == "refs/remotes/origin/main"
    assert subprocess.run(["git", "-C", str(ws), "symbolic-ref", "-q", "HEAD"]).returncode == 1
    assert git(ws, "describe", "--tags") == "v1"


def test_repository_without_commits(tmp_path: Path, git: Git) -> None:
    root = tmp_path / "empty"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    (root / "a.txt").write_text("a\n")
    result = workspace.materialize(root, tmp_path / "ws")
    assert result.head is None and listing(result.path) == {"a.txt"}
    committed = workspace.materialize(root, tmp_path / "ws2", committed=True)
    assert committed.files == 0 and listing(committed.path) == set()


def test_submodule_gitlink_is_an_empty_directory(repo: Path, tmp_path: Path, git: Git) -> None:
    sha = git(repo, "rev-parse", "HEAD")
    git(repo, "update-index", "--add", "--cacheinfo", f"160000,{sha},vendor/lib")
    git(repo, "commit", "-qm", "submodule")
    result = workspace.materialize(repo, tmp_path / "ws")
    assert "vendor/lib" not in listing(result.path)


def test_not_a_git_repository(tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    (plain / "sub").mkdir(parents=True)
    (plain / "sub" / "f.txt").write_text("f\n")
    result = workspace.materialize(plain, tmp_path / "ws")
    assert result.head is None and result.files == 1
    assert (result.path / "sub" / "f.txt").read_text() == "f\n"
    with pytest.raises(PitstopError, match="not a git repository"):
        workspace.materialize(plain, tmp_path / "ws2", committed=True)


def test_destination_checks(repo: Path, tmp_path: Path) -> None:
    with pytest.raises(PitstopError, match="would contain the repository"):
        workspace.materialize(repo, tmp_path)
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "x").write_text("x")
    with pytest.raises(PitstopError, match="is not empty"):
        workspace.materialize(repo, busy)


def test_run_dir_inside_the_repository_is_not_copied(repo: Path) -> None:
    result = workspace.materialize(repo, repo / ".pitstop" / "ws")
    assert not any(path.startswith(".pitstop") for path in listing(result.path))


def test_git_failure_is_a_pitstop_error(tmp_path: Path) -> None:
    with pytest.raises(PitstopError, match="git rev-parse HEAD failed"):
        workspace.git(tmp_path, "rev-parse", "HEAD")


def test_copy_failure_is_a_pitstop_error(repo: Path, tmp_path: Path) -> None:
    (tmp_path / "ws").mkdir()
    with pytest.raises(PitstopError, match="copying the working tree"):
        workspace.copy_files(repo, tmp_path / "ws", ["does-not-exist"])
