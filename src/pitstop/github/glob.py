"""GitHub's two kinds of path pattern, each implemented once.

1. `@actions/glob` (`parse_patterns`, `glob`, `search_paths`): what `hashFiles()`,
   upload-artifact, cache and setup-python/-node's `cache-dependency-path` read. One pattern a
   line (trimmed); empty and `#` lines are skipped; each leading `!` toggles exclusion;
   `~` is the home directory; relative patterns are relative to the workspace; `.` only as the
   first segment and `..` never (GitHub rejects them). `*`, `?` and `[...]` stay within one
   segment and match names starting with a dot; `**` is any number of segments; a trailing
   `/` matches directories only. Patterns apply IN ORDER: a later `!` pattern removes what
   earlier ones matched, a later plain pattern adds it back. With implicit descendants (the
   default) each pattern also stands for everything beneath what it names. The walk is
   depth-first from each search path (the literal part before the first wildcard), directory
   entries sorted by name as bytes, as Node's `readdir` returns them; matched directories
   are yielded too, then walked.

2. Filter patterns (`filter_matches`, `compile_filter_pattern`): `on.<event>.branches`,
   `tags` and `paths`, GitHub's "filter pattern cheat sheet". They match strings, not the
   file system: `*` is any characters but `/`, `**` any characters including `/` (`**/` also
   none), `?` makes the preceding character optional and `+` repeats it (regular-expression
   style, unlike @actions/glob where `?` is one character), `[...]` is a class, `\\` escapes,
   a leading `!` negates; patterns apply in order, the last match wins.
"""

from __future__ import annotations

import functools
import os
import re
import stat
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from pitstop.errors import PitstopError

GLOBSTAR = "**"
DIRECTORY, FILE = 1, 2


class GlobError(Exception):
    """A pattern @actions/glob rejects, or a broken symbolic link it would not skip."""


@dataclass(frozen=True)
class Pattern:
    negate: bool
    segments: tuple[str, ...]  # absolute: segments[0] is "" for the root
    directories_only: bool
    implicit: bool = False  # the `/**` implicit descendants add: never the directory itself

    def matches(self, path: tuple[str, ...]) -> bool:
        if self.implicit:  # @actions/glob appends no `/` to the path for these
            return _match((*self.segments[:-1], "*", GLOBSTAR), path)
        return _match(self.segments, path)

    def may_match_below(self, path: tuple[str, ...]) -> bool:
        return _partial(self.segments, path)

    @property
    def search_path(self) -> tuple[str, ...]:
        literal: list[str] = []
        for segment in self.segments:
            text = _literal(segment)
            if text is None:
                break
            literal.append(text)
        return tuple(literal)


def parse_patterns(lines: Iterable[str], root: Path, home: Path | None = None) -> list[Pattern]:
    """The patterns of the non-empty, non-comment lines, in order."""
    return [_parse(line, root, home) for line in lines if _is_pattern(line)]


def _is_pattern(line: str) -> bool:
    line = line.strip()
    return bool(line) and not line.startswith("#")


def _parse(line: str, root: Path, home: Path | None) -> Pattern:
    text = line.strip()
    negate = False
    while text.startswith("!"):
        negate = not negate
        text = text[1:].strip()
    segments = [s for s in text.split("/") if s]
    literals = [_literal(s) for s in segments]
    if any(lit == ".." or (lit == "." and i > 0) for i, lit in enumerate(literals)):
        raise GlobError(f"Invalid pattern '{text}'. Relative pathing '.' and '..' is not allowed.")
    if text.startswith("/"):
        base: tuple[str, ...] = ("",)
    elif segments and segments[0] == "~":
        base, segments = _split(home or Path.home()), segments[1:]
    else:
        base = _split(root.absolute())
        if segments and segments[0] == ".":
            segments = segments[1:]
    return Pattern(negate, base + tuple(segments), text.endswith("/"))


def _split(path: Path) -> tuple[str, ...]:
    return ("", *(part for part in str(path).split("/") if part))


def search_paths(patterns: Sequence[Pattern]) -> list[Path]:
    """Each include pattern's search path, minus duplicates and descendants of another."""
    return [Path(_join(path)) for path in _search_paths(patterns)]


def _search_paths(patterns: Sequence[Pattern]) -> list[tuple[str, ...]]:
    candidates = {p.search_path for p in patterns if not p.negate}
    result: list[tuple[str, ...]] = []
    for pattern in patterns:
        path = pattern.search_path
        if pattern.negate or path in result:
            continue
        if not any(path[:n] in candidates for n in range(1, len(path))):
            result.append(path)
    return result


def glob(
    patterns: Sequence[Pattern],
    *,
    implicit_descendants: bool = True,
    follow_symlinks: bool = True,
    omit_broken_links: bool = True,
) -> Iterator[Path]:
    """The matched files and directories, in @actions/glob's order (its options' defaults)."""
    if implicit_descendants:
        patterns = _with_descendants(patterns)
    stack: list[tuple[tuple[str, ...], tuple[str, ...]]] = []
    for search_path in _search_paths(patterns):
        if os.path.lexists(_join(search_path)):
            stack.insert(0, (search_path, ()))
    while stack:
        path, chain = stack.pop()
        matched = _matches(patterns, path)
        if not matched and not any(not p.negate and p.may_match_below(path) for p in patterns):
            continue
        text = _join(path)
        info = _stat(text, follow_symlinks, omit_broken_links)
        if info is None:
            continue
        if stat.S_ISDIR(info.st_mode):
            if matched & DIRECTORY:
                yield Path(text)
            walked = _chain(text, chain, follow_symlinks)
            if walked is None:
                continue
            names = sorted((entry.name for entry in Path(text).iterdir()), key=os.fsencode)
            stack.extend(((*path, name), walked) for name in reversed(names))
        elif matched & FILE:
            yield Path(text)


def _with_descendants(patterns: Sequence[Pattern]) -> list[Pattern]:
    """Each pattern, then (unless it ends in `**`) the same pattern with `/**` added."""
    result: list[Pattern] = []
    for pattern in patterns:
        result.append(pattern)
        if pattern.directories_only or pattern.segments[-1] != GLOBSTAR:
            result.append(Pattern(pattern.negate, (*pattern.segments, GLOBSTAR), False, True))
    return result


def _matches(patterns: Sequence[Pattern], path: tuple[str, ...]) -> int:
    """Which kinds of entry the patterns select at `path`, in order (a `!` removes)."""
    result = 0
    for pattern in patterns:
        if pattern.matches(path):
            kinds = DIRECTORY if pattern.directories_only else DIRECTORY | FILE
            result = result & ~kinds if pattern.negate else result | kinds
    return result


def _chain(text: str, chain: tuple[str, ...], follow: bool) -> tuple[str, ...] | None:
    """The real paths walked so far; None on a symbolic-link cycle."""
    if not follow:
        return chain
    real = os.path.realpath(text)
    return None if real in chain else (*chain, real)


def _stat(text: str, follow: bool, omit_broken: bool) -> os.stat_result | None:
    try:
        return Path(text).stat(follow_symlinks=follow)
    except FileNotFoundError:
        if follow and not omit_broken:
            raise GlobError(
                f"No information found for the path '{text}'. "
                "This may indicate a broken symbolic link."
            ) from None
        return None


def _join(path: tuple[str, ...]) -> str:
    return "/" + "/".join(path[1:])


def _literal(segment: str) -> str | None:
    """The segment without escapes, or None when it has a wildcard."""
    out: list[str] = []
    index = 0
    while index < len(segment):
        char = segment[index]
        if char == "\\" and index + 1 < len(segment):
            index += 1
            out.append(segment[index])
        elif char in "*?":
            return None
        elif char == "[":
            closing = segment.find("]", index + 1)
            inner = segment[index + 1 : closing] if closing > 0 else ""
            if len(inner) > 1:
                return None
            if inner:
                out.append(inner)
                index = closing
            else:
                out.append(char)
        else:
            out.append(char)
        index += 1
    return "".join(out)


def _match(pattern: tuple[str, ...], path: tuple[str, ...]) -> bool:
    if not pattern:
        return not path
    if pattern[0] == GLOBSTAR:
        return any(_match(pattern[1:], path[i:]) for i in range(len(path) + 1))
    return (
        bool(path)
        and _segment(pattern[0]).fullmatch(path[0]) is not None
        and _match(pattern[1:], path[1:])
    )


def _partial(pattern: tuple[str, ...], path: tuple[str, ...]) -> bool:
    """Whether something below `path` may match: `path` matches a prefix of the pattern."""
    if not path:
        return True
    if not pattern:
        return False
    if pattern[0] == GLOBSTAR:
        return True
    return _segment(pattern[0]).fullmatch(path[0]) is not None and _partial(pattern[1:], path[1:])


@functools.lru_cache(maxsize=256)
def _segment(glob: str) -> re.Pattern[str]:
    """One path segment of a glob as a regular expression (`*`, `?`, `[...]`, `\\x`)."""
    out: list[str] = []
    index = 0
    while index < len(glob):
        char = glob[index]
        if char == "\\" and index + 1 < len(glob):
            index += 1
            out.append(re.escape(glob[index]))
        elif char == "*":
            out.append(".*")
        elif char == "?":
            out.append(".")
        elif char == "[" and (closing := _class_end(glob, index)) > 0:
            out.append(_char_class(glob[index + 1 : closing]))
            index = closing
        else:
            out.append(re.escape(char))
        index += 1
    return re.compile("".join(out), re.DOTALL)


def _class_end(glob: str, start: int) -> int:
    index = start + 1
    if index < len(glob) and glob[index] in "!^":
        index += 1
    if index < len(glob) and glob[index] == "]":
        index += 1
    closing = glob.find("]", index)
    return closing


def _char_class(inner: str) -> str:
    negate = inner[:1] in ("!", "^")
    body = inner[1:] if negate else inner
    escaped = body.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")
    escaped = escaped.replace("^", "\\^")
    return f"[{'^' if negate else ''}{escaped}]"


# Filter patterns (`on:` branches, tags, paths): strings, not the file system.


@functools.lru_cache(maxsize=1024)
def compile_filter_pattern(pattern: str) -> re.Pattern[str]:
    """A filter pattern (without its leading `!`) as an anchored regular expression."""
    out: list[str] = []
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if pattern.startswith("**/", index):
            out.append("(?:.*/)?")
            index += 3
        elif pattern.startswith("**", index):
            out.append(".*")
            index += 2
        elif char == "*":
            out.append("[^/]*")
            index += 1
        elif char in "?+" and out:
            out.append(char)
            index += 1
        elif char == "[":
            index = _filter_class(pattern, index, out)
        elif char == "\\" and index + 1 < len(pattern):
            out.append(re.escape(pattern[index + 1]))
            index += 2
        else:
            out.append(re.escape(char))
            index += 1
    try:
        return re.compile("".join(out) + r"\Z")
    except re.error as exc:
        raise PitstopError(
            f"invalid filter pattern {pattern!r}: {exc}",
            hint="see GitHub's filter pattern cheat sheet",
        ) from None


def _filter_class(pattern: str, index: int, out: list[str]) -> int:
    end = pattern.find("]", index + 1)
    if end < 0:
        out.append(re.escape("["))
        return index + 1
    body = pattern[index + 1 : end].replace("\\", "\\\\")
    out.append(f"[{body}]")
    return end + 1


def filter_matches(patterns: Sequence[str], value: str) -> bool:
    """Apply filter patterns in order: a match includes, a matching `!pattern` excludes."""
    result = False
    for pattern in patterns:
        negated = pattern.startswith("!")
        if compile_filter_pattern(pattern[1:] if negated else pattern).match(value):
            result = not negated
    return result
