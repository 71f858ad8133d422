"""Sandboxed remotes: in a run, every git remote is a bare mirror inside the run dir.

On GitHub a job pushes with its token and the push lands; locally the same push would land
on your real remote. So when the snapshot is made (once per run), each remote of your
checkout gets a bare repository `<run dir>/remotes/<name>.git` that borrows your objects
(`objects/info/alternates`) and holds your remote-tracking refs as its branches
(`refs/remotes/origin/main` -> `refs/heads/main`) and your tags. The snapshot's remote URLs
point at those mirrors, and each job's global git config has `url.<mirror>.insteadOf <your
URL>` rules, so that a step pushing to the URL itself (or cloning it) reaches the mirror too.
A push succeeds there; at the end of the run `pushes` compares each mirror's refs with what
they were and lists what would have been pushed where (`origin refs/heads/nightly <-
3d7fb45`). Nothing reaches your remote, and your checkout's refs are not touched.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from pitstop.github.git import query
from pitstop.runner.workspace import git

RECORD = "remotes.json"


@dataclass(frozen=True)
class Push:
    remote: str
    url: str  # your remote's URL, where the push would have gone (`redacted`)
    ref: str
    sha: str | None  # None: the ref was deleted
    before: str | None  # None: a new ref

    def line(self) -> str:
        target = "deleted" if self.sha is None else f"<- {self.sha[:7]}"
        return f"{self.remote} {self.ref} {target}"

    def to_json(self) -> dict[str, object]:
        return {
            "remote": self.remote,
            "url": self.url,
            "ref": self.ref,
            "sha": self.sha,
            "before": self.before,
        }


def sandbox(checkout: Path, workspace: Path, mirrors: Path) -> None:
    """Give `workspace` (a copy of `checkout`'s repository) a mirror for each remote."""
    root = _toplevel(checkout)
    if root is None or not (workspace / ".git").is_dir():
        return
    names = os.fsdecode(git(root, "remote")).split()
    mirrors.mkdir(parents=True, exist_ok=True)
    objects = _objects(root)
    record: dict[str, dict[str, object]] = {}
    for name in names:
        url = os.fsdecode(git(root, "remote", "get-url", name)).strip()
        mirror = (mirrors / f"{_safe(name)}.git").resolve()
        refs = _make_mirror(root, name, mirror, objects)
        _point_at(workspace, name, mirror)
        record[name] = {"url": url, "mirror": str(mirror), "refs": refs}
    (mirrors / RECORD).write_text(json.dumps(record, indent=2), encoding="utf-8")


def git_config(mirrors: Path) -> str:
    """The job's global git config: your remotes' URLs lead to the mirrors."""
    record = _record(mirrors)
    lines = []
    for entry in record.values():
        lines += [
            f'[url "{entry["mirror"]}"]',
            f"\tinsteadOf = {entry['url']}",
            f"\tpushInsteadOf = {entry['url']}",
        ]
    return "".join(line + "\n" for line in lines)


def pushes(mirrors: Path) -> list[Push]:
    """What the run pushed to each mirror: every ref that differs from the start."""
    found: list[Push] = []
    for name, entry in _record(mirrors).items():
        before = entry["refs"]
        assert isinstance(before, dict)
        mirror = Path(str(entry["mirror"]))
        now = _refs(mirror) if mirror.is_dir() else {}
        url = redacted(str(entry["url"]))
        for ref in sorted(set(before) | set(now)):
            if before.get(ref) != now.get(ref):
                found.append(Push(name, url, ref, now.get(ref), before.get(ref)))
    return found


def redacted(url: str) -> str:
    """`url` as reported: the user and password of an http(s) URL (a token, often) hidden."""
    return re.sub(r"^(https?://)[^/@]+@", r"\1***@", url)


def _make_mirror(root: Path, name: str, mirror: Path, objects: Path) -> dict[str, str]:
    git(mirror.parent, "init", "-q", "--bare", str(mirror))
    (mirror / "objects/info/alternates").write_text(f"{objects}\n", encoding="utf-8")
    prefix = f"refs/remotes/{name}/"
    listing = git(root, "for-each-ref", "--format=%(objectname) %(refname)", prefix, "refs/tags/")
    commands = []
    for line in os.fsdecode(listing).splitlines():
        sha, _, ref = line.partition(" ")
        if ref == f"{prefix}HEAD":
            continue
        target = "refs/heads/" + ref.removeprefix(prefix) if ref.startswith(prefix) else ref
        commands.append(f"create {target} {sha}\n")
    if commands:
        git(mirror, "update-ref", "--stdin", input="".join(commands).encode())
    head = query(root, "symbolic-ref", "-q", f"{prefix}HEAD")
    if head is not None:
        branch = head.removeprefix(prefix)
        git(mirror, "symbolic-ref", "HEAD", f"refs/heads/{branch}")
    return _refs(mirror)


def _point_at(workspace: Path, name: str, mirror: Path) -> None:
    config = subprocess.run(
        ["git", "-C", str(workspace), "remote", "get-url", name], capture_output=True
    )
    verb = "set-url" if config.returncode == 0 else "add"
    git(workspace, "remote", verb, name, str(mirror))
    for key in ("pushurl", "mirror"):  # your pushurl (or a mirror flag) must not survive
        subprocess.run(
            ["git", "-C", str(workspace), "config", "--unset-all", f"remote.{name}.{key}"],
            capture_output=True,
        )


def _refs(repo: Path) -> dict[str, str]:
    listing = git(repo, "for-each-ref", "--format=%(objectname) %(refname)")
    pairs = (line.partition(" ") for line in os.fsdecode(listing).splitlines())
    return {ref: sha for sha, _, ref in pairs}


def _record(mirrors: Path) -> dict[str, dict[str, object]]:
    try:
        loaded = json.loads((mirrors / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return loaded if isinstance(loaded, dict) else {}


def _toplevel(path: Path) -> Path | None:
    top = query(path, "rev-parse", "--show-toplevel")
    return Path(top) if top is not None else None


def _objects(root: Path) -> Path:
    common = Path(os.fsdecode(git(root, "rev-parse", "--git-common-dir").strip()))
    return (common if common.is_absolute() else root / common).resolve() / "objects"


def _safe(name: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in name).lstrip(".") or "remote"
