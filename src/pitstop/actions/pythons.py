"""Local Python interpreters and setup-python's version specifications.

Interpreters are found on PATH, in the version folders of pyenv, uv, asdf and mise, and in
pitstop's own folder of Pythons it installed with uv (`provisioned_folder`). pyenv's
shims are skipped: they pick a version from `.python-version` files instead of being one.
Each candidate is asked for its version once (a probe), so broken links drop out.

A specification is what setup-python accepts, read as node-semver ranges: `3.12` (latest
3.12.x), `3.12.1`, `3.x`, `>=3.11 <3.13`, `>=3.11,<3.13` (pyproject style), `~3.12`,
`^3.11`, `a || b`, and `3.13-dev` (3.13 including pre-releases). PyPy/GraalPy are not offered.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import platformdirs

from pitstop.actions import probe, python_answers

Version = tuple[int, int, int]
CACHE_VARIABLE = "PITSTOP_CACHE_DIR"  # pitstop's cache root (as for PostgreSQL servers)

# Python 2 and 3 alike: no -I, no print function.
# sys.base_prefix: the install itself, also when the candidate is a venv's python.
_PROBE = (
    "import sys; sys.stdout.write(' '.join(map(str, sys.version_info[:4])) + ' '"
    " + getattr(sys, 'base_prefix', sys.prefix))"
)


@dataclass(frozen=True)
class Interpreter:
    path: Path  # the python executable
    version: Version
    prerelease: bool  # alpha, beta or release candidate
    prefix: Path  # sys.base_prefix: the install root (bin/, lib/)
    source: str  # PATH, pyenv, uv, asdf, mise, pitstop (provisioned)

    @property
    def version_text(self) -> str:
        return ".".join(map(str, self.version))

    def __str__(self) -> str:
        return f"{self.version_text}{' (pre-release)' if self.prerelease else ''} {self.path}"


def managed_folders(env: Mapping[str, str]) -> list[tuple[str, Path]]:
    """(source, folder) where version managers keep one install per subfolder."""
    home = Path(env.get("HOME") or Path.home())
    pyenv = Path(env["PYENV_ROOT"]) if env.get("PYENV_ROOT") else home / ".pyenv"
    data = Path(env["XDG_DATA_HOME"]) if env.get("XDG_DATA_HOME") else home / ".local/share"
    uv = env.get("UV_PYTHON_INSTALL_DIR")
    asdf = Path(env["ASDF_DATA_DIR"]) if env.get("ASDF_DATA_DIR") else home / ".asdf"
    mise = Path(env["MISE_DATA_DIR"]) if env.get("MISE_DATA_DIR") else data / "mise"
    return [
        ("pyenv", pyenv / "versions"),
        ("uv", Path(uv) if uv else data / "uv/python"),
        ("asdf", asdf / "installs/python"),
        ("mise", mise / "installs/python"),
        ("pitstop", provisioned_folder()),
    ]


def provisioned_folder(environ: Mapping[str, str] | None = None) -> Path:
    """Where pitstop installs a Python this machine lacks (`uv python install`, see
    `python_provision`): `$PITSTOP_CACHE_DIR/python`, else `~/.cache/pitstop/python`. Read
    from pitstop's own environment, never a job's (whose HOME is the job's)."""
    environ = os.environ if environ is None else environ
    root = environ.get(CACHE_VARIABLE, "").strip()
    return Path(root or platformdirs.user_cache_dir("pitstop")) / "python"


def discover(env: Mapping[str, str]) -> list[Interpreter]:
    """Every distinct interpreter on the step's PATH and in the managers' folders."""
    candidates = list(_on_path(env.get("PATH", "")))
    for source, folder in managed_folders(env):
        if folder.is_dir():
            for install in sorted(folder.iterdir()):  # uv's installs may have only python3
                candidates.extend(
                    (source, install / "bin" / name) for name in ("python", "python3")
                )
    found_by_real: dict[Path, Interpreter] = {}
    for source, path in candidates:
        if not path.is_file():
            continue
        real = path.resolve()
        if real in found_by_real:
            continue
        interpreter = _ask(path, source)
        if interpreter is not None:
            found_by_real[real] = interpreter
    return list(found_by_real.values())


def _on_path(path_var: str) -> Iterable[tuple[str, Path]]:
    for folder in path_var.split(os.pathsep):
        if not folder or "shims" in Path(folder).parts:
            continue
        for name in ("python3", "python"):
            candidate = Path(folder) / name
            if candidate.is_file() and os.access(candidate, os.X_OK):
                yield "PATH", candidate


def _ask(path: Path, source: str) -> Interpreter | None:
    return _ask_cached(path, source)


@cache
def _ask_cached(path: Path, source: str) -> Interpreter | None:
    """The probe's answer, from an earlier process when the executable is the same one
    (`python_answers`)."""
    answers = python_answers.in_folder(provisioned_folder().parent)
    key = python_answers.identity(path)
    answer = answers.get(key) if key is not None else None
    if answer is None:
        answer = probe.output([path, "-E", "-s", "-c", _PROBE], timeout=15)
        if answer is None:
            return None
        if key is not None:
            answers.put(key, answer)
    major, minor, micro, level, prefix = answer.split(" ", 4)
    version = (int(major), int(minor), int(micro))
    return Interpreter(path, version, level != "final", Path(prefix), source)


# --- specifications -------------------------------------------------------------------------

_PART = r"(?:\d+|[xX*])"
_COMPARATOR = re.compile(
    rf"^(?P<op><=|>=|<|>|=|~=|~|\^|==)?\s*v?(?P<ver>{_PART}(?:\.{_PART}){{0,2}})(?:-(?P<pre>\S+))?$"
)


@dataclass(frozen=True)
class Spec:
    """A union (`||`) of intersections of comparators, like node-semver's Range."""

    text: str
    alternatives: tuple[tuple[tuple[str, Version], ...], ...]
    allow_prereleases: bool

    def accepts(self, interpreter: Interpreter) -> bool:
        return self.matches(interpreter.version, interpreter.prerelease)

    def matches(self, version: Version, prerelease: bool = False) -> bool:
        if prerelease and not self.allow_prereleases:
            return False
        return any(all(_compare(version, op, b) for op, b in alt) for alt in self.alternatives)


def parse_spec(text: str, allow_prereleases: bool = False) -> Spec | None:
    """The specification, or None when it is not one pitstop can read."""
    spec = text.strip()
    if spec.endswith("-dev"):  # setup-python: `3.13-dev` is `~3.13.0-0`
        spec, allow_prereleases = "~" + spec.removesuffix("-dev"), True
    alternatives = []
    for alternative in spec.replace(",", " ").split("||"):
        comparators = _parse_alternative(alternative)
        if comparators is None:
            return None
        alternatives.append(comparators)
    return Spec(text.strip(), tuple(alternatives), allow_prereleases)


def _parse_alternative(text: str) -> tuple[tuple[str, Version], ...] | None:
    tokens = re.sub(r"(<=|>=|<|>|==|=|~=|~|\^)\s+", r"\1", text).split()
    if not tokens:
        return None
    out: list[tuple[str, Version]] = []
    for token in tokens:
        m = _COMPARATOR.match(token)
        if m is None:
            return None
        out.extend(_expand(m.group("op") or "", m.group("ver")))
    return tuple(out)


def _expand(op: str, ver: str) -> list[tuple[str, Version]]:
    """A comparator with a partial version as plain `>=`/`<`/`==` bounds (node-semver rules)."""
    parts = [int(p) for p in ver.split(".") if p not in ("x", "X", "*")]
    padded = [*parts, 0, 0, 0]
    low: Version = (padded[0], padded[1], padded[2])
    if not parts:
        return [(">=", (0, 0, 0))]
    if op in ("", "=", "==") and len(parts) == 3:
        return [("==", low)]
    if op in ("", "=", "==", "~") or (op == "~=" and len(parts) == 3):
        return [(">=", low), ("<", _bump(parts, min(len(parts), 2) - 1 if op else len(parts) - 1))]
    if op == "~=":
        return [(">=", low), ("<", _bump(parts, len(parts) - 2))]
    if op == "^":
        first_nonzero = next((i for i, p in enumerate(parts) if p), len(parts) - 1)
        return [(">=", low), ("<", _bump(parts, first_nonzero))]
    if op == ">":
        return [(">=", _bump(parts, len(parts) - 1))] if len(parts) < 3 else [(">", low)]
    if op == "<=":
        return [("<", _bump(parts, len(parts) - 1))] if len(parts) < 3 else [("<=", low)]
    return [(op, low)]  # >= and <


def _bump(parts: list[int], index: int) -> Version:
    bumped = [*parts[:index], parts[index] + 1, 0, 0, 0]
    return (bumped[0], bumped[1], bumped[2])


def _compare(v: Version, op: str, bound: Version) -> bool:
    return {
        "==": v == bound,
        ">=": v >= bound,
        ">": v > bound,
        "<": v < bound,
        "<=": v <= bound,
    }[op]


def version_of(text: str) -> Version | None:
    """`v20.11.1`, `0.5.2`, `uv 0.5.2 (abc)` -> a version triple (missing parts are 0)."""
    m = re.search(r"(\d+)\.(\d+)(?:\.(\d+))?", text)
    return (int(m[1]), int(m[2]), int(m[3] or 0)) if m else None


# Every CPython release line a specification could reasonably mean: 2.7 and 3.0 to 3.99.
_RELEASE_LINES = [(2, 7), *((3, minor) for minor in range(100))]


def release_line(spec: Spec) -> str | None:
    """The first CPython release line (`3.14`) with a release, past or future, that the
    specification accepts; None when none could (`4.2`, `3.12.400`: a mistake, not a
    Python this machine lacks)."""
    for major, minor in _RELEASE_LINES:
        if any(spec.matches((major, minor, micro)) for micro in range(40)):
            return f"{major}.{minor}"
    return None


def best(spec: Spec, interpreters: Iterable[Interpreter]) -> Interpreter | None:
    """The highest version the specification accepts (setup-python's tool-cache rule)."""
    matching = [i for i in interpreters if spec.accepts(i)]
    return max(matching, key=lambda i: (i.version, not i.prerelease), default=None)
