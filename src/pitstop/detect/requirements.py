"""pip's requirements-file format: entries, `-r`/`-c` chains, hashes, and each file's role.

A file is read once, with its includes resolved relative to itself, as pip does. A missing
included file or a cycle is the user's to fix, reported at the `-r`/`-c` line that names it.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path

from pitstop.errors import Location, PitstopError

# role -> words of the file name (split on - _ .) that give it; first match wins.
ROLES: tuple[tuple[str, frozenset[str]], ...] = (
    ("production", frozenset({"production", "prod", "deploy", "deployment"})),
    ("test", frozenset({"test", "tests", "testing", "ci"})),
    ("dev", frozenset({"dev", "development", "develop", "local"})),
    ("base", frozenset({"base", "common", "main", "requirements", "core", "default"})),
)
INCLUDE = re.compile(r"^(-r|--requirement|-c|--constraint)(?:\s*=\s*|\s+)(\S+)")
NAME = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?\s*(===?\s*([^\s;,\\]+))?")


@dataclass(frozen=True)
class Entry:
    """One requirement line (continuations joined): a package and, when pinned, its version."""

    name: str
    version: str | None
    hashed: bool


@dataclass(frozen=True)
class RequirementsFile:
    """A top-level requirements file and everything it pulls in through `-r` and `-c`."""

    path: str  # relative to the project root, POSIX
    role: str  # "production", "test", "dev", "base" or "other"
    includes: tuple[str, ...]  # every file reached through -r (not -c), itself excluded
    names: frozenset[str]  # normalized names the file installs, its includes' too
    pins: tuple[tuple[str, str], ...]  # name -> version, from -r and -c files alike
    hashed: bool  # every entry of the chain carries --hash


def role(path: str) -> str:
    stem = Path(path).name.split(".")[0].lower()
    words = set(re.split(r"[-_.]+", stem))
    if Path(path).parent.name == "requirements" and stem == "requirements":
        words = {"base"}
    for name, known in ROLES:
        if words & known:
            return name
    return "other"


def _role_with(path: str, includes: tuple[str, ...]) -> str:
    """A base or unnamed file that includes the production file is production (Heroku's
    root `requirements.txt` holding `-r requirements/production.txt`)."""
    own = role(path)
    if own in ("base", "other") and any(role(p) == "production" for p in includes):
        return "production"
    return own


def normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def load(root: Path, path: str) -> RequirementsFile:
    """Read the file and its chain; raise PitstopError for a missing file or a cycle."""
    chain = _Chain(root)
    chain.visit(root / path, ())
    includes = tuple(p for p in chain.installed if p != path)
    return RequirementsFile(
        path=path,
        role=_role_with(path, includes),
        includes=includes,
        names=frozenset(e.name for e in chain.entries),
        pins=tuple((e.name, e.version) for e in chain.entries + chain.constraints if e.version),
        hashed=all(e.hashed for e in chain.entries),
    )


class _Chain:
    """The walk over one file's includes: entries it installs, constraints, files reached."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.installed: list[str] = []
        self.entries: list[Entry] = []
        self.constraints: list[Entry] = []
        self.seen: set[Path] = set()

    def visit(self, path: Path, stack: tuple[Path, ...], constraint: bool = False) -> None:
        resolved = path.resolve()
        if resolved in self.seen:
            return
        self.seen.add(resolved)
        if not constraint:
            self.installed.append(_relative(self.root, path))
        for number, line in _logical_lines(decode(path.read_bytes())):
            include = INCLUDE.match(line)
            if include:
                self._include(path, number, include, (*stack, resolved), constraint)
            elif not line.startswith("-") and (found := entry(line)) is not None:
                (self.constraints if constraint else self.entries).append(found)

    def _include(
        self, path: Path, number: int, found: re.Match[str], stack: tuple[Path, ...], c: bool
    ) -> None:
        target = path.parent / found[2]
        where = Location.in_file(path, number, found.start(2) + 1, len(found[2]))
        if target.resolve() in stack:
            cycle = " -> ".join(_relative(self.root, p) for p in (*stack, target.resolve()))
            raise PitstopError(
                f"requirements include cycle: {cycle}",
                location=where,
                hint="remove one of the -r/-c lines so the files no longer include each other",
            )
        if not target.is_file():
            raise PitstopError(
                f"{_relative(self.root, path)} includes {found[2]}, which does not exist",
                location=where,
                hint="paths in -r/-c are relative to the file that names them; fix or remove it",
            )
        self.visit(target, stack, constraint=c or found[1] in ("-c", "--constraint"))


def decode(data: bytes) -> str:
    """The file's text as pip reads it: a BOM names the encoding (a Windows `pip freeze > f`
    writes UTF-16), else UTF-8."""
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16")):
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    if data.startswith(codecs.BOM_UTF16_BE):
        return data.decode("utf-16", errors="replace")
    return data.decode("utf-8", errors="replace")


def _logical_lines(text: str) -> list[tuple[int, str]]:
    """(first line number, text) per logical line: continuations joined, comments cut."""
    lines: list[tuple[int, str]] = []
    start, parts = 0, list[str]()
    for number, raw in enumerate(text.splitlines(), start=1):
        if not parts:
            start = number
        stripped = re.sub(r"(^|\s)#.*$", "", raw).rstrip()
        if stripped.endswith("\\"):
            parts.append(stripped[:-1])
            continue
        parts.append(stripped)
        joined = " ".join(p.strip() for p in parts).strip()
        parts = []
        if joined:
            lines.append((start, joined))
    return lines


def entry(line: str) -> Entry | None:
    first = line.split()[0]
    found = NAME.match(line)
    if found is None or "://" in first or first.startswith((".", "/")):
        return None  # a URL or a local path: no name to match a tool against
    version = found[4] if found[4] and "*" not in found[4] else None
    return Entry(normalize(found[1]), version, "--hash=" in line)


def _relative(root: Path, path: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def requirement_name(text: str) -> str | None:
    """The normalized package name of a PEP 508 string (`Django[argon2]>=5.2` -> `django`)."""
    found = NAME.match(text.strip())
    return normalize(found[1]) if found else None
