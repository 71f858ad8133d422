"""What each local interpreter answered pitstop's probe, kept by the interpreter's identity.

Finding the local Pythons (`pythons.discover`) asks every candidate for its version and
install root, one subprocess each (about 35 ms; ten candidates on this machine), once per
`pitstop` process, and `pitstop prove` starts one per defect. The answer depends only on the
executable and, for a venv's python, on its `pyvenv.cfg` (which names the base install): the
probe runs with `-E`, so no PYTHON* variable changes it. The answers are kept in pitstop's
cache folder under that identity (the path, where it really leads, that file's size,
modification time and inode, and any `pyvenv.cfg` beside or above it); an executable that
changed in any of these is asked again.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from functools import cache
from pathlib import Path

FILE = "python-answers.json"


def identity(path: Path) -> str | None:
    """What the probe's answer for `path` depends on; None when it cannot be read."""
    try:
        real = path.resolve(strict=True)
        info = real.stat()
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop
        return None
    configs = [_text(folder / "pyvenv.cfg") for folder in (path.parent, path.parent.parent)]
    facts = [str(path), str(real), info.st_size, info.st_mtime_ns, info.st_ino, info.st_dev]
    return json.dumps([*facts, configs])


class Answers:
    """The answers file of one cache folder, read once, written as answers come in."""

    def __init__(self, file: Path) -> None:
        self.file = file
        try:
            loaded = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            loaded = {}
        self.known: dict[str, str] = loaded if isinstance(loaded, dict) else {}

    def get(self, key: str) -> str | None:
        answer = self.known.get(key)
        return answer if isinstance(answer, str) else None

    def put(self, key: str, answer: str) -> None:
        """Keep the answer; another process's answers written meanwhile are kept too."""
        fresh = Answers(self.file).known
        self.known = {**fresh, **self.known, key: answer}
        with contextlib.suppress(OSError):  # a cache: nothing is lost but the time
            self.file.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.file.parent, suffix=".tmp")
            try:
                with os.fdopen(handle, "w", encoding="utf-8") as out:
                    json.dump(self.known, out)
                Path(temporary).replace(self.file)
            finally:
                Path(temporary).unlink(missing_ok=True)


@cache
def in_folder(folder: Path) -> Answers:
    return Answers(folder / FILE)


def _text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
