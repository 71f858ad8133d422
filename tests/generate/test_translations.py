"""A project that keeps its catalogs as .po only gets them compiled before its tests, with
the gettext GitHub's Ubuntu image lacks; one that commits its .mo files gets nothing."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from pitstop.generate import ci, config, deploy
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
    assert steps["Compile the translations"]["run"] == (
        "python src/manage.py compilemessages --ignore=.venv --ignore=node_modules"
    )
    order = names(job)
    assert order.index("Compile the translations") < order.index(
        "Check that no migration is missing"
    )


def test_committed_mo_files_need_no_step(project: Callable[[Files], Path]) -> None:
    files = {**TRANSLATED, CATALOG.replace(".po", ".mo"): "compiled"}

    job = ci.test_job(loaded(project, files))

    assert "Compile the translations" not in names(job)
    assert not any("apt-get" in str(step.get("run", "")) for step in steps_of(job))


@pytest.mark.parametrize("workflow", ["ci", "deploy"])
def test_the_release_carries_compiled_catalogs(
    project: Callable[[Files], Path], workflow: str
) -> None:
    found = loaded(project, TRANSLATED)
    job = ci.build_job(found, ["ci-success"]) if workflow == "ci" else deploy.build_job(found)

    steps = {str(step.get("name")): step for step in steps_of(job)}
    assert steps["Install gettext (msgfmt compiles the translations)"]["run"] == ci.GETTEXT
    release = steps["Assemble the release archive and its manifest"]
    assert "src/talks/locale" in release["env"]["RELEASE_EXTRA"].split()
    order = names(job)
    assert order.index("Compile the translations for the release") < order.index(
        "Assemble the release archive and its manifest"
    )


def _compile(project: Callable[[Files], Path], files: Files) -> tuple[Path, int]:
    root = project(files)
    job = ci.build_job(config.load(root), [])
    (script,) = [
        str(step["run"])
        for step in steps_of(job)
        if step.get("name") == "Compile the translations for the release"
    ]
    done = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
        cwd=root,
        capture_output=True,
        check=False,
    )
    return root, done.returncode


def test_the_release_compile_script_makes_the_mo_files(project: Callable[[Files], Path]) -> None:
    root, code = _compile(project, TRANSLATED)

    assert code == 0
    assert (root / CATALOG.replace(".po", ".mo")).stat().st_size > 0


def test_a_broken_catalog_turns_the_release_compile_red(
    project: Callable[[Files], Path],
) -> None:
    broken = GERMAN + '\n#, python-format\nmsgid "%(count)s talks"\nmsgstr "%(anzahl)d Vorträge"\n'
    _root, code = _compile(project, {**TRANSLATED, CATALOG: broken})

    assert code != 0  # msgfmt --check-format: the format directives do not match
