"""What each job installs, chosen by what the job runs.

A job installs the project's development set (every test, dev and base requirements file, or
every group and extra) or its production set (the production file, or the main dependencies
and the groups/extras named for production), plus, pinned, each tool a generated step runs that
the set does not provide: the test runner and its coverage plugin, the linters, pre-commit, the
PostgreSQL driver. A tool's version comes from the project's pins, else the pre-commit hook's
`rev`, else `tool_versions` (by the oldest Python the project runs).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from pitstop.detect._files import read_text
from pitstop.detect.dependencies import Dependencies, Section
from pitstop.detect.project import Project
from pitstop.detect.requirements import RequirementsFile
from pitstop.generate import tool_versions

# What a package brings with it, so a file naming pytest-cov also provides pytest and coverage.
BRINGS = {
    "pytest-django": frozenset({"pytest"}),
    "pytest-cov": frozenset({"pytest", "coverage"}),
    "pytest-xdist": frozenset({"pytest"}),
    "psycopg-binary": frozenset({"psycopg"}),
    "psycopg-c": frozenset({"psycopg"}),
    "psycopg2-binary": frozenset({"psycopg2"}),
}
DRIVERS = frozenset({"psycopg", "psycopg2"})
PRODUCTION_JOBS = frozenset({"django-checks", "deploy"})


@dataclass(frozen=True)
class InstallSet:
    """The project's files, groups and extras a job installs, and the pinned tools on top."""

    purpose: str  # "development" or "production"
    files: tuple[str, ...] = ()  # pip: each read with -r
    hashed_files: tuple[str, ...] = ()  # pip: those of `files` whose whole chain has hashes
    groups: tuple[str, ...] = ()  # production groups; development: every group
    extras: tuple[str, ...] = ()  # production extras (development installs every extra)
    tools: tuple[str, ...] = ()  # pinned requirement strings, e.g. 'pytest-cov==7.1.0'
    python: str = "3.13"  # the oldest Python the job's install runs on (picks tool releases)
    pyproject: bool = False  # pip without files: the pyproject's lists, groups and extras named

    def describe(self, manager: str) -> str:
        if self.pyproject:
            named = [f"group {g}" for g in self.groups] + [f"extra {e}" for e in self.extras]
            what = "pyproject.toml" + "".join(f" + {n}" for n in named)
        elif manager == "pip":
            what = " + ".join(self.files) or "nothing"
        elif self.purpose == "development":
            what = f"{manager} all groups and extras"
        else:
            named = [f"group {g}" for g in self.groups] + [f"extra {e}" for e in self.extras]
            what = f"{manager} main" + "".join(f" + {n}" for n in named)
        return what + "".join(f" + {tool}" for tool in self.tools)


def for_job(project: Project, job: str) -> InstallSet:
    """The install set of a job: `test`, `coverage`, `quality`, `pre-commit`,
    `django-checks` or `deploy`."""
    deps = project.dependencies
    purpose = "production" if job in PRODUCTION_JOBS else "development"
    chosen = production(deps) if purpose == "production" else development(deps)
    provided = _provided(deps, chosen)
    missing = [tool for tool in needed_tools(project, job) if tool not in provided]
    tools = tuple(spec(project, tool) for tool in missing)
    return replace(chosen, tools=tools, python=project.python.oldest)


def development(deps: Dependencies) -> InstallSet:
    if _pyproject_only(deps):
        return _sections("development", deps.sections)
    if deps.manager != "pip":  # every group: named for installers that cannot say "all"
        return InstallSet("development", groups=_sections("development", deps.sections).groups)
    return _files("development", deps.development_files())


def production(deps: Dependencies) -> InstallSet:
    if deps.manager != "pip" or _pyproject_only(deps):
        named = _sections("production", [s for s in deps.sections if s.production])
        return replace(named, pyproject=_pyproject_only(deps))
    return _files("production", deps.production_files())


def _pyproject_only(deps: Dependencies) -> bool:
    return deps.manager == "pip" and not deps.files and bool(deps.main or deps.sections)


def _sections(purpose: str, sections: Sequence[Section]) -> InstallSet:
    groups = tuple(s.name for s in sections if s.kind == "group")
    extras = tuple(s.name for s in sections if s.kind == "extra")
    return InstallSet(purpose, groups=groups, extras=extras, pyproject=True)


def _files(purpose: str, chosen: tuple[RequirementsFile, ...]) -> InstallSet:
    """The chosen files less each one another already installs (by -r, or all its names)."""
    kept = list(chosen)
    for item in sorted(chosen, key=lambda f: f.role != "base"):
        others = [f for f in kept if f is not item]
        covered = item.path in {p for f in others for p in f.includes} or bool(
            item.names and item.names <= {n for f in others for n in f.names}
        )
        if covered:
            kept.remove(item)
    paths = tuple(f.path for f in kept)
    return InstallSet(purpose, paths, tuple(f.path for f in kept if f.hashed and f.names))


def _provided(deps: Dependencies, chosen: InstallSet) -> frozenset[str]:
    if deps.manager == "pip" and not chosen.pyproject:
        names = {n for f in deps.files if f.path in chosen.files for n in f.names}
    elif chosen.purpose == "development" and not chosen.pyproject:
        names = set(deps.everything)
    else:
        wanted = set(chosen.groups) | set(chosen.extras)
        names = set(deps.main).union(*(s.names for s in deps.sections if s.name in wanted))
    return frozenset(names.union(*(BRINGS.get(n, frozenset()) for n in names)))


def _test_tools(project: Project) -> tuple[str, ...]:
    if project.tests.runner == "pytest":
        return ("pytest", "pytest-django", "pytest-cov")
    return ("coverage",)


def _quality_tools(project: Project) -> tuple[str, ...]:
    linters = tuple(linter.name for linter in project.linters)
    if project.linter("mypy") and _django_plugin(project.root):
        return (*linters, "django-stubs")  # mypy imports its plugin: without it, mypy errors
    return linters


# job -> the packages its generated steps run (the driver aside)
JOB_TOOLS: dict[str, Callable[[Project], tuple[str, ...]]] = {
    "test": _test_tools,
    "coverage": lambda project: ("coverage",),
    "quality": _quality_tools,
    "pre-commit": lambda project: ("pre-commit",),
}
DRIVER_JOBS = frozenset({"test", "django-checks", "deploy"})


def needed_tools(project: Project, job: str) -> tuple[str, ...]:
    """The packages the generated steps of the job run."""
    tools = JOB_TOOLS[job](project) if job in JOB_TOOLS else ()
    if job in DRIVER_JOBS and needs_driver(project):
        tools += (driver(project.dependencies),)
    return tools


def _django_plugin(root: Path) -> bool:
    configs = ("pyproject.toml", "mypy.ini", ".mypy.ini", "setup.cfg")
    return any("mypy_django_plugin" in (read_text(root / name) or "") for name in configs)


def needs_driver(project: Project) -> bool:
    deps = project.dependencies
    names = ("psycopg", "psycopg-binary", "psycopg2", "psycopg2-binary")
    return project.database.engine == "postgresql" or any(deps.declared(n) for n in names)


def driver(deps: Dependencies) -> str:
    """psycopg2 when the project names it anywhere, else psycopg 3."""
    return (
        "psycopg2" if deps.declared("psycopg2") or deps.declared("psycopg2-binary") else "psycopg"
    )


def spec(project: Project, tool: str) -> str:
    """The tool pinned: to the project's version, else its pre-commit hook's, else ours."""
    deps = project.dependencies

    def ours(name: str) -> str:
        return tool_versions.version(name, project.python.oldest)

    if tool == "psycopg":
        version = deps.pinned("psycopg") or deps.pinned("psycopg-binary")
        return f"psycopg[binary]=={version or ours('psycopg')}"
    if tool == "psycopg2":
        version = deps.pinned("psycopg2-binary") or deps.pinned("psycopg2")
        return f"psycopg2-binary=={version or ours('psycopg2-binary')}"
    linter = project.linter(tool)
    version = deps.pinned(tool) or (linter.version if linter else None)
    return f"{tool}=={version or ours(tool)}"


def summary(project: Project) -> str:
    """What each job installs, jobs with the same set named together, for `pitstop init`."""
    jobs = ["test", *(["quality"] if project.linters else [])]
    jobs += [*(["pre-commit"] if project.precommit.config else []), "django-checks", "deploy"]
    manager = project.dependencies.manager
    by_set: dict[str, list[str]] = {}
    for job in jobs:
        by_set.setdefault(for_job(project, job).describe(manager), []).append(job)
    return "; ".join(f"{', '.join(names)}: {what}" for what, names in by_set.items())
