"""Folders the settings write into that a clone lacks are made before Django starts: in the
test and django-checks jobs, deploy.yml's build, and the deploy script before `migrate`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from pitstop.detect.project import Project
from pitstop.generate import ci, deploy, deploy_script
from tests.conftest import Files
from tests.generate.test_django_folder import loaded
from tests.generate.test_translations import names, steps_of

STEP = "Create the folders the settings write into"


def with_folders(project: Callable[[Files], Path], *folders: str) -> Project:
    found = loaded(project)
    return replace(found, django=replace(found.django, settings_folders=folders))


def test_every_job_that_starts_django_makes_them_first(project: Callable[[Files], Path]) -> None:
    found = with_folders(project, "data", "logs")

    for job, first_django_step in (
        (ci.test_job(found), "Check that no migration is missing"),
        (ci.django_checks_job(found), "Run the deploy checks with the production settings"),
        (deploy.build_job(found), "Collect the static files"),
    ):
        order = names(job)
        assert order.index(STEP) < order.index(first_django_step)
        (step,) = [step for step in steps_of(job) if step.get("name") == STEP]
        assert step["run"] == "mkdir -p data logs"


def test_the_deploy_script_makes_them_before_migrating(project: Callable[[Files], Path]) -> None:
    script = deploy_script.render(with_folders(project, "data"))

    assert script.index("mkdir -p data") < script.index("migrate --noinput")


def test_none_needed_none_made(project: Callable[[Files], Path]) -> None:
    found = with_folders(project)

    assert STEP not in names(ci.test_job(found)) + names(ci.django_checks_job(found))
    assert "creating the folders" not in deploy_script.render(found)
