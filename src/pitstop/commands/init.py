"""`pitstop init [PATH] [--dry-run] [--force]`: detect the project and write its pipeline."""

from __future__ import annotations

import argparse
import os

from pitstop.detect import extensions
from pitstop.detect import python as python_detect
from pitstop.detect.database import Database
from pitstop.detect.frontend import Frontend
from pitstop.detect.project import DEFAULT_DEPLOY_COMMAND, Project
from pitstop.generate import install_sets
from pitstop.generate.config import load
from pitstop.generate.deploy_script import RUNSERVER_WARNING, smoke
from pitstop.generate.files import render_all
from pitstop.generate.writer import Change, Status, plan, write
from pitstop.prove import preflight
from pitstop.prove.invoke import Children
from pitstop.workflow.loader import load_workflow

HELP = "detect the Django project and write its hardened GitHub Actions pipeline"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", nargs="?", default=".", help="the project (default: .)")
    parser.add_argument("--dry-run", action="store_true", help="print the diff, write nothing")
    parser.add_argument(
        "--force",
        action="store_true",
        help="overwrite files you edited and the project's own workflows in the way",
    )
    parser.add_argument(
        "--no-preflight",
        dest="preflight",
        action="store_false",
        help="do not run the gates once (quality, pre-commit, django-checks, the tests on the "
        "newest Python) after writing",
    )


def run(args: argparse.Namespace) -> int:
    project = load(args.path)
    print(summary(project))
    changes = plan(project.root, render_all(project))
    if args.dry_run:
        for change in changes:
            if change.status is not Status.UNCHANGED:
                print(change.diff(), end="")
        print("dry run: nothing written")
        return 0
    write(project.root, changes, force=args.force)
    code = report(changes, force=args.force)
    if code == 0 and args.preflight:
        print("\n".join(run_preflight(project)))
    return code


def run_preflight(project: Project) -> list[str]:
    """Run the cheap gates of the written ci.yml and say what is red today."""
    workflow = load_workflow(project.root / preflight.CI_WORKFLOW, project.root)
    children = Children()
    try:
        result = preflight.run(
            project.root,
            workflow,
            project.default_branch,
            children,
            python=preflight.newest_local(project.python.versions, os.environ),
            floor=project.tests.coverage_floor,
        )
    except BaseException:  # Ctrl-C: stop the run (and its services) before leaving
        children.stop_all()
        raise
    return preflight.describe(result)


def report(changes: list[Change], *, force: bool) -> int:
    own = [c for c in changes if c.status is Status.OWN and not force]
    kept = 0
    for change in changes:
        if change.status is Status.OWN and not force:
            print(f"kept      {change.path}: the project's own, not written by pitstop; init "
                  "would write this instead:")  # fmt: skip
            print(change.diff(), end="")
        elif change.status is Status.EDITED and not force:
            kept += 1
            print(f"kept      {change.path}: you edited it; this is what init would change:")
            print(change.diff(), end="")
        elif own:
            print(f"{'not written':<9} {change.path}")
        else:
            verb = {"unchanged": "unchanged", "create": "created", "update": "updated"}
            print(f"{verb.get(change.status.value, 'overwrote'):<9} {change.path}")
    if own:
        names = ", ".join(c.path for c in own)
        print(
            f"nothing written: pitstop's workflows call each other and {names} would stay the "
            "project's own. Re-run with --force to replace it (git keeps the old file), or "
            "move it aside first."
        )
        return 1
    if kept:
        print(f"{kept} edited file(s) kept; re-run with --force to overwrite them")
        return 1
    return 0


def summary(project: Project) -> str:
    front = project.frontend
    linters = ", ".join(f"{item.name} {item.version or '(unpinned)'}" for item in project.linters)
    built = _frontend(front)
    deps, dj, db = project.dependencies, project.django, project.database
    return "\n".join(
        [
            f"project   {project.name} ({project.root})",
            f"python    {', '.join(project.python.versions)} (from {project.python.source})",
            *_python_reasons(project),
            f"deps      {deps.manager}: {install_sets.summary(project)}",
            f"django    tests {dj.test_settings}, production {dj.production_settings}"
            + (f" ({dj.manage})" if dj.base else ""),
            f"apps      {', '.join(dj.apps)} (from {dj.apps_source})",
            f"database  {_database(db)}",
            *_postgres_reasons(project),
            f"extensions {', '.join(map(str, project.extensions)) or 'none'}",
            *_outside_image(project),
            f"tests     {project.tests.runner}, coverage floor {project.tests.coverage_floor}%",
            f"linters   {linters or 'none'}",
            f"frontend  {built}",
            f"deploy    {_deploy(project)}",
            f"branch    {project.default_branch}",
            *(f"note      {note}" for note in project.notes),
        ]
    )


def _frontend(front: Frontend | None) -> str:
    if front is None:
        return "none (no npm build script, no django-tailwind theme, no django-tailwind-cli)"
    if front.tailwind_cli is not None:
        command = "manage.py tailwind build"
    else:
        where = "" if front.directory == "." else f" in {front.directory}"
        command = f"{front.manager} run {front.build_script}{where}"
    return f"{command} -> {front.output} (Node {front.node_version}; {front.reason})"


def _deploy(project: Project) -> str:
    if project.deploy_command != DEFAULT_DEPLOY_COMMAND:
        return f"{project.deploy_command} (your command: its server and smoke test are yours)"
    serving = project.serving
    server = f"{serving.server} ({serving.server_source})" if serving.server else ""
    server = server or f"runserver (WARNING: {RUNSERVER_WARNING})"
    _, _, why = smoke(project)
    return f"{server}; smoke test {why}"


def _python_reasons(project: Project) -> list[str]:
    """Why the matrix is what it is; for a matrix set in [tool.pitstop], what detection says
    now (a Django upgrade may have dropped a recorded version)."""
    found = project.python
    if found.source != "pyproject":
        return [f"          - {reason}" for reason in found.reasons]
    detected = python_detect.detect(project.root, project.dependencies)
    if detected.versions == found.versions:
        return []
    return [
        f"          - set in [tool.pitstop]; detection would choose "
        f"{', '.join(detected.versions)} (from {detected.source})",
        *(f"          - {reason}" for reason in detected.reasons),
    ]


def _postgres_reasons(project: Project) -> list[str]:
    found, db = project.postgres, project.database
    if db.engine != "postgresql":
        return []
    if db.version != found.version:
        return [f"          - {db.version} set in [tool.pitstop] (detected {found.version})"]
    return [f"          - {db.version} from {found.source}"] + [
        f"          - {reason}" for reason in found.reasons
    ]


def _outside_image(project: Project) -> list[str]:
    image = f"postgres:{project.database.version}"
    return [
        f"          - {extension.name} is not in the {image} image: CI's service needs an "
        "image that has it"
        for extension in extensions.outside_image(project.extensions)
    ]


def _database(db: Database) -> str:
    if db.engine != "postgresql":  # nothing to start in CI: the tests bring their own
        return f"{db.engine} (no service)"
    return f"{db.engine} {db.version} via {db.style}"
