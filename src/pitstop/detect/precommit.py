"""Whether the project uses pre-commit, and which hooks at which revisions."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from pitstop.detect._files import read_text

CONFIG = ".pre-commit-config.yaml"


@dataclass(frozen=True)
class PreCommit:
    config: str | None
    remote: bool  # whether any hook comes from a remote repository (needs the network)
    hook_revs: dict[str, str] = field(default_factory=dict, hash=False, compare=False)
    runs_mypy: bool = False  # a hook whose id or entry is mypy (its cache is worth keeping)


def detect(root: Path) -> PreCommit:
    text = read_text(root / CONFIG)
    if text is None:
        return PreCommit(None, False)
    revs: dict[str, str] = {}
    for block in re.split(r"^\s*-\s*repo:", text, flags=re.M)[1:]:
        rev = re.search(r"^\s*rev:\s*['\"]?v?([\w.]+)", block, re.M)
        for hook in re.findall(r"^\s*-\s*id:\s*['\"]?([\w-]+)", block, re.M):
            if rev:
                revs[hook] = rev[1]
    remote = bool(re.search(r"^\s*-\s*repo:\s*['\"]?https?://", text, re.M))
    runs_mypy = bool(re.search(r"^\s*(?:-\s*)?(?:id|entry):\s*['\"]?mypy\b", text, re.M))
    return PreCommit(CONFIG, remote, revs, runs_mypy)
