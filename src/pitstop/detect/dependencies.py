"""How the project pins its Python dependencies, and so how CI installs them.

Looks, in order, for `requirements/*.lock`, `uv.lock`, `poetry.lock`, `Pipfile.lock` and
`requirements*.txt`. The result names the lock files (the cache key), the file installed
for development and CI, the one installed in production, and the pinned versions found.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from pitstop.detect._files import read_json, read_text

Manager = str  # "pip", "uv", "poetry" or "pipenv"


@dataclass(frozen=True)
class Dependencies:
    manager: Manager
    lock_files: tuple[str, ...]
    dev_lock: str | None
    prod_lock: str | None
    hashed: bool
    pins: dict[str, str] = field(default_factory=dict, hash=False, compare=False)

    @property
    def cache_glob(self) -> tuple[str, ...]:
        return self.lock_files or ("pyproject.toml",)

    def pinned(self, package: str) -> str | None:
        return self.pins.get(_normalize(package))


def detect(root: Path) -> Dependencies:
    locks = sorted(p.relative_to(root).as_posix() for p in root.glob("requirements/*.lock"))
    if locks:
        return _requirements(root, locks)
    if (root / "uv.lock").is_file():
        return Dependencies(
            "uv", ("uv.lock",), "uv.lock", "uv.lock", True, _toml_pins(root / "uv.lock")
        )
    if (root / "poetry.lock").is_file():
        pins = _toml_pins(root / "poetry.lock")
        return Dependencies("poetry", ("poetry.lock",), "poetry.lock", "poetry.lock", True, pins)
    if (root / "Pipfile.lock").is_file():
        return _pipenv(root)
    texts = sorted(p.relative_to(root).as_posix() for p in root.glob("requirements*.txt"))
    texts += sorted(p.relative_to(root).as_posix() for p in root.glob("requirements/*.txt"))
    return _requirements(root, texts)


def _requirements(root: Path, files: list[str]) -> Dependencies:
    pins: dict[str, str] = {}
    hashed = bool(files)
    for name in files:
        text = read_text(root / name) or ""
        pins.update(_requirement_pins(text))
        hashed = hashed and "--hash=" in text
    dev = _choose(files, ("dev", "test", "ci")) or (files[0] if files else None)
    prod = _choose(files, ("prod", "base", "main")) or (files[0] if files else None)
    return Dependencies("pip", tuple(files), dev, prod, hashed, pins)


def _choose(files: list[str], words: tuple[str, ...]) -> str | None:
    for word in words:
        for name in files:
            if word in Path(name).stem.lower():
                return name
    return None


def _requirement_pins(text: str) -> dict[str, str]:
    pattern = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^\s;\\]+)", re.M)
    return {_normalize(m[1]): m[2] for m in pattern.finditer(text)}


def _toml_pins(path: Path) -> dict[str, str]:
    try:
        data = tomllib.loads(read_text(path) or "")
    except tomllib.TOMLDecodeError:
        return {}
    packages = data.get("package", [])
    return {
        _normalize(str(p["name"])): str(p["version"])
        for p in packages
        if isinstance(p, dict) and "name" in p and "version" in p
    }


def _pipenv(root: Path) -> Dependencies:
    data = read_json(root / "Pipfile.lock")
    pins: dict[str, str] = {}
    for section in ("default", "develop"):
        for name, spec in (data.get(section) or {}).items():
            version = spec.get("version", "") if isinstance(spec, dict) else ""
            if version.startswith("=="):
                pins[_normalize(name)] = version[2:]
    return Dependencies("pipenv", ("Pipfile.lock",), "Pipfile.lock", "Pipfile.lock", True, pins)


def _normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()
