"""A project that keeps its catalogs as .po only gets them compiled before its tests, with
the gettext GitHub's Ubuntu image lacks; one that commits its .mo files gets nothing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from pitstop.generate import ci
from tests.conftest import Files
from tests.generate.test_django_folder import SRC_PROJECT, loaded

GERMAN = (
    'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    'msgid "Welcome"\nmsgstr "Willkommen"\n'
)
CATALOG = "src/talks/locale/de/LC_MESSAGES/django.po"
TRANSLATED: Files = {
    **SRC_PROJECT,
    CATALOG: GERMAN,
    "src/talks/tests.py": "from django.test import SimpleTestCase\n"
    "from django.utils import translation\n\n\n"
    "class GermanTests(SimpleTestCase):\n"
    "    def test_welcome_in_german(self):\n"
    '        with translation.override("de"):\n'
    '            self.assertEqual(translation.gettext("Welcome"), "Willkommen")\n',
}


def steps_of(job: ci.Job) -> list[dict[str, Any]]:
    steps = job["steps"]
    assert isinstance(steps, list)
    return steps


def names(job: ci.Job) -> list[str]:
    return [str(step.get("name", "")) for step in steps_of(job)]


def test_uncompiled_catalogs_are_compiled_before_the_tests(
    project: Callable[[Files], Path],
) -> None:
    found = loaded(project, TRANSLATED)
    job = ci.test_job(found)

    assert found.uncompiled_catalogs == (CATALOG,)
    steps = {str(step.get("name")): step for step in steps_of(job)}
    assert steps["Install gettext (compilemessages runs msgfmt)"]["run"] == ci.GETTEXT
    assert steps["Compile the translations"]["run"] == "python src/manage.py compilemessages"
    order = names(job)
    assert order.index("Compile the translations") < order.index(
        "Check that no migration is missing"
    )


def test_committed_mo_files_need_no_step(project: Callable[[Files], Path]) -> None:
    files = {**TRANSLATED, CATALOG.replace(".po", ".mo"): "compiled"}

    job = ci.test_job(loaded(project, files))

    assert "Compile the translations" not in names(job)
    assert not any("apt-get" in str(step.get("run", "")) for step in steps_of(job))
