"""Writing generated files: idempotent, never clobbering a user's edit, with diffs.

A generated YAML file carries a `# pitstop-sha256:` stamp of its own content. When the stamp
still matches, nobody edited the file and `init` may replace it; when it does not, the file
is the user's and is only replaced with `--force` (the diff is shown instead).

A file pitstop never wrote (no stamp: the project's own `ci.yml`) stops the whole write: the
generated workflows call each other (deploy.yml runs ci.yml), so a set with the project's own
file in the middle would be broken. Nothing is written until `--force` (git keeps the file).
"""

from __future__ import annotations

import difflib
import hashlib
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

STAMP = "# pitstop-sha256: "


class Policy(Enum):
    GENERATED = "generated"  # replaced when unedited; an edit needs --force
    ONCE = "once"  # written only when absent, then the project's own
    MERGE = "merge"  # pitstop's change merged into the user's file (pyproject.toml)


class Status(Enum):
    UNCHANGED = "unchanged"
    CREATE = "create"
    UPDATE = "update"
    EDITED = "edited"  # differs and the user edited it: needs --force
    OWN = "own"  # differs and pitstop never wrote it: needs --force, else nothing is written


@dataclass(frozen=True)
class Change:
    path: str
    old: str | None
    new: str
    status: Status

    def diff(self) -> str:
        old = [] if self.old is None else self.old.splitlines(keepends=True)
        lines = difflib.unified_diff(
            old,
            self.new.splitlines(keepends=True),
            fromfile="/dev/null" if self.old is None else f"a/{self.path}",
            tofile=f"b/{self.path}",
        )
        return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


def stamp(text: str) -> str:
    """Insert the content stamp after the first (header) line of a YAML file."""
    first, _, rest = text.partition("\n")
    return f"{first}\n{STAMP}{_digest(first + chr(10) + rest)}\n{rest}"


def unedited(text: str) -> bool:
    """Whether a stamped file still holds exactly what pitstop wrote."""
    lines = text.split("\n")
    for index, line in enumerate(lines):
        if line.startswith(STAMP):
            body = "\n".join(lines[:index] + lines[index + 1 :])
            return line[len(STAMP) :] == _digest(body)
    return False


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def plan(root: Path, files: dict[str, tuple[str, Policy]]) -> list[Change]:
    changes = []
    for path, (new, policy) in files.items():
        target = root / path
        old = target.read_text(encoding="utf-8") if target.is_file() else None
        changes.append(Change(path, old, new, _status(path, old, new, policy)))
    return changes


def _status(path: str, old: str | None, new: str, policy: Policy) -> Status:
    if old is None:
        return Status.CREATE
    if old == new or policy is Policy.ONCE:
        return Status.UNCHANGED
    if policy is Policy.MERGE or unedited(old):
        return Status.UPDATE
    stampable = path.endswith((".yml", ".yaml"))  # the ruleset's JSON cannot carry a stamp
    return Status.OWN if stampable and STAMP not in old else Status.EDITED


def write(root: Path, changes: list[Change], *, force: bool) -> list[Change]:
    """Write the creates and updates (and edited or own files when forced); return what was
    written. Without `force`, a project's own file in the way means nothing is written."""
    if not force and any(change.status is Status.OWN for change in changes):
        return []
    written = []
    for change in changes:
        wanted = change.status in (Status.CREATE, Status.UPDATE)
        if wanted or (force and change.status in (Status.EDITED, Status.OWN)):
            target = root / change.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(change.new, encoding="utf-8")
            if change.path.endswith(".sh"):
                target.chmod(0o755)
            written.append(change)
    return written
