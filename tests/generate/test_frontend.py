"""The frontend build steps in ci.yml and deploy.yml, for each kind of frontend."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from tests.conftest import PIP_PROJECT, Files, pitstop


def workflows(root: Path) -> tuple[Any, Any]:
    folder = root / ".github/workflows"
    return tuple(YAML(typ="safe").load((folder / n).read_text()) for n in ("ci.yml", "deploy.yml"))


def by_name(steps: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {step.get("name", ""): step for step in steps}


THEME = '{"scripts": {"build": "tailwindcss -i ./src/styles.css -o ../static/css/dist/styles.css"}}'


def test_django_tailwind_builds_in_the_theme_app(project: Callable[[Files], Path]) -> None:
    files = {
        **PIP_PROJECT,
        "theme/static_src/package.json": THEME,
        "theme/static_src/package-lock.json": "{}",
    }
    root = project(files)
    init = pitstop("init", "--no-preflight", root)
    init.assert_success()
    assert "frontend  npm run build in theme/static_src -> theme/static/css/dist/styles.css" in (
        init.out
    )
    ci, deploy = workflows(root)
    steps = by_name(ci["jobs"]["frontend"]["steps"])
    assert steps["Set up Node"]["with"]["cache-dependency-path"] == (
        "theme/static_src/package-lock.json"
    )
    for name, run in (
        ("Install the npm dependencies", "npm ci"),
        ("Build the assets", "npm run build"),
    ):
        assert steps[name]["working-directory"] == "theme/static_src"
        assert steps[name]["run"] == run
    upload = steps["Upload frontend-assets"]["with"]
    assert upload["path"] == "theme/static/css/dist/styles.css"
    built = by_name(deploy["jobs"]["build"]["steps"])
    assert built["Build the assets"]["working-directory"] == "theme/static_src"
    dependabot = YAML(typ="safe").load((root / ".github/dependabot.yml").read_text())
    npm = [u for u in dependabot["updates"] if u["package-ecosystem"] == "npm"]
    assert [u["directory"] for u in npm] == ["/theme/static_src"]
    assert "cache" not in built["Set up Node"]["with"]  # no caches in deploy.yml


def test_django_tailwind_cli_job(project: Callable[[Files], Path]) -> None:
    settings = PIP_PROJECT["mysite/settings.py"].replace(
        '"django.contrib.staticfiles"]', '"django.contrib.staticfiles", "django_tailwind_cli"]'
    )
    settings += 'STATICFILES_DIRS = [BASE_DIR / "assets"]\nTAILWIND_CLI_VERSION = "4.1.11"\n'
    root = project({**PIP_PROJECT, "mysite/settings.py": settings})
    pitstop("init", "--no-preflight", root).assert_success()
    ci, deploy = workflows(root)
    job = ci["jobs"]["frontend"]
    assert job["env"]["DJANGO_SETTINGS_MODULE"] == "mysite.settings"
    assert job["env"]["DB_NAME"]  # the settings read the database variables
    steps = by_name(job["steps"])
    assert "Install the locked dependencies" in steps
    install = steps["Install the Tailwind CLI from npm (@tailwindcss/cli@4.1.11)"]["run"]
    assert install.startswith("npm install --no-save --no-package-lock")
    build = steps["Build the assets (manage.py tailwind build, with the npm CLI)"]
    assert "TAILWIND_CLI_AUTOMATIC_DOWNLOAD = False" in build["run"]
    assert "python manage.py tailwind build" in build["run"]
    assert steps["Upload frontend-assets"]["with"]["path"] == "assets/css/tailwind.css"
    built = by_name(deploy["jobs"]["build"]["steps"])
    deploy_build = built["Build the assets (manage.py tailwind build, with the npm CLI)"]
    assert deploy_build["env"]["DJANGO_SETTINGS_MODULE"] == "mysite.settings"
    dependabot = (root / ".github/dependabot.yml").read_text()
    assert "package-ecosystem: npm" not in dependabot  # no package.json to update
    assert pitstop("check", root).code == 0


def test_pnpm_in_a_folder(project: Callable[[Files], Path]) -> None:
    spa = '{"scripts": {"build": "vite build"}}'
    lock = "lockfileVersion: '9.0'\n"
    root = project({**PIP_PROJECT, "spa/package.json": spa, "spa/pnpm-lock.yaml": lock})
    init = pitstop("init", "--no-preflight", root)
    init.assert_success()
    assert "frontend  pnpm run build in spa -> spa/dist (Node 20; scripts.build in spa/" in init.out
    ci, _ = workflows(root)
    steps = by_name(ci["jobs"]["frontend"]["steps"])
    assert "cache" not in steps["Set up Node"]["with"]  # setup-node's cache needs pnpm first
    manager = steps["Install pnpm@9 from npm"]  # lockfileVersion 9.0
    assert manager["env"] == {"PACKAGE_MANAGER": "pnpm@9"}
    assert '"$RUNNER_TEMP/package-manager/node_modules/.bin" >> "$GITHUB_PATH"' in manager["run"]
    assert steps["Install the pnpm dependencies"]["run"] == "pnpm install --frozen-lockfile"
    assert steps["Build the assets"] == {
        "name": "Build the assets",
        "id": "frontend-build",  # prove's broken-css gate
        "working-directory": "spa",
        "run": "pnpm run build",
    }
    assert pitstop("check", root).code == 0
