"""Message catalogs the project keeps as `.po` sources only, which Django cannot read.

Django reads translations from compiled `.mo` files. A project that commits only the `.po`
sources compiles them before its tests (`manage.py compilemessages`); without that, every
test that checks a translated string sees the English text. `uncompiled` lists those
catalogs (`locale/<language>/LC_MESSAGES/django.po` or `djangojs.po` with no `.mo` beside
it), relative to the root; a project that commits its `.mo` files needs nothing.
"""

from __future__ import annotations

from pathlib import Path

from pitstop.detect._files import project_files
from pitstop.github import git

CATALOGS = ("django.po", "djangojs.po")


def uncompiled(root: Path) -> tuple[str, ...]:
    """The project's Django catalogs that a clone has without their compiled `.mo` (a `.mo`
    you compiled yourself and git ignores is not in the clone CI checks out)."""
    found = [path for name in CATALOGS for path in project_files(root, name)]
    catalogs = sorted(
        path.relative_to(root).as_posix() for path in found if path.parent.name == "LC_MESSAGES"
    )
    return tuple(po for po in catalogs if not git.in_clone(root, po[: -len(".po")] + ".mo"))
