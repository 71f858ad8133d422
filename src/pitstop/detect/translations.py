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

CATALOGS = ("django.po", "djangojs.po")


def uncompiled(root: Path) -> tuple[str, ...]:
    """The project's Django catalogs that have no compiled `.mo` beside them."""
    found = [path for name in CATALOGS for path in project_files(root, name)]
    return tuple(
        sorted(
            path.relative_to(root).as_posix()
            for path in found
            if path.parent.name == "LC_MESSAGES" and not path.with_suffix(".mo").is_file()
        )
    )
