"""The project's own Django apps: the coverage source, bandit's target, where prove breaks code.

Executed (`from_installed`): the apps of INSTALLED_APPS, as Django resolved them, whose folder
lies inside the project (not in a virtualenv, site-packages or node_modules), minus the
settings package itself, in INSTALLED_APPS order (prove breaks the first). From the files
(`from_files`, when the settings are not executed), sorted: a folder is an app when it holds
`apps.py`, `models.py` or a `migrations/` package, at the root or one level down inside a
package (or inside an `apps/` folder; two levels through packages, as in
`pydis_site/apps/api`); `docs` only when it holds migrations; a folder without `__init__.py`
only when its `apps.py` makes it a namespace app. Either way the result is the fewest
top-level folders that hold them all (`("pydis_site",)` for `pydis_site/apps/*`,
`("accounts", "blog")` for apps at the root), and `"."` only when no app is found.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from pitstop.detect.settings_probe import InstalledApp

NOT_OWN = {".venv", "venv", "site-packages", "dist-packages", "node_modules", "__pypackages__"}
NEVER_APPS = {"node_modules", "static", "staticfiles", "templates", "tests", "venv", "htmlcov"}
MARKERS = ("apps.py", "models.py", "migrations/__init__.py")
EXECUTED = "executed INSTALLED_APPS"
FILES = "files"


def from_installed(installed: Iterable[InstalledApp], root: Path, settings: str) -> tuple[str, ...]:
    """The top-level folders holding the installed apps that are the project's own, in
    INSTALLED_APPS order (prove breaks the first)."""
    base = root.resolve()
    tops: dict[str, None] = {}
    for app in installed:
        if app.folder is None or _holds_settings(app.module, settings):
            continue
        folder = app.folder.resolve()
        if folder == base or not folder.is_relative_to(base):
            continue
        parts = folder.relative_to(base).parts
        if not NOT_OWN.intersection(parts) and not parts[0].startswith("."):
            tops[parts[0]] = None
    return tuple(tops)


def _holds_settings(module: str, settings: str) -> bool:
    """The settings package itself (`config` for `config.settings.test`) is not an app."""
    return settings.startswith(module + ".")


def from_files(root: Path) -> tuple[str, ...]:
    found = [child.name for child in _folders(root) if _is_app(child) or _holds_apps(child)]
    return tuple(found) or (".",)


def _folders(folder: Path) -> list[Path]:
    return [
        child
        for child in sorted(folder.iterdir())
        if child.is_dir()
        and not child.name.startswith((".", "_"))
        and child.name not in NEVER_APPS
        and not (child / "pyvenv.cfg").is_file()
    ]


def _is_app(folder: Path) -> bool:
    if folder.name == "docs":  # Sphinx's conf.py folder, unless it has migrations
        return (folder / "migrations" / "__init__.py").is_file()
    if not (folder / "__init__.py").is_file():  # a namespace app declares an AppConfig
        return (folder / "apps.py").is_file()
    return any((folder / marker).is_file() for marker in MARKERS)


def _holds_apps(folder: Path, depth: int = 2) -> bool:
    """A package (or an `apps/` folder) with apps one level down, or two through a package
    (`pydis_site/apps/api`)."""
    if not (folder / "__init__.py").is_file() and folder.name != "apps":
        return False
    children = _folders(folder)
    if any(_is_app(child) for child in children):
        return True
    return depth > 1 and any(_holds_apps(child, depth - 1) for child in children)
