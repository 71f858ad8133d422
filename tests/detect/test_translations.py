"""Catalogs kept as .po only need compiling before the tests; committed .mo files do not."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pitstop.detect import translations
from tests.conftest import Files, git

PO = 'msgid "Hello"\nmsgstr "Hallo"\n'


def test_po_files_without_mo_are_uncompiled(project: Callable[[Files], Path]) -> None:
    root = project(
        {
            "talks/locale/de/LC_MESSAGES/django.po": PO,
            "talks/locale/fr/LC_MESSAGES/djangojs.po": PO,
            "locale/nl/LC_MESSAGES/django.po": PO,
            "locale/nl/LC_MESSAGES/django.mo": "compiled",  # committed: nothing to do
            "node_modules/x/locale/de/LC_MESSAGES/django.po": PO,  # not the project's
            "docs/locale/de/django.po": PO,  # not where Django looks
        }
    )

    assert translations.uncompiled(root) == (
        "talks/locale/de/LC_MESSAGES/django.po",
        "talks/locale/fr/LC_MESSAGES/djangojs.po",
    )


def test_a_project_without_catalogs_has_none(project: Callable[[Files], Path]) -> None:
    assert translations.uncompiled(project({"manage.py": ""})) == ()


def test_a_mo_file_git_ignores_is_not_in_the_clone(project: Callable[[Files], Path]) -> None:
    """You compiled your catalogs yourself and git ignores `*.mo`: CI's clone has only the .po."""
    root = project(
        {
            ".gitignore": "*.mo\n",
            "talks/locale/de/LC_MESSAGES/django.po": PO,
            "talks/locale/de/LC_MESSAGES/django.mo": "yours, ignored",
            "talks/locale/fr/LC_MESSAGES/django.po": PO,
            "talks/locale/fr/LC_MESSAGES/django.mo": "committed",
        }
    )
    git(root, "add", "-f", "talks/locale/fr/LC_MESSAGES/django.mo")  # committed despite *.mo

    assert translations.uncompiled(root) == ("talks/locale/de/LC_MESSAGES/django.po",)
