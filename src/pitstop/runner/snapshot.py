"""One snapshot of the repository per run, copied into each job's workspace.

The first job to need a workspace materialises the repository once (`workspace.materialize`:
its own `.git` borrowing the user's objects, plus the working tree or HEAD); every job then
gets a copy of that snapshot. All jobs of a run therefore test the same tree, even if the
user edits files while the run goes on, and the git work is paid once per run, not per job.
A small snapshot is copied in-process; a large one with `cp -a --reflink=auto` (copy-on-write
where the file system supports it). Never hardlinks: a step writing to a file would change
the snapshot.

Once made, the snapshot is sealed before any job sees it: each git remote points at a bare
mirror in the run dir (`remotes.sandbox`) and no symbolic link leads out of it
(`links.contain_links`).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
from pathlib import Path

from pitstop.errors import PitstopError
from pitstop.runner import remotes
from pitstop.runner.links import contain_links
from pitstop.runner.workspace import materialize

SMALL = 300  # files: below this, copying in-process beats starting `cp`
# In the snapshot's own `.git`: what `git init` adds that no step needs (example hooks, the
# description, the reflogs); skipping them saves file system work on every job.
_GIT_EXTRAS = {"hooks", "description", "logs"}


class Snapshot:
    def __init__(
        self, repo: Path, root: Path, committed: bool, mirrors: Path | None = None
    ) -> None:
        self.repo = repo
        self.root = root  # where the snapshot goes (inside the run dir)
        self.committed = committed
        # The bare mirrors of the remotes, and where escaping links lead (in the run dir).
        self.mirrors = mirrors if mirrors is not None else root.parent / "remotes"
        self.outside = root.parent / "outside"
        self.contained_links: list[str] = []
        self._lock = threading.Lock()
        self._files: int | None = None

    def materialise(self, dest: Path) -> list[str]:
        """Fill `dest` (new or empty) with a copy of the snapshot; the links that led outside
        the repository and dangle in the copy."""
        with self._lock:
            if self._files is None:
                materialize(self.repo, self.root, committed=self.committed)
                remotes.sandbox(self.repo, self.root, self.mirrors)
                self.contained_links = contain_links(self.root, self.outside)
                self._files = sum(len(files) for _, _, files in os.walk(self.root))
        try:
            self._copy(dest, self._files)
        except OSError as exc:
            raise _copy_error(dest, str(exc)) from None
        return self.contained_links

    def _copy(self, dest: Path, files: int) -> None:
        if files < SMALL:
            git_dir = str(self.root / ".git")

            def extras(directory: str, names: list[str]) -> set[str]:
                return _GIT_EXTRAS.intersection(names) if directory == git_dir else set()

            shutil.copytree(self.root, dest, symlinks=True, dirs_exist_ok=True, ignore=extras)
            return
        dest.mkdir(parents=True, exist_ok=True)
        done = subprocess.run(
            ["cp", "-a", "--reflink=auto", f"{self.root}/.", str(dest)],
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise _copy_error(dest, done.stderr.strip())


def _copy_error(dest: Path, why: str) -> PitstopError:
    return PitstopError(
        f"could not copy the workspace into {dest}: {why}",
        hint="check the free space and permissions of the run directory",
    )
