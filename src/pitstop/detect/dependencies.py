"""How the project declares and pins its Python dependencies, and so how CI installs them.

Looks, in order, for `requirements/*.lock`, `uv.lock`, `poetry.lock`, `pdm.lock`,
`Pipfile.lock`, then requirements files of any naming (`requirements*.txt|in|lock`,
`requirements/*.txt|in|lock`). The result names the lock files (the cache key), the pip files
with their role and `-r` chain, the dependency groups and extras of the pyproject, which
packages the production and the development installs provide, and every pinned version found.
Which of these a job installs is decided by `generate/install_sets.py`.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pitstop.detect import requirements
from pitstop.detect._files import read_json, read_text, read_toml, table
from pitstop.detect.requirements import RequirementsFile, normalize, requirement_name
from pitstop.errors import Location, PitstopError

Manager = str  # "pip", "uv", "poetry", "pdm" or "pipenv"
LOCKS = {"uv": "uv.lock", "poetry": "poetry.lock", "pdm": "pdm.lock"}
# Groups and extras whose name says the production install needs them.
PRODUCTION_WORDS = frozenset({"prod", "production", "deploy", "postgres", "postgresql", "pg"})


@dataclass(frozen=True)
class Section:
    """A dependency group or an extra of the pyproject, with the packages it brings."""

    kind: str  # "group" or "extra"
    name: str
    names: frozenset[str]

    @property
    def production(self) -> bool:
        return bool(set(re.split(r"[-_.]+", self.name.lower())) & PRODUCTION_WORDS)


@dataclass(frozen=True)
class Dependencies:
    manager: Manager
    lock_files: tuple[str, ...]
    hashed: bool
    pins: dict[str, str] = field(default_factory=dict, hash=False, compare=False)
    files: tuple[RequirementsFile, ...] = ()  # pip: the requirements files, with their chains
    sections: tuple[Section, ...] = ()  # uv, poetry, pdm: groups and extras
    main: frozenset[str] = frozenset()  # what the production install provides (transitively)
    everything: frozenset[str] = frozenset()  # what installing every group and extra provides

    @property
    def cache_glob(self) -> tuple[str, ...]:
        return self.lock_files or ("pyproject.toml",)

    def pinned(self, package: str) -> str | None:
        return self.pins.get(normalize(package))

    def declared(self, package: str) -> bool:
        """Whether any file or group of the project names the package."""
        return normalize(package) in self.everything or self.pinned(package) is not None

    def with_role(self, *roles: str) -> tuple[RequirementsFile, ...]:
        return tuple(f for f in self.files if f.role in roles)

    @property
    def prod_lock(self) -> str | None:
        """The one file the production install reads (pip: the production or base file)."""
        if self.manager != "pip":
            return self.lock_files[0] if self.lock_files else None
        chosen = self.with_role("production") or self.with_role("base") or self.files
        return chosen[0].path if chosen else None

    @property
    def dev_lock(self) -> str | None:
        if self.manager != "pip":
            return self.prod_lock
        chosen = self.with_role("test") or self.with_role("dev") or self.files
        return chosen[0].path if chosen else None


def detect(root: Path) -> Dependencies:
    locks = sorted(p.relative_to(root).as_posix() for p in root.glob("requirements/*.lock"))
    if locks:
        return _pip(root, locks)
    paths = _requirement_files(root)
    declares = _declares(read_toml(root / "pyproject.toml"))
    for manager, lock in LOCKS.items():
        # A lock of a pyproject that declares nothing (only the virtual project) installs
        # nothing: the requirements files, when there are some, are the truth.
        if (root / lock).is_file() and (declares or not paths or manager == "poetry"):
            return _pyproject(root, manager, lock)
    if (root / "Pipfile.lock").is_file():
        return _pipenv(root)
    if paths or not declares:
        return _pip(root, paths)
    return _pyproject(root, "pip", None)  # pip reads the pyproject: no lock, no files


def _declares(pyproject: dict[str, Any]) -> bool:
    """Whether the pyproject lists any dependency (in any of the tables uv and pdm read)."""
    project = table(pyproject, "project")
    return bool(
        project.get("dependencies")
        or table(project, "optional-dependencies")
        or table(pyproject, "dependency-groups")
        or table(pyproject, "tool", "uv").get("dev-dependencies")
        or table(pyproject, "tool", "pdm", "dev-dependencies")
    )


def _requirement_files(root: Path) -> list[str]:
    """Every requirements file; a pip-tools `.in` only when it has no compiled sibling."""
    found = [*root.glob("requirements*.*"), *root.glob("requirements/*.*")]
    paths = sorted(p for p in found if p.suffix in (".txt", ".in", ".lock") and p.is_file())
    compiled = {p.with_suffix("") for p in paths if p.suffix != ".in"}
    kept = [p for p in paths if not (p.suffix == ".in" and p.with_suffix("") in compiled)]
    return [p.relative_to(root).as_posix() for p in kept]


def _pip(root: Path, paths: list[str]) -> Dependencies:
    files = tuple(requirements.load(root, path) for path in paths)
    pins = {name: version for f in files for name, version in f.pins}
    everything = frozenset(name for f in files for name in f.names)
    prod = [f for f in files if f.role == "production"] or [f for f in files if f.role == "base"]
    main = frozenset(name for f in prod for name in f.names)
    hashed = bool(files) and all(f.hashed for f in files)
    return Dependencies("pip", tuple(paths), hashed, pins, files, (), main, everything)


def _pyproject(root: Path, manager: Manager, lock: str | None) -> Dependencies:
    pyproject = read_toml(root / "pyproject.toml")
    graph, pins = _lock_graph(root / lock) if lock else ({}, _declared_pins(pyproject))
    main, sections = _declared(root, pyproject, manager)
    sections = tuple(Section(s.kind, s.name, _closure(s.names, graph)) for s in sections)
    main = _closure(main, graph)
    everything = main.union(*(s.names for s in sections)) | frozenset(pins)
    locks = (lock,) if lock else ()
    return Dependencies(manager, locks, bool(lock), pins, (), sections, main, everything)


def _declared_pins(pyproject: dict[str, Any]) -> dict[str, str]:
    """`name==version` strings of the pyproject, when there is no lock to read versions from."""
    project = table(pyproject, "project")
    lists = [project.get("dependencies"), *table(project, "optional-dependencies").values()]
    lists += list(table(pyproject, "dependency-groups").values())
    strings = [s for items in lists if isinstance(items, list) for s in items if isinstance(s, str)]
    entries = [requirements.entry(s) for s in strings]
    return {e.name: e.version for e in entries if e is not None and e.version}


def _declared(
    root: Path, pyproject: dict[str, Any], manager: Manager
) -> tuple[frozenset[str], tuple[Section, ...]]:
    project = table(pyproject, "project")
    main = _names(project.get("dependencies"))
    extras = [
        Section("extra", name, _names(items))
        for name, items in table(project, "optional-dependencies").items()
    ]
    groups = _dependency_groups(root, pyproject)
    if manager == "poetry":
        main |= _poetry_main(pyproject)
        groups += _poetry_groups(pyproject)
        extras += [
            Section("extra", name, _names(items))
            for name, items in table(pyproject, "tool", "poetry", "extras").items()
        ]
    legacy = table(pyproject, "tool", "uv").get("dev-dependencies")
    if legacy and not any(g.name == "dev" for g in groups):
        groups.append(Section("group", "dev", _names(legacy)))
    for name, items in table(pyproject, "tool", "pdm", "dev-dependencies").items():
        groups.append(Section("group", name, _names(items)))
    return main, (*_unique(groups), *_unique(extras))


def _unique(sections: list[Section]) -> list[Section]:
    merged: dict[str, Section] = {}
    for s in sections:
        old = merged.get(s.name)
        merged[s.name] = Section(s.kind, s.name, s.names | (old.names if old else frozenset()))
    return list(merged.values())


def _names(items: object) -> frozenset[str]:
    if not isinstance(items, list):
        return frozenset()
    return frozenset(n for i in items if isinstance(i, str) and (n := requirement_name(i)))


def _dependency_groups(root: Path, pyproject: dict[str, Any]) -> list[Section]:
    """PEP 735 `[dependency-groups]`, each with its `{include-group = ...}` resolved."""
    groups = table(pyproject, "dependency-groups")
    return [Section("group", name, _group_names(root, groups, name, ())) for name in sorted(groups)]


def _group_names(
    root: Path, groups: dict[str, Any], name: str, stack: tuple[str, ...]
) -> frozenset[str]:
    if name in stack or name not in groups:
        problem = "includes itself" if name in stack else "is not defined"
        raise PitstopError(
            f"dependency group {name!r} {problem} (via {' -> '.join((*stack, name))})",
            location=_line_of(root / "pyproject.toml", f"include-group\\s*=\\s*['\"]{name}"),
            hint="every include-group must name another group of [dependency-groups]",
        )
    names: set[str] = set(_names(groups[name]))
    for item in groups[name] if isinstance(groups[name], list) else []:
        if isinstance(item, dict) and isinstance(item.get("include-group"), str):
            names |= _group_names(root, groups, item["include-group"], (*stack, name))
    return frozenset(names)


def _line_of(path: Path, pattern: str) -> Location | None:
    for number, line in enumerate((read_text(path) or "").splitlines(), start=1):
        found = re.search(pattern, line)
        if found:
            return Location.in_file(path, number, found.start() + 1)
    return None


def _poetry_main(pyproject: dict[str, Any]) -> frozenset[str]:
    deps = table(pyproject, "tool", "poetry", "dependencies")
    return frozenset(normalize(n) for n in deps if n.lower() != "python")


def _poetry_groups(pyproject: dict[str, Any]) -> list[Section]:
    poetry = table(pyproject, "tool", "poetry")
    groups = [
        Section("group", name, frozenset(normalize(n) for n in table(body, "dependencies")))
        for name, body in table(poetry, "group").items()
        if isinstance(body, dict)
    ]
    legacy = table(poetry, "dev-dependencies")
    if legacy:
        groups.append(Section("group", "dev", frozenset(normalize(n) for n in legacy)))
    return groups


def _lock_graph(path: Path) -> tuple[dict[str, frozenset[str]], dict[str, str]]:
    """Each locked package's own dependencies, and every locked version."""
    try:
        data = tomllib.loads(read_text(path) or "")
    except tomllib.TOMLDecodeError:
        return {}, {}
    graph: dict[str, frozenset[str]] = {}
    pins: dict[str, str] = {}
    for package in data.get("package", []):
        if not isinstance(package, dict) or "name" not in package:
            continue
        name = normalize(str(package["name"]))
        graph[name] = _lock_dependencies(package.get("dependencies"))
        if "version" in package:
            pins[name] = str(package["version"])
    return graph, pins


def _lock_dependencies(value: object) -> frozenset[str]:
    if isinstance(value, dict):  # poetry.lock: {name = "spec"}
        return frozenset(normalize(n) for n in value)
    if isinstance(value, list):  # uv.lock: [{name = ...}]; pdm.lock: ["name>=1"]
        names = [
            item.get("name") if isinstance(item, dict) else requirement_name(str(item))
            for item in value
        ]
        return frozenset(normalize(n) for n in names if isinstance(n, str) and n)
    return frozenset()


def _closure(names: frozenset[str], graph: dict[str, frozenset[str]]) -> frozenset[str]:
    found: set[str] = set()
    todo = list(names)
    while todo:
        name = todo.pop()
        if name not in found:
            found.add(name)
            todo.extend(graph.get(name, ()))
    return frozenset(found)


def _pipenv(root: Path) -> Dependencies:
    data = read_json(root / "Pipfile.lock")
    pins: dict[str, str] = {}
    sections: dict[str, set[str]] = {"default": set(), "develop": set()}
    for section, names in sections.items():
        for name, spec in (data.get(section) or {}).items():
            names.add(normalize(name))
            version = spec.get("version", "") if isinstance(spec, dict) else ""
            if version.startswith("=="):
                pins[normalize(name)] = version[2:]
    main = frozenset(sections["default"])
    everything = main | frozenset(sections["develop"])
    return Dependencies("pipenv", ("Pipfile.lock",), True, pins, (), (), main, everything)
