"""The per-step environment files: GITHUB_ENV, GITHUB_OUTPUT, GITHUB_STATE, GITHUB_PATH and
GITHUB_STEP_SUMMARY, created empty before a step and read back after it.

The parsing rules are those of actions/runner (`FileCommandManager.cs`):
- lines are split on LF only (a CR before it stays part of the value, as on Linux runners);
- empty lines are skipped; nothing is trimmed, neither names nor values;
- `NAME=value` when `=` comes before any `<<`; `NAME<<DELIM` (heredoc) when `<<` comes first;
  the heredoc value is every line up to the line equal to DELIM, joined with LF; every value
  line must end with LF, the delimiter line may be the last line of the file without one;
  a missing delimiter is an error (GitHub fails the step: "Matching delimiter not found");
- a later assignment of the same name wins.
GITHUB_PATH (`AddPathFileCommand`, which reads with .NET's `File.ReadAllLines`): lines end at
LF, CR or CRLF; empty lines are skipped, nothing is trimmed; a directory added again moves to
the front; the resulting PATH has the most recently added directory first.

This is the one reader of these files: the runner's steps and the JavaScript actions' phases
both use it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from pitstop.errors import Location, PitstopError

# The file names GitHub gives them (prefix + a fresh GUID in GitHub; one directory per step here).
FILE_NAMES = {
    "GITHUB_ENV": "set_env",
    "GITHUB_OUTPUT": "set_output",
    "GITHUB_STATE": "save_state",
    "GITHUB_PATH": "add_path",
    "GITHUB_STEP_SUMMARY": "step_summary",
}


@dataclass(frozen=True)
class StepFiles:
    """The fresh, empty files of one step; `env()` gives the variables that point at them."""

    env_file: Path
    output_file: Path
    state_file: Path
    path_file: Path
    summary_file: Path

    def env(self) -> dict[str, str]:
        return {
            "GITHUB_ENV": str(self.env_file),
            "GITHUB_OUTPUT": str(self.output_file),
            "GITHUB_STATE": str(self.state_file),
            "GITHUB_PATH": str(self.path_file),
            "GITHUB_STEP_SUMMARY": str(self.summary_file),
        }


@dataclass(frozen=True)
class StepFileResults:
    """What a step wrote to its files, parsed."""

    env: dict[str, str]
    outputs: dict[str, str]
    state: dict[str, str]
    path: list[str]  # in the order written (see `prepend_path` for the PATH order)
    summary: str


def create_step_files(directory: Path) -> StepFiles:
    """Create `directory` (if needed) and the five empty files in it (truncating old ones)."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = {var: directory / name for var, name in FILE_NAMES.items()}
    for path in paths.values():
        path.write_bytes(b"")
    return StepFiles(
        env_file=paths["GITHUB_ENV"],
        output_file=paths["GITHUB_OUTPUT"],
        state_file=paths["GITHUB_STATE"],
        path_file=paths["GITHUB_PATH"],
        summary_file=paths["GITHUB_STEP_SUMMARY"],
    )


def read_step_files(files: StepFiles) -> StepFileResults:
    """Parse all five files; a malformed env/output/state file is a PitstopError."""
    return StepFileResults(
        env=parse_env_file(files.env_file),
        outputs=parse_env_file(files.output_file),
        state=parse_env_file(files.state_file),
        path=parse_path_file(files.path_file),
        summary=read_summary(files.summary_file),
    )


def _read(path: Path) -> str | None:
    try:
        return path.read_bytes().decode("utf-8", errors="replace")
    except FileNotFoundError:
        return None


def parse_env_file(path: Path) -> dict[str, str]:
    """Parse a GITHUB_ENV / GITHUB_OUTPUT / GITHUB_STATE file; a missing file is empty."""
    text = _read(path)
    return {} if text is None else dict(parse_env_text(text, str(path)))


def _lines(text: str) -> Iterator[tuple[int, str, bool]]:
    """(line number, line without LF, whether it ended with LF), as GitHub's ReadLine."""
    start, number = 0, 0
    while start < len(text):
        number += 1
        end = text.find("\n", start)
        if end < 0:
            yield number, text[start:], False
            return
        yield number, text[start:end], True
        start = end + 1


def parse_env_text(text: str, filename: str = "<env file>") -> list[tuple[str, str]]:
    """The (name, value) pairs of an env-file text, in order (later duplicates win in a dict)."""
    pairs: list[tuple[str, str]] = []
    lines = _lines(text)
    for number, line, _ in lines:
        if line == "":
            continue
        equals, heredoc = line.find("="), line.find("<<")
        if equals >= 0 and (heredoc < 0 or equals < heredoc):
            name, value = line.split("=", 1)
        elif heredoc >= 0:
            name, delimiter = line.split("<<", 1)
            if not delimiter:
                raise _error("the heredoc delimiter must not be empty", filename, number, line)
            value = _heredoc(lines, delimiter, filename, number, line)
        else:
            raise _error("expected NAME=value or NAME<<DELIMITER", filename, number, line)
        if not name:
            raise _error("the name must not be empty", filename, number, line)
        pairs.append((name, value))
    return pairs


def _heredoc(
    lines: Iterator[tuple[int, str, bool]], delimiter: str, filename: str, number: int, line: str
) -> str:
    value: list[str] = []
    for _, body, newline in lines:
        if body == delimiter:
            return "\n".join(value)
        if not newline:
            break
        value.append(body)
    raise _error(
        f"matching delimiter {delimiter!r} not found",
        filename,
        number,
        line,
        hint=f"end the value with a line that is exactly {delimiter!r}, followed by a newline",
    )


def _error(
    message: str, filename: str, number: int, line: str, hint: str | None = None
) -> PitstopError:
    location = Location(filename, number, 1, line, length=max(len(line), 1))
    return PitstopError(
        f"{filename}: {message}",
        location=location,
        hint=hint or "write NAME=value, or NAME<<EOF, the value's lines, then EOF",
    )


_ANY_LINE_END = re.compile(r"\r\n|\r|\n")  # File.ReadAllLines' line ends


def parse_path_file(path: Path) -> list[str]:
    """The directories written to GITHUB_PATH, in the order written (empty lines skipped)."""
    text = _read(path)
    if text is None:
        return []
    return [line for line in _ANY_LINE_END.split(text) if line != ""]


def prepend_path(current: Sequence[str], added: Iterable[str]) -> list[str]:
    """Add directories to the job's prepend list as GitHub does: a re-added one moves last."""
    result = list(current)
    for directory in added:
        if directory in result:
            result.remove(directory)
        result.append(directory)
    return result


def path_value(prepended: Sequence[str], base_path: str) -> str:
    """PATH for a step: the most recently added directory first, then the original PATH."""
    front = ":".join(reversed(prepended))
    if not front:
        return base_path
    return f"{front}:{base_path}" if base_path else front


def read_summary(path: Path) -> str:
    """The markdown written to GITHUB_STEP_SUMMARY ("" when missing)."""
    return _read(path) or ""
