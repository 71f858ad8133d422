"""Seed pitstop's own pre-commit store from yours, once, by copying it.

Steps see `PRE_COMMIT_HOME` in pitstop's cache (`job_home`), never your `~/.cache/pre-commit`.
So that offline runs keep running the hooks you already have (actions/pre_commit.py and the
generated pre-commit step skip only the hooks missing from the store), the first job with a
pre-commit config copies your store (`cp -a --reflink=auto`: copy-on-write
or plain copies, never hard links, so nothing a hook does reaches your files) and moves its
absolute paths to the copy: the `repos.path` column of `db.db` and the `#!` lines of the
hook environments' scripts. Later, the hook repositories you added to your store since are
copied in the same way (`merge`). Your store is only read; pitstop's is never replaced.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Mapping
from pathlib import Path

DATABASE = "db.db"


def user_store(environ: Mapping[str, str]) -> Path:
    """Your pre-commit store, as pre-commit finds it."""
    if environ.get("PRE_COMMIT_HOME"):
        return Path(environ["PRE_COMMIT_HOME"])
    cache = environ.get("XDG_CACHE_HOME")
    base = Path(cache) if cache else Path(environ.get("HOME") or Path.home()) / ".cache"
    return base / "pre-commit"


def seed(source: Path, dest: Path) -> bool:
    """Copy the store `source` to `dest`, or what `dest` lacks of it; True when anything was."""
    if not (source / DATABASE).is_file() or source.resolve() == dest.resolve():
        return False
    if (dest / DATABASE).exists():
        return merge(source, dest) > 0
    dest.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".seeding-", dir=dest.parent))
    try:
        done = subprocess.run(
            ["cp", "-a", "--reflink=auto", f"{source}/.", str(staging)],
            capture_output=True,
            check=False,
        )
        if done.returncode != 0:
            return False
        _move_paths(staging, str(source.resolve()), str(dest))
        if dest.exists() and not any(dest.iterdir()):
            dest.rmdir()
        try:
            staging.rename(dest)  # atomic: a concurrent run's copy wins or this one does
        except OSError:
            return False
        return True
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def merge(source: Path, dest: Path) -> int:
    """Copy the hook repositories of `source` that `dest` lacks; how many were copied."""
    try:
        theirs = _rows(source)
        known = {(repo, ref) for repo, ref, _ in _rows(dest)}
    except sqlite3.Error:
        return 0
    added = []
    for repo, ref, path in theirs:
        origin = Path(path)
        target = dest / origin.name
        if (repo, ref) in known or not origin.is_dir() or target.exists():
            continue
        copied = subprocess.run(
            ["cp", "-a", "--reflink=auto", str(origin), str(target)], capture_output=True
        )
        if copied.returncode == 0:
            _move_shebangs(target, str(origin), str(target))
            added.append((repo, ref, str(target)))
    if added:
        connection = sqlite3.connect(dest / DATABASE)
        try:
            with connection:
                connection.executemany(
                    "INSERT INTO repos (repo, ref, path) VALUES (?, ?, ?)", added
                )
        finally:
            connection.close()
    return len(added)


def _rows(store: Path) -> list[tuple[str, str, str]]:
    connection = sqlite3.connect(f"file:{store / DATABASE}?mode=ro", uri=True)
    try:
        return list(connection.execute("SELECT repo, ref, path FROM repos"))
    finally:
        connection.close()


def _move_paths(store: Path, old: str, new: str) -> None:
    connection = sqlite3.connect(store / DATABASE)
    try:
        with connection:
            connection.execute(
                "UPDATE repos SET path = ? || substr(path, ?) WHERE substr(path, 1, ?) = ?",
                (new, len(old) + 1, len(old), old),
            )
    except sqlite3.Error:
        pass  # an unknown schema: pre-commit will clone again, as with an empty store
    finally:
        connection.close()
    _move_shebangs(store, old, new)


def _move_shebangs(store: Path, old: str, new: str) -> None:
    for directory, _, names in os.walk(store):
        if Path(directory).name == "bin":
            for name in names:
                _move_shebang(Path(directory, name), old.encode(), new.encode())


def _move_shebang(script: Path, old: bytes, new: bytes) -> None:
    if script.is_symlink() or not script.is_file():
        return
    with script.open("rb") as file:
        first = file.readline(4096)
        if not first.startswith(b"#!") or old not in first:
            return
        rest = file.read()
    mode = script.stat().st_mode
    script.unlink()  # a new file: the copy may share blocks with yours (reflink)
    script.write_bytes(first.replace(old, new) + rest)
    script.chmod(mode)
