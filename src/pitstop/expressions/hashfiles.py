"""`hashFiles()`: GitHub's digest of the files matching glob patterns in the workspace.

GitHub's runner globs with @actions/glob and hashes in the order the glob yields files: a
depth-first walk of each search path (the literal part of a pattern before its first wildcard),
directory entries sorted by name as bytes. Patterns are tried in order, a `!` pattern removes
what the patterns before it matched, a pattern that names a directory also matches everything
under it, and `*` matches names starting with a dot. The result is the hex sha256 of the
concatenated binary sha256 digests of the matched files, or '' when no file matched.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

FOLLOW_SYMLINKS_OPTION = "--follow-symbolic-links"
GLOBSTAR = "**"
DIRECTORY, FILE = 1, 2


class HashFilesError(Exception):
    """A pattern GitHub rejects, or a file that cannot be read."""


@dataclass(frozen=True)
class Pattern:
    negate: bool
    segments: tuple[str, ...]  # absolute: segments[0] is "" for the root
    directories_only: bool

    def matches(self, path: tuple[str, ...]) -> bool:
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


def hash_files(arguments: Sequence[str], workspace: str | None) -> str:
    root = Path(workspace).absolute() if workspace else Path.cwd()
    follow = bool(arguments) and arguments[0].startswith("--")
    if follow and arguments[0].lower() != FOLLOW_SYMLINKS_OPTION:
        raise HashFilesError(
            f"Invalid glob option {arguments[0]}, available option: '{FOLLOW_SYMLINKS_OPTION}'."
        )
    lines = "\n".join(arguments[1:] if follow else arguments).split("\n")
    patterns = _with_descendants([_parse(line, root) for line in lines if _is_pattern(line)])
    workspace_prefix = _join(_split(root)).rstrip("/") + "/"
    digest = hashlib.sha256()
    matched = False
    for file in _glob(patterns, follow):
        if not file.startswith(workspace_prefix) or Path(file).is_dir():
            continue
        digest.update(_file_digest(file))
        matched = True
    return digest.hexdigest() if matched else ""


def _is_pattern(line: str) -> bool:
    line = line.strip()
    return bool(line) and not line.startswith("#")


def _parse(line: str, root: Path) -> Pattern:
    text = line.strip()
    negate = False
    while text.startswith("!"):
        negate = not negate
        text = text[1:].strip()
    segments = [s for s in text.split("/") if s]
    literals = [_literal(s) for s in segments]
    if any(lit == ".." or (lit == "." and i > 0) for i, lit in enumerate(literals)):
        raise HashFilesError(
            f"Invalid pattern '{text}'. Relative pathing '.' and '..' is not allowed."
        )
    if text.startswith("/"):
        base: tuple[str, ...] = ("",)
    elif segments and segments[0] == "~":
        base, segments = _split(Path.home()), segments[1:]
    else:
        base = _split(root)
        if segments and segments[0] == ".":
            segments = segments[1:]
    return Pattern(negate, base + tuple(segments), text.endswith("/"))


def _split(path: Path) -> tuple[str, ...]:
    return ("", *(part for part in str(path).split("/") if part))


def _with_descendants(patterns: list[Pattern]) -> list[Pattern]:
    """Each pattern, then (unless it ends in `**`) the same pattern with `/**` added."""
    result: list[Pattern] = []
    for pattern in patterns:
        result.append(pattern)
        if pattern.directories_only or pattern.segments[-1] != GLOBSTAR:
            result.append(Pattern(pattern.negate, (*pattern.segments, GLOBSTAR), False))
    return result


def _search_paths(patterns: list[Pattern]) -> list[tuple[str, ...]]:
    """Each positive pattern's search path, minus duplicates and descendants of another."""
    candidates = {p.search_path for p in patterns if not p.negate}
    result: list[tuple[str, ...]] = []
    for pattern in patterns:
        path = pattern.search_path
        if pattern.negate or path in result:
            continue
        if not any(path[:n] in candidates for n in range(1, len(path))):
            result.append(path)
    return result


def _glob(patterns: list[Pattern], follow: bool) -> Iterator[str]:
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
        info = _stat(text, follow)
        if info is None:
            continue
        if stat.S_ISDIR(info.st_mode):
            walked = _chain(text, chain, follow)
            if walked is None:
                continue
            names = sorted((entry.name for entry in Path(text).iterdir()), key=os.fsencode)
            stack.extend(((*path, name), walked) for name in reversed(names))
        elif matched & FILE:
            yield text


def _matches(patterns: list[Pattern], path: tuple[str, ...]) -> int:
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


def _stat(text: str, follow: bool) -> os.stat_result | None:
    try:
        return Path(text).stat(follow_symlinks=follow)
    except FileNotFoundError:
        if follow:
            raise HashFilesError(
                f"No information found for the path '{text}'. "
                "This may indicate a broken symbolic link."
            ) from None
        return None


def _join(path: tuple[str, ...]) -> str:
    return "/" + "/".join(path[1:])


def _file_digest(path: str) -> bytes:
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 16), b""):
                digest.update(block)
    except OSError as exc:
        raise HashFilesError(f"cannot read '{path}': {exc.strerror}") from None
    return digest.digest()


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


@lru_cache(maxsize=256)
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
