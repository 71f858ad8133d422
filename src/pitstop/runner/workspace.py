"""A job's private copy of the repository (GITHUB_WORKSPACE), never touching the user's checkout.

How a copy is made (`materialize`):
1. `.git`: a new repository whose object store borrows the user's through
   `objects/info/alternates` (nothing copied; new objects land in the copy), with the user's
   branches, tags and remote-tracking refs, the same HEAD (branch or detached), the `origin`
   URL, the shallow list, and a copy of the index so `git status`/`git diff` in the copy show
   what they show in the checkout.
2. Files, default ("working tree"): tracked files as they are on disk plus untracked files
   that are not ignored (`git ls-files`), deleted files left out, copied by `cp -a` (modes,
   symlinks and times preserved) with `--reflink=auto`: copy-on-write clones where the file
   system supports them, plain copies otherwise. Never hardlinks: a step that writes to a
   hardlinked file (`sed -i` is safe, `>>` or an editor saving in place is not) would
   change the user's file.
   Files, `committed=True`: HEAD's tree checked out from the object store (`git read-tree` +
   `git checkout-index`), so the copy is exactly the commit.
Submodules (gitlinks) become empty directories, as with actions/checkout's default
`submodules: false`. A directory that is not a git repository is copied whole (`cp -a`).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from pitstop.errors import PitstopError
from pitstop.github.git import query

_BATCH = 4000  # paths per `cp` call, far below ARG_MAX
_COPIED_REFS = ("refs/heads/", "refs/tags/", "refs/remotes/")


@dataclass(frozen=True)
class Workspace:
    path: Path
    head: str | None  # the commit checked out, None for a repository without commits
    files: int  # files written


def git(repo: Path, *args: str, input: bytes | None = None) -> bytes:
    """Run git in `repo` and return stdout; a failure is a PitstopError with git's message."""
    done = subprocess.run(
        ["git", "-C", str(repo), *args],
        input=input,
        capture_output=True,
        check=False,
        env={**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"},
    )
    if done.returncode != 0:
        message = done.stderr.decode(errors="replace").strip()
        raise PitstopError(f"git {' '.join(args)} failed in {repo}: {message}")
    return done.stdout


def repo_root(path: Path) -> Path | None:
    """The top of the work tree containing `path`, or None outside any repository."""
    top = query(path, "rev-parse", "--show-toplevel")
    return Path(top) if top is not None else None


def materialize(repo: Path, dest: Path, *, committed: bool = False) -> Workspace:
    """Make `dest` (new or empty) a copy of `repo` as described in the module docstring."""
    repo = repo.resolve()
    dest = dest.resolve()
    _check_dest(repo, dest)
    root = repo_root(repo)
    if root is None:
        if committed:
            raise PitstopError(
                f"{repo} is not a git repository, so there is no commit to use",
                hint="drop --committed, or run pitstop inside a git repository",
            )
        return _copy_plain(repo, dest)
    head = _clone_metadata(root, dest)
    if committed:
        return Workspace(dest, head, _checkout_head(dest, head))
    files = [path for path in working_tree_files(root) if not _inside(root / path, dest)]
    copy_files(root, dest, files)
    return Workspace(dest, head, len(files))


def _check_dest(repo: Path, dest: Path) -> None:
    if dest == repo or _inside(repo, dest):
        raise PitstopError(f"the workspace {dest} would contain the repository {repo}")
    if dest.exists() and any(dest.iterdir()):
        raise PitstopError(f"the workspace directory {dest} is not empty")
    dest.mkdir(parents=True, exist_ok=True)


def _inside(path: Path, directory: Path) -> bool:
    return path.is_relative_to(directory)


def _copy_plain(repo: Path, dest: Path) -> Workspace:
    subprocess.run(["cp", "-a", "--reflink=auto", f"{repo}/.", str(dest)], check=True)
    count = sum(len(files) for _, _, files in os.walk(dest))
    return Workspace(dest, None, count)


def working_tree_files(root: Path) -> list[str]:
    """Tracked files present on disk and untracked, non-ignored files (no gitlinks)."""
    staged = git(root, "ls-files", "-z", "--stage").split(b"\0")
    tracked: dict[str, None] = {}
    for entry in staged:
        if entry:
            meta, _, path = entry.partition(b"\t")
            if not meta.startswith(b"160000"):
                tracked[os.fsdecode(path)] = None
    others = git(root, "ls-files", "-z", "--others", "--exclude-standard").split(b"\0")
    tracked.update((os.fsdecode(path), None) for path in others if path)
    return [path for path in tracked if os.path.lexists(root / path)]


def copy_files(source: Path, dest: Path, paths: Sequence[str]) -> None:
    """`cp -a --reflink=auto --parents` the relative `paths` from `source` into `dest`."""
    batches = [paths[i : i + _BATCH] for i in range(0, len(paths), _BATCH)]
    with ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:
        for done in pool.map(lambda batch: _cp(source, dest, batch), batches):
            if done.returncode != 0:
                message = done.stderr.decode(errors="replace").strip()
                raise PitstopError(f"copying the working tree into {dest} failed: {message}")


def _cp(source: Path, dest: Path, batch: Sequence[str]) -> subprocess.CompletedProcess[bytes]:
    argv = ["cp", "-a", "--reflink=auto", "--parents", "-t", str(dest), "--", *batch]
    return subprocess.run(argv, cwd=source, capture_output=True, check=False)


def _clone_metadata(root: Path, dest: Path) -> str | None:
    """Create `dest/.git` sharing `root`'s objects, refs, HEAD, index and origin."""
    git_dir = Path(os.fsdecode(git(root, "rev-parse", "--absolute-git-dir").strip()))
    common = Path(os.fsdecode(git(root, "rev-parse", "--git-common-dir").strip()))
    common = common if common.is_absolute() else (root / common).resolve()
    git(dest, "init", "-q")
    (dest / ".git/objects/info/alternates").write_text(f"{common / 'objects'}\n")
    _copy_refs(root, dest)
    head = _head(root)
    branch = git(root, "symbolic-ref", "-q", "HEAD").strip() if _on_branch(root) else b""
    if branch:
        git(dest, "symbolic-ref", "HEAD", os.fsdecode(branch))
    elif head:
        git(dest, "update-ref", "--no-deref", "HEAD", head)
    for name, source in (("index", git_dir / "index"), ("shallow", common / "shallow")):
        if source.exists():
            shutil.copyfile(source, dest / ".git" / name)
    origin = query(root, "remote", "get-url", "origin")
    if origin is not None:
        git(dest, "remote", "add", "origin", origin)
    return head


def _copy_refs(root: Path, dest: Path) -> None:
    listing = git(root, "for-each-ref", "--format=%(objectname) %(refname)", *_COPIED_REFS)
    commands = []
    for line in listing.decode().splitlines():
        sha, _, ref = line.partition(" ")
        if not ref.endswith("/HEAD"):  # symbolic refs such as origin/HEAD: see below
            commands.append(f"create {ref} {sha}\n")
    if commands:
        git(dest, "update-ref", "--stdin", input="".join(commands).encode())
    origin_head = query(root, "symbolic-ref", "-q", "refs/remotes/origin/HEAD")
    if origin_head is not None:
        git(dest, "symbolic-ref", "refs/remotes/origin/HEAD", origin_head)


def _head(root: Path) -> str | None:
    return query(root, "rev-parse", "-q", "--verify", "HEAD^{commit}")


def _on_branch(root: Path) -> bool:
    return query(root, "symbolic-ref", "-q", "HEAD") is not None


def _checkout_head(dest: Path, head: str | None) -> int:
    """Write HEAD's files into `dest` from the object store; the number of files."""
    if head is None:
        git(dest, "read-tree", "--empty")
        return 0
    git(dest, "read-tree", head)
    git(dest, "-c", "checkout.workers=0", "checkout-index", "-a", "-f")
    return len(git(dest, "ls-files", "-z").split(b"\0")) - 1
