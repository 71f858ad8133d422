"""A job's home is handed to a later job only when it is exactly as it was lent."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from pitstop.runner import home_pool, job_home
from pitstop.runner.home_pool import HomePool
from tests.runner.hostile import make_repo, run

GIT_CONFIG = '[url "/run/remotes/origin.git"]\n\tinsteadOf = https://example.com/r.git\n'


def _lent(tmp_path: Path) -> tuple[HomePool, home_pool.Lease]:
    caches = tmp_path / "caches"
    job_home.create_shared(caches)
    pool = HomePool(tmp_path / "pool", caches)
    (tmp_path / "job").mkdir()
    lease, _env = pool.take(tmp_path / "job" / "home", GIT_CONFIG)
    return pool, lease


def _set_xattr(home: Path) -> None:
    try:
        os.setxattr(home / ".config", "user.pitstop", b"1")
    except OSError as exc:  # pragma: no cover - a file system without user xattrs
        pytest.skip(f"no extended attributes here: {exc}")


def _append(path: Path, text: str) -> None:
    with path.open("a") as handle:
        handle.write(text)


def _retarget(link: Path, target: Path) -> None:
    link.unlink()
    link.symlink_to(target)


def _link_gitconfig_elsewhere(home: Path) -> None:
    (home.parent / "kept").hardlink_to(home / ".gitconfig")


CHANGES: dict[str, Callable[[Path], object]] = {
    "a new file": lambda home: (home / ".config" / "x").write_text("x"),
    "a new folder": lambda home: (home / ".local" / "share" / "app").mkdir(),
    "a new hidden file at the top": lambda home: (home / ".bashrc").write_text("x"),
    "a mode": lambda home: (home / ".config").chmod(0o700),
    "a git config edited in place, same size": lambda home: (home / ".gitconfig").write_text(
        GIT_CONFIG.replace("origin", "ORIGIN")
    ),
    "a git config appended to": lambda home: _append(home / ".gitconfig", "x"),
    "a cache link retargeted": lambda home: _retarget(home / ".npm", Path("/tmp")),
    "an extended attribute": _set_xattr,
    "a hard link to a file from outside": _link_gitconfig_elsewhere,
    "an entry removed": lambda home: (home / ".local" / "state").rmdir(),
}


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_a_changed_home_is_never_handed_on(tmp_path: Path, change: str) -> None:
    pool, lease = _lent(tmp_path)

    CHANGES[change](lease.home)

    assert not pool.give_back(lease)
    assert lease.home.is_dir()  # kept in the job's folder, for you to read
    fresh, _env = pool.take(tmp_path / "job" / "next-home", GIT_CONFIG)
    assert fresh.home.stat().st_ino != lease.home.stat().st_ino


def test_an_unchanged_home_is_handed_on_and_moved_into_the_next_job(tmp_path: Path) -> None:
    pool, lease = _lent(tmp_path)
    (lease.home / ".config" / "tmp").write_text("gone again")  # leaves no trace but times
    (lease.home / ".config" / "tmp").unlink()
    inode = lease.home.stat().st_ino

    assert pool.give_back(lease)

    assert not lease.home.exists()  # the job that handed it on has no home left
    (tmp_path / "next").mkdir()
    again, env = pool.take(tmp_path / "next" / "home", GIT_CONFIG)
    assert again.home.stat().st_ino == inode
    assert env["HOME"] == str(tmp_path / "next" / "home")
    assert env["XDG_CONFIG_HOME"] == str(tmp_path / "next" / "home" / ".config")
    assert (again.home / ".gitconfig").read_text() == GIT_CONFIG


def test_a_home_is_handed_only_to_a_job_with_the_same_git_config(tmp_path: Path) -> None:
    pool, lease = _lent(tmp_path)
    inode = lease.home.stat().st_ino
    assert pool.give_back(lease)

    other, _env = pool.take(tmp_path / "job" / "other", "")

    assert other.home.stat().st_ino != inode
    assert not (other.home / ".gitconfig").exists()


def test_a_spare_home_that_vanished_is_replaced_by_a_fresh_one(tmp_path: Path) -> None:
    pool, lease = _lent(tmp_path)
    assert pool.give_back(lease)
    shutil.rmtree(tmp_path / "pool")

    fresh, env = pool.take(tmp_path / "job" / "home", GIT_CONFIG)

    assert (fresh.home / ".gitconfig").read_text() == GIT_CONFIG
    assert env["HOME"] == str(tmp_path / "job" / "home")


PASS_ON = """
on: push
jobs:
  first:
    runs-on: ubuntu-latest
    steps:
      - run: echo "HOME_INODE=$(stat -c %i ~)"; ls -A ~/.config
  second:
    needs: first
    runs-on: ubuntu-latest
    steps:
      - run: echo "HOME_INODE=$(stat -c %i ~)"; echo "HOME=$HOME"; {change}
  third:
    needs: second
    runs-on: ubuntu-latest
    steps:
      - run: |
          echo "HOME_INODE=$(stat -c %i ~)"
          test -z "$(find ~/.config ~/.local/share -mindepth 1)"
"""


def _inodes(run_dir: Path) -> list[str]:
    found = []
    for job in ("first", "second", "third"):
        log = (run_dir / "logs" / f"ci-{job}.log").read_text()
        found += [
            line[len("HOME_INODE=") :]
            for line in log.splitlines()
            if line.startswith("HOME_INODE=")
        ]
    return found


@pytest.mark.parametrize(
    ("change", "handed_on"),
    [
        ("true", True),
        ("touch ~/.config/app.ini", False),
        ("git config --global user.name Mallory", False),
        ("(sleep 30 &)", False),  # a process outlives its step: the home is not handed on
    ],
)
def test_a_run_hands_on_only_homes_its_jobs_left_as_they_found_them(
    tmp_path: Path, change: str, handed_on: bool
) -> None:
    repo = make_repo(tmp_path / "repo", {}, PASS_ON.replace("{change}", change))

    code, result = run(repo, tmp_path / "run")

    assert code == 0, result
    first, second, third = _inodes(tmp_path / "run")
    assert first == second  # `first` did not touch its home
    assert (second == third) is handed_on
    assert (tmp_path / "run" / "jobs" / "ci-second" / "home").is_dir() is not handed_on
    assert not (tmp_path / "run" / "homes").exists()  # spare homes end with the run
