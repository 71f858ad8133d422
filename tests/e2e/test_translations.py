"""Translations end to end: `pitstop init` on a project whose German catalog is kept as .po
only, then its test job. The job compiles the catalog (gettext is installed on this machine,
so the apt step is checked, not run) and the test of a German string passes; without the
compile step the same test fails, as it would on GitHub."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Files, git
from tests.e2e.test_django_folder import initialise, run_job, steps
from tests.generate.test_translations import TRANSLATED

pytestmark = pytest.mark.slow


@pytest.fixture
def initialised(project: Callable[[Files], Path]) -> Path:
    return initialise(project(TRANSLATED))


def test_the_catalog_is_compiled_before_the_tests(initialised: Path, tmp_path: Path) -> None:
    _code, result = run_job(initialised, tmp_path, "test", "--matrix", "python=3.11")

    ran = steps(result)
    assert ran["Install gettext (compilemessages runs msgfmt)"] == "success", result
    assert ran["Compile the translations"] == "success", result
    assert ran["Run the tests with coverage"] == "success", result


def test_without_the_compile_step_the_german_test_fails(initialised: Path, tmp_path: Path) -> None:
    workflow = initialised / ".github/workflows/ci.yml"
    text = workflow.read_text()
    start = text.index("      - name: Install gettext")
    end = text.index("      - name: Check that no migration is missing")
    workflow.write_text(text[:start] + text[end:])
    git(initialised, "commit", "-qam", "no compilemessages")

    _code, result = run_job(initialised, tmp_path, "test", "--matrix", "python=3.11")

    assert steps(result)["Run the tests with coverage"] == "failure", result
