"""`path:` globs as `@actions/glob` reads them (used by cache, artifacts and codecov).

One pattern a line; `#` starts a comment line; `!` excludes; `~` is the home directory;
relative patterns are relative to the workspace. `*` and `?` stay within one path segment,
`**` crosses segments, hidden files match. A trailing `/` matches directories only. An
exclusion removes the matched path and everything beneath it.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

_GLOB_CHARS = re.compile(r"[*?\[]")


@dataclass(frozen=True)
class Pattern:
    negate: bool
    text: str  # absolute, `/`-separated
    directories_only: bool

    @property
    def search_path(self) -> Path:
        """The longest leading part of the pattern without glob characters."""
        fixed: list[str] = []
        for segment in self.text.split("/"):
            if _GLOB_CHARS.search(segment):
                break
            fixed.append(segment)
        return Path("/".join(fixed) or "/")

    def matches(self, path: Path) -> bool:
        return _regex(self.text).fullmatch(path.as_posix()) is not None


def parse(lines: list[str], root: Path, home: Path | None = None) -> list[Pattern]:
    patterns = []
    for raw in lines:
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        negate = line.startswith("!")
        line = line.lstrip("!").strip()
        if line.startswith("~"):
            line = str(home or Path.home()) + line[1:]
        directories_only = line.endswith("/") and len(line) > 1
        text = os.path.normpath(root / line) if not Path(line).is_absolute() else line
        patterns.append(Pattern(negate, os.path.normpath(text), directories_only))
    return patterns


def search_paths(patterns: list[Pattern]) -> list[Path]:
    """The include patterns' search paths, without those beneath another one (as @actions/glob)."""
    paths = sorted(
        {p.search_path for p in patterns if not p.negate}, key=lambda p: (len(p.parts), str(p))
    )
    kept: list[Path] = []
    for path in paths:
        if not any(path.is_relative_to(parent) for parent in kept):
            kept.append(path)
    return kept


def match(patterns: list[Pattern], *, implicit_descendants: bool) -> list[Path]:
    """Existing paths matched by the include patterns and not excluded, sorted.

    With `implicit_descendants` (artifacts) a matched directory stands for the files beneath
    it and only files are returned; without it (caches) matched directories are returned as is.
    """
    found: set[Path] = set()
    for pattern in (p for p in patterns if not p.negate):
        for path in _expand(pattern):
            if implicit_descendants and path.is_dir() and not path.is_symlink():
                found.update(f for f in _walk(path) if not f.is_dir() or f.is_symlink())
            else:
                found.add(path)
    excludes = [p for p in patterns if p.negate]
    return sorted(p for p in found if not _excluded(p, excludes))


def _expand(pattern: Pattern) -> list[Path]:
    root = pattern.search_path
    if not _GLOB_CHARS.search(pattern.text):
        exists = root.exists() or root.is_symlink()
        return [root] if exists and (root.is_dir() or not pattern.directories_only) else []
    candidates = [root, *_walk(root)] if root.is_dir() else []
    return [
        path
        for path in candidates
        if pattern.matches(path) and (path.is_dir() or not pattern.directories_only)
    ]


def _walk(root: Path) -> list[Path]:
    out: list[Path] = []
    for folder, dirs, files in os.walk(root):
        base = Path(folder)
        out.extend(base / name for name in dirs)
        out.extend(base / name for name in files)
    return out


def _excluded(path: Path, excludes: list[Pattern]) -> bool:
    return any(p.matches(candidate) for p in excludes for candidate in (path, *path.parents))


_cache: dict[str, re.Pattern[str]] = {}


def _regex(pattern: str) -> re.Pattern[str]:
    if pattern not in _cache:
        _cache[pattern] = re.compile(_translate(pattern))
    return _cache[pattern]


def _translate(pattern: str) -> str:
    out, i = [], 0
    while i < len(pattern):
        if pattern.endswith("/**") and i == len(pattern) - 3:  # `a/**` matches `a` too
            out.append("(?:/.*)?")
            i += 3
        elif pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        elif pattern[i] == "[" and "]" in pattern[i + 1 :]:
            end = pattern.index("]", i + 1)
            body = pattern[i + 1 : end].replace("\\", "\\\\")
            out.append("[^" + body[1:] + "]" if body.startswith("!") else "[" + body + "]")
            i = end + 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return "".join(out)
