"""The one user-facing exception family, rendered like a compiler's diagnostics."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Location:
    """A 1-based position in a file, with the offending line quoted when known."""

    file: str
    line: int
    column: int
    source_line: str | None = None
    length: int = 1

    @classmethod
    def in_file(cls, file: str | Path, line: int, column: int, length: int = 1) -> Location:
        """Build a location and quote the line from the file on disk."""
        try:
            lines = Path(file).read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            lines = []
        quoted = lines[line - 1] if 0 < line <= len(lines) else None
        return cls(str(file), line, column, quoted, length)

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


class PitstopError(Exception):
    """An error the user can fix: printed without a traceback, exit code 1."""

    def __init__(
        self, message: str, *, location: Location | None = None, hint: str | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.location = location
        self.hint = hint

    def render(self) -> str:
        """The diagnostic as a person reads it: what, where, the line, what to do."""
        out = [f"error: {self.message}"]
        loc = self.location
        if loc is not None:
            out.append(f"  --> {loc}")
            if loc.source_line is not None:
                gutter = " " * len(str(loc.line))
                caret = " " * max(loc.column - 1, 0) + "^" * max(loc.length, 1)
                out += [
                    f"{gutter} |",
                    f"{loc.line} | {loc.source_line}",
                    f"{gutter} | {caret}",
                ]
        if self.hint:
            out.append(f"  = hint: {self.hint}")
        return "\n".join(out)

    def __str__(self) -> str:
        return self.render()
