"""git access: facts about the local repository that GitHub would know from its own records,
and the one helper every part of pitstop runs git through.

`query` is read-only and quiet (None when git fails or is missing); `run` is for commands that
must succeed (a failure is a PitstopError with git's message). Nothing here fetches.

Within `memoised(checkout)` (one `pitstop run`), a query of that checkout asks git once: a
run reads the same facts of the user's checkout from several places (the event, the github
context, the workspace, the cache scope), some 20 git processes for 15 different answers,
and a run treats the checkout as read-only and as it was when the run began.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pitstop.errors import PitstopError

# https://host/owner/repo(.git), ssh://git@host(:port)/owner/repo(.git), git@host:owner/repo(.git)
_URL = re.compile(r"^(?:[a-z+]+://)?(?:[^@/]+@)?(?P<host>[^/:]+)(?::\d+)?[:/](?P<path>.+?)/?$")


@dataclass(frozen=True)
class Remote:
    host: str
    owner: str
    name: str

    @property
    def repository(self) -> str:
        return f"{self.owner}/{self.name}"


@dataclass(frozen=True)
class Ref:
    ref: str  # refs/heads/main, refs/tags/v1, or the sha on a detached HEAD without a tag
    name: str  # main, v1, or the sha
    type: str  # "branch" or "tag"


def _environment() -> dict[str, str]:
    return {**os.environ, "LC_ALL": "C", "GIT_TERMINAL_PROMPT": "0"}


class _Memo:
    """The answers of one checkout's queries while `memoised` is active."""

    def __init__(self) -> None:
        self.checkout: Path | None = None
        self.answers: dict[tuple[str, ...], str | None] = {}
        self.lock = threading.Lock()

    def covers(self, repo: Path) -> bool:
        checkout = self.checkout
        return checkout is not None and (repo == checkout or repo.resolve() == checkout)


_MEMO = _Memo()


@contextlib.contextmanager
def memoised(checkout: Path) -> Iterator[None]:
    """While inside, each distinct query of `checkout` runs git once (see the module doc)."""
    with _MEMO.lock:
        saved = _MEMO.checkout, _MEMO.answers
        _MEMO.checkout, _MEMO.answers = checkout.resolve(), {}
    try:
        yield
    finally:
        with _MEMO.lock:
            _MEMO.checkout, _MEMO.answers = saved


def query(repo: Path, *args: str) -> str | None:
    """stdout of a git query, stripped, or None when it fails (no such ref, no commits, no
    repository, no git)."""
    if not _MEMO.covers(Path(repo)):
        return _query(repo, args)
    with _MEMO.lock:
        if args in _MEMO.answers:
            return _MEMO.answers[args]
    answer = _query(repo, args)
    with _MEMO.lock:
        _MEMO.answers[args] = answer
    return answer


def _query(repo: Path, args: tuple[str, ...]) -> str | None:
    try:
        done = subprocess.run(
            ["git", "-C", str(repo), *args],
            capture_output=True,
            text=True,
            check=False,
            stdin=subprocess.DEVNULL,
            env=_environment(),
        )
    except OSError:
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def run(cwd: Path, *args: str, hint: str) -> str:
    """stdout of a git command that must succeed; a failure is a PitstopError with `hint`."""
    try:
        done = subprocess.run(
            ["git", *args],
            cwd=cwd,
            capture_output=True,
            text=True,
            check=False,
            stdin=subprocess.DEVNULL,
            env=_environment(),
        )
    except OSError as exc:
        raise PitstopError(f"git cannot be run: {exc.strerror}", hint=hint) from None
    if done.returncode != 0:
        raise PitstopError(
            f"git {' '.join(args)} failed in {cwd}:\n{done.stderr.strip()}", hint=hint
        )
    return done.stdout


def parse_remote_url(url: str) -> Remote | None:
    """owner/name from a GitHub-style remote URL (https, ssh, scp-like), None otherwise."""
    if url.startswith(("/", ".", "file:")):
        return None
    match = _URL.match(url.strip())
    if match is None:
        return None
    parts = match.group("path").removesuffix(".git").strip("/").split("/")
    if len(parts) < 2 or not all(parts[-2:]):
        return None
    return Remote(match.group("host"), parts[-2], parts[-1])


def remote(repo: Path) -> Remote | None:
    url = query(repo, "remote", "get-url", "origin")
    return parse_remote_url(url) if url else None


def repository(repo: Path) -> str:
    """owner/name from `origin`, or `local/<folder name>` when there is no GitHub-like origin."""
    found = remote(repo)
    return found.repository if found else f"local/{top_level(repo).name}"


def scope(repo: Path) -> str:
    """A folder name for what belongs to this repository alone (its caches): the GitHub-like
    origin's owner/name, else the checkout's own path, plus a digest so names never collide.
    Two clones of one GitHub repository share it, as they share caches on GitHub."""
    found = remote(repo)
    root = Path(query(repo, "rev-parse", "--show-toplevel") or repo).resolve()
    identity = found.repository if found else str(root)
    readable = re.sub(r"[^A-Za-z0-9._-]+", "-", found.repository if found else root.name)
    return f"{readable.strip('-.') or 'repo'}-{hashlib.sha256(identity.encode()).hexdigest()[:12]}"


def top_level(repo: Path) -> Path:
    root = query(repo, "rev-parse", "--show-toplevel")
    if root is None:
        raise PitstopError(
            f"{repo} is not inside a git repository",
            hint="run pitstop in your project's checkout (`git init` if it has none)",
        )
    return Path(root)


def head_sha(repo: Path) -> str | None:
    """HEAD's commit, None in a repository without commits."""
    return query(repo, "rev-parse", "-q", "--verify", "HEAD^{commit}")


def current_branch(repo: Path) -> str | None:
    return query(repo, "symbolic-ref", "-q", "--short", "HEAD")


def current_ref(repo: Path) -> Ref:
    """The ref GitHub would report for a push of what is checked out."""
    branch = current_branch(repo)
    if branch is not None:
        return Ref(f"refs/heads/{branch}", branch, "branch")
    tag = query(repo, "describe", "--tags", "--exact-match", "HEAD")
    if tag:
        return Ref(f"refs/tags/{tag}", tag, "tag")
    sha = head_sha(repo) or ""
    return Ref(sha, sha, "branch")


def default_branch(repo: Path) -> str:
    """The branch GitHub calls the default: the remote's HEAD (origin/HEAD) when known; else
    `main` or `master` if present locally or on origin; else the current branch; else `main`.
    (`pitstop init` and `pitstop run` both use this one rule.)"""
    origin_head = query(repo, "symbolic-ref", "-q", "--short", "refs/remotes/origin/HEAD")
    if origin_head:
        return origin_head.removeprefix("origin/")
    for name in ("main", "master"):
        for ref in (f"refs/heads/{name}", f"refs/remotes/origin/{name}"):
            if query(repo, "rev-parse", "-q", "--verify", ref) is not None:
                return name
    return current_branch(repo) or "main"


def actor(repo: Path, environ: dict[str, str] | None = None) -> str:
    """git's user.name, else $USER, else `pitstop`."""
    environ = dict(os.environ) if environ is None else environ
    return query(repo, "config", "user.name") or environ.get("USER") or "pitstop"


def resolve_base(repo: Path, base: str) -> str:
    """The commit of `base` (a branch, `origin/<branch>`, tag or sha)."""
    for candidate in (base, f"origin/{base}", f"refs/remotes/origin/{base}"):
        sha = query(repo, "rev-parse", "-q", "--verify", f"{candidate}^{{commit}}")
        if sha:
            return sha
    raise PitstopError(
        f"base {base!r} not found in the local repository",
        hint="fetch it (`git fetch origin <branch>`) or name another base branch",
    )


def push_base(repo: Path) -> str | None:
    """What a push would be compared with: the upstream branch, else the previous commit."""
    for candidate in ("@{upstream}", "HEAD~1"):
        sha = query(repo, "rev-parse", "-q", "--verify", candidate)
        if sha:
            return sha
    return None


def changed_files(repo: Path, base: str) -> list[str]:
    """Files changed since the merge base of HEAD and `base`, committed or not, plus untracked
    (non-ignored) files; renames count as a deletion and an addition. Sorted, repo-relative."""
    base_sha = resolve_base(repo, base)
    head = head_sha(repo)
    merge_base = query(repo, "merge-base", base_sha, head) if head else None
    against = merge_base or base_sha
    diff = query(repo, "diff", "--no-renames", "--name-only", "-z", against) or ""
    untracked = query(repo, "ls-files", "-z", "--others", "--exclude-standard") or ""
    names = {name for name in (diff + "\0" + untracked).split("\0") if name}
    return sorted(names)


def in_clone(repo: Path, path: str) -> bool:
    """Whether a clone of `repo` would have `path` (relative): a file, or a folder holding
    one, that git tracks or would add (untracked, not ignored). Your ignored `data/` or
    compiled `.mo` files are not in a clone. Outside a repository: whether it exists."""
    listed = query(repo, "ls-files", "--cached", "--others", "--exclude-standard", "--", path)
    return bool(listed) if listed is not None else (repo / path).exists()


def commit_info(repo: Path, rev: str = "HEAD") -> dict[str, str]:
    """id, message, timestamp (ISO 8601), author name and email, tree_id of one commit."""
    out = query(repo, "show", "-s", "--format=%H%x00%T%x00%aI%x00%an%x00%ae%x00%B", rev)
    if out is None:
        return {}
    sha, tree, when, name, email, message = out.split("\0", 5)
    return {
        "id": sha,
        "tree_id": tree,
        "timestamp": when,
        "author_name": name,
        "author_email": email,
        "message": message.strip(),
    }
