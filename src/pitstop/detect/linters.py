"""Which of black, ruff, mypy, bandit and djLint the project configures, at which versions.

A linter counts as configured when its settings section exists (`[tool.black]`, `mypy.ini`,
...) or a pre-commit hook runs it. Its version comes from the lock files, else from the
pre-commit hook's `rev`.

A linter the project only installs (a requirements file, a dependency group, Pipfile's
`[dev-packages]`) is not gated on: it may be run by hand, or not at all, and a gate the
project never passed would be red on day one. `declared_only` names those for init's
summary, with the `[tool.pitstop] linters` line that turns them on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from pitstop.detect._files import read_text, read_toml, table
from pitstop.detect.dependencies import Dependencies
from pitstop.detect.precommit import PreCommit
from pitstop.detect.requirements import normalize

# linter -> (pyproject [tool.X] key, standalone config files, pre-commit hook ids)
KNOWN: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "black": ("black", (), ("black",)),
    "ruff": ("ruff", ("ruff.toml", ".ruff.toml"), ("ruff", "ruff-check", "ruff-format")),
    "mypy": ("mypy", ("mypy.ini", ".mypy.ini"), ("mypy",)),
    "bandit": ("bandit", (".bandit",), ("bandit",)),
    "djlint": ("djlint", (".djlintrc",), ("djlint", "djlint-django", "djlint-reformat-django")),
}


@dataclass(frozen=True)
class Linter:
    name: str
    version: str | None
    in_lock: bool
    pyproject_config: bool
    # djLint the project formats with and never lints (see `formatting`): the gate checks
    # the formatting (`--check`), not lint rules its templates never had to pass.
    formatting: Formatting | None = None


@dataclass(frozen=True)
class Formatting:
    """How a project that only formats with djLint runs it."""

    paths: tuple[str, ...]  # what its own command formats (`bookmarks/templates`); () unsaid


def detect(root: Path, deps: Dependencies, precommit: PreCommit) -> tuple[Linter, ...]:
    tool = table(read_toml(root / "pyproject.toml"), "tool")
    found = []
    for name, (key, files, hooks) in KNOWN.items():
        in_pyproject = key in tool
        configured = (
            in_pyproject
            or any((root / f).is_file() for f in files)
            or any(h in precommit.hook_revs for h in hooks)
        )
        if not configured:
            continue
        locked = deps.pinned(name)
        hook_rev = next((precommit.hook_revs[h] for h in hooks if h in precommit.hook_revs), None)
        use = formatting(root, precommit) if name == "djlint" else None
        found.append(Linter(name, locked or hook_rev, locked is not None, in_pyproject, use))
    return tuple(found)


# Where a project says how it runs its tools, and the djLint hooks that only format.
COMMAND_FILES = ("Makefile", "justfile", "Justfile", "tox.ini", "noxfile.py", "package.json")
FLAVOURS = ("", "-django", "-jinja", "-nunjucks", "-handlebars")
FORMAT_HOOKS = frozenset(f"djlint-reformat{flavour}" for flavour in FLAVOURS)
LINT = re.compile(r"djlint\b[^\n]*--lint\b")
FORMAT = re.compile(r"djlint\b([^\n]*)--(?:reformat|check)\b")


def formatting(root: Path, precommit: PreCommit) -> Formatting | None:
    """How the project formats with djLint when it only formats: its commands (Makefile,
    justfile, tox, nox, npm scripts, its own workflows) and pre-commit hooks reformat or
    check, and none of them lints (linkding's `make format` runs `djlint bookmarks/templates
    --reformat`). None when it lints, or says nothing."""
    hooks = {hook for hook in precommit.hook_revs if hook.startswith("djlint")}
    texts = [read_text(root / name) or "" for name in COMMAND_FILES]
    workflows = root / ".github" / "workflows"
    if workflows.is_dir():
        texts += [read_text(path) or "" for path in sorted(workflows.glob("*.y*ml"))]
    text = "\n".join(texts)
    if hooks - FORMAT_HOOKS or LINT.search(text):
        return None
    command = FORMAT.search(text)
    if command is None:
        return Formatting(()) if hooks & FORMAT_HOOKS else None
    return Formatting(tuple(_paths(command[1], root)))


def _paths(arguments: str, root: Path) -> list[str]:
    """The folders and files a djLint command names before its options, when they exist."""
    named = []
    for word in arguments.split():
        if word.startswith("-"):
            break
        if not word.startswith("/") and (root / word).exists():
            named.append(word)
    return named


def declared_only(root: Path, deps: Dependencies, found: tuple[Linter, ...]) -> tuple[str, ...]:
    """The known linters the project installs but does not configure (see the module doc)."""
    pipfile = read_toml(root / "Pipfile")
    listed = {
        normalize(name) for key in ("dev-packages", "packages") for name in table(pipfile, key)
    }
    configured = {linter.name for linter in found}
    return tuple(
        name for name in KNOWN if name not in configured and (deps.declared(name) or name in listed)
    )


def declared_only_note(names: tuple[str, ...]) -> str | None:
    if not names:
        return None
    listed = ", ".join(f'"{name}"' for name in names)
    return (
        f"linters: {', '.join(names)} installed by the project but not configured (no [tool.X] "
        f"section, config file or pre-commit hook), so no gate runs them; to gate on them add "
        f"`linters = [{listed}]` under [tool.pitstop] in pyproject.toml and run init again"
    )
