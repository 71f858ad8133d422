"""An annotation: GitHub's `::error`/`::warning`/`::notice` message on a file and line."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class Annotation:
    level: Literal["error", "warning", "notice"]
    message: str
    file: str | None = None
    line: int | None = None
    title: str | None = None
    hint: str | None = None  # what to do, from a PitstopError (GitHub's annotations have none)
