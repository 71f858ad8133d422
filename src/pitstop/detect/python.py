"""Which Python versions the test matrix covers.

Sources, first hit wins: the `Programming Language :: Python :: 3.N` classifiers, then
`requires-python` intersected with the supported versions, then `.python-version`. The
default is the seed's 3.11, 3.12 and 3.13.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from pitstop.detect._files import read_text, read_toml, table

SUPPORTED = ("3.10", "3.11", "3.12", "3.13", "3.14")
DEFAULT = ("3.11", "3.12", "3.13")


@dataclass(frozen=True)
class PythonInfo:
    versions: tuple[str, ...]
    source: str

    @property
    def newest(self) -> str:
        return self.versions[-1]


def detect(root: Path) -> PythonInfo:
    project = table(read_toml(root / "pyproject.toml"), "project")
    classifiers = _from_classifiers(project.get("classifiers", []))
    if classifiers:
        return PythonInfo(classifiers, "classifiers")
    requires = project.get("requires-python")
    if isinstance(requires, str) and (allowed := _from_requires(requires)):
        return PythonInfo(allowed, "requires-python")
    pinned = (read_text(root / ".python-version") or "").strip()
    if found := re.match(r"(3\.\d+)", pinned):
        return PythonInfo((found[1],), ".python-version")
    return PythonInfo(DEFAULT, "default")


def _from_classifiers(classifiers: object) -> tuple[str, ...]:
    if not isinstance(classifiers, list):
        return ()
    pattern = re.compile(r"Programming Language :: Python :: (3\.\d+)$")
    found = {m[1] for c in classifiers if isinstance(c, str) and (m := pattern.match(c))}
    return _sorted(found)


def _from_requires(spec: str) -> tuple[str, ...]:
    allowed = [v for v in DEFAULT if _satisfies(v, spec)]
    return tuple(allowed)


def _satisfies(version: str, spec: str) -> bool:
    for clause in (c.strip() for c in spec.split(",") if c.strip()):
        found = re.match(r"(>=|<=|==|!=|~=|>|<)\s*(\d+(?:\.\d+)*)", clause)
        if found is None:
            continue
        op, bound = found[1], _key(found[2])
        have = _key(version)[: len(bound)] if op in ("==", "!=") else _key(version)
        if not _compare(have, op, bound):
            return False
    return True


def _compare(have: tuple[int, ...], op: str, bound: tuple[int, ...]) -> bool:
    width = max(len(have), len(bound))
    left = have + (0,) * (width - len(have))
    right = bound + (0,) * (width - len(bound))
    return {
        ">=": left >= right,
        "~=": left >= right,
        ">": left > right,
        "<=": left <= right,
        "<": left < right,
        "==": left == right,
        "!=": left != right,
    }[op]


def _key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def _sorted(versions: set[str]) -> tuple[str, ...]:
    return tuple(sorted(versions, key=_key))
