"""Which frontend build a project has, where it writes, and why: npm scripts (Vite, webpack,
the Tailwind CLI), django-tailwind's theme app, django-tailwind-cli."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pitstop.detect import frontend
from pitstop.detect.dependencies import Dependencies
from pitstop.detect.frontend import TailwindCli


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return root


def package(**scripts: str) -> str:
    return json.dumps({"scripts": {k.replace("_", ":"): v for k, v in scripts.items()}})


@pytest.mark.parametrize(
    ("files", "script", "directory", "output", "reason"),
    [
        (  # the production build wins over the development one
            {"package.json": package(build="webpack", build_prod="webpack --mode=production")},
            "build:prod",
            ".",
            "dist",
            "scripts.build:prod in package.json",
        ),
        (
            {
                "package.json": package(build="vite build"),
                "vite.config.ts": "export default { build: { outDir: 'assets/dist' } }\n",
            },
            "build",
            ".",
            "assets/dist",
            "scripts.build in package.json",
        ),
        (
            {
                "package.json": package(production="webpack"),
                "webpack.config.js": "output: { path: path.resolve(__dirname, 'static/bundles') }",
            },
            "production",
            ".",
            "static/bundles",
            "scripts.production in package.json",
        ),
        (  # django-tailwind: npm in the theme app's static_src, paths from there
            {
                "theme/static_src/package.json": package(
                    build="npm run build:clean && npm run build:tailwind",
                    build_clean="rimraf ../static/css/dist",
                    build_tailwind="tailwindcss -i ./src/styles.css "
                    "-o ../static/css/dist/styles.css",
                ),
                "theme/static_src/package-lock.json": "{}",
            },
            "build",
            "theme/static_src",
            "theme/static/css/dist/styles.css",
            "scripts.build in theme/static_src/package.json (django-tailwind)",
        ),
    ],
)
def test_npm_builds(
    tmp_path: Path, files: dict[str, str], script: str, directory: str, output: str, reason: str
) -> None:
    found = frontend.detect(write(tmp_path, files))
    assert found is not None
    assert (found.kind, found.build_script, found.directory) == ("npm", script, directory)
    assert (found.output, found.reason) == (output, reason)
    if directory != ".":
        assert found.lock == "package-lock.json"
        assert found.tailwind_input == "theme/static_src/src/styles.css"


SETTINGS = """\
BASE_DIR = Path(__file__).resolve().parent.parent
INSTALLED_APPS = ["django.contrib.staticfiles", "django_tailwind_cli"]
STATICFILES_DIRS = [BASE_DIR / "assets"]
TAILWIND_CLI_VERSION = "4.1.11"
TAILWIND_CLI_SRC_CSS = "frontend/source.css"
"""


def test_django_tailwind_cli_from_the_settings(tmp_path: Path) -> None:
    css = '@import "tailwindcss";\n@plugin "@tailwindcss/typography";\n@plugin "./local.js";\n'
    root = write(tmp_path, {"frontend/source.css": css})
    found = frontend.detect(root, None, SETTINGS)
    assert found is not None
    assert found.kind == "django-tailwind-cli"
    assert found.output == "assets/css/tailwind.css"
    assert found.tailwind_input == "frontend/source.css"
    assert found.tailwind_cli == TailwindCli(
        "4.1.11", "@tailwindcss/cli", ("@tailwindcss/typography",)
    )
    assert "TAILWIND_CLI_VERSION 4.1.11" in found.reason


@pytest.mark.parametrize(
    ("settings", "pinned", "cli", "output"),
    [
        (  # cookiecutter-django's APPS_DIR, an env default, DaisyUI
            'APPS_DIR = BASE_DIR / "shop"\nSTATICFILES_DIRS = [str(APPS_DIR / "static")]\n'
            'TAILWIND_CLI_VERSION = env("TAILWIND_CLI_VERSION", default="4.0.9")\n'
            'TAILWIND_CLI_DIST_CSS = "css/site.css"\nTAILWIND_CLI_USE_DAISY_UI = True\n',
            "4.5.1",
            TailwindCli("4.0.9", "@tailwindcss/cli", ("daisyui",)),
            "shop/static/css/site.css",
        ),
        (  # django-tailwind-cli 2.x drives Tailwind 3; no version set: the newest 3.x
            "",
            "2.21.1",
            TailwindCli(None, "tailwindcss"),
            "static/css/tailwind.css",
        ),
        (
            'TAILWIND_CLI_VERSION = "latest"\n',
            "4.7.0",
            TailwindCli(None, "@tailwindcss/cli"),
            "static/css/tailwind.css",
        ),
    ],
)
def test_django_tailwind_cli_variants(
    tmp_path: Path, settings: str, pinned: str, cli: TailwindCli, output: str
) -> None:
    deps = Dependencies("pip", (), False, {"django-tailwind-cli": pinned})
    found = frontend.detect(tmp_path, deps, settings)
    assert found is not None
    assert (found.tailwind_cli, found.output) == (cli, output)


def test_no_build_no_frontend(tmp_path: Path) -> None:
    write(tmp_path, {"package.json": package(lint="eslint ."), "x/static_src/package.json": "{}"})
    assert frontend.detect(tmp_path, None, 'INSTALLED_APPS = ["tailwind", "theme"]\n') is None


@pytest.mark.parametrize(
    ("files", "manager", "berry", "directory"),
    [
        ({"package.json": package(build="vite build"), "pnpm-lock.yaml": ""}, "pnpm", False, "."),
        (
            {
                "package.json": json.dumps(
                    {"packageManager": "pnpm@9.12.0", "scripts": {"build": "x"}}
                )
            },
            "pnpm",
            False,
            ".",
        ),
        ({"package.json": package(build="x"), "yarn.lock": ""}, "yarn", False, "."),
        (
            {"package.json": package(build="x"), "yarn.lock": "", ".yarnrc.yml": ""},
            "yarn",
            True,
            ".",
        ),
        (  # a single-page app in a top-level folder; docs/ is not the frontend
            {
                "docs/package.json": package(build="vitepress build"),
                "pinry-spa/package.json": package(build="vue-cli-service build"),
                "pinry-spa/yarn.lock": "",
            },
            "yarn",
            False,
            "pinry-spa",
        ),
    ],
)
def test_package_managers_and_folders(
    tmp_path: Path, files: dict[str, str], manager: str, berry: bool, directory: str
) -> None:
    found = frontend.detect(write(tmp_path, files))
    assert found is not None
    assert (found.manager, found.berry, found.directory) == (manager, berry, directory)
    wanted = {"pnpm": "9.12.0" if "packageManager" in str(files) else "9", "yarn": "1"}
    assert found.manager_version == wanted[manager]


@pytest.mark.parametrize(
    ("config", "output"),
    [
        (  # the path held in a const, built with path.resolve(path.join(...))
            'const out = path.resolve(path.join("web", "static"));\n'
            "module.exports = { output: { path: out, filename: '[name].js' } };\n",
            "web/static",
        ),
        (
            "module.exports = {\n  output: {\n    filename: 'x.js',\n"
            "    path: path.join(__dirname, './assets', 'bundles'),\n  },\n};\n",
            "assets/bundles",
        ),
        (  # a name bound to something that is not a path: the default, not a guess
            "const out = process.env.OUT;\nmodule.exports = { output: { path: out } };\n",
            "dist",
        ),
        ("module.exports = { output: { path: '/srv/www' } };\n", "dist"),  # outside the project
    ],
)
def test_webpack_output_path(tmp_path: Path, config: str, output: str) -> None:
    write(tmp_path, {"package.json": package(build="webpack"), "webpack.config.js": config})
    found = frontend.detect(tmp_path)
    assert found is not None and found.output == output


@pytest.mark.parametrize(
    ("settings", "source", "output"),
    [
        (
            'STATICFILES_DIRS = [BASE_DIR / "site" / "static"]\n'
            'TAILWIND_CLI_SRC_CSS = BASE_DIR / "site" / "css" / "in.css"\n',
            "site/css/in.css",
            "site/static/css/tailwind.css",
        ),
        (
            'STATICFILES_DIRS = (os.path.join(BASE_DIR, "site", "static"),)\n'
            'TAILWIND_CLI_SRC_CSS = str(BASE_DIR / "in.css")  # the source\n',
            "in.css",
            "site/static/css/tailwind.css",
        ),
        (  # a base pitstop cannot place: the literal, as before
            'STATICFILES_DIRS = [SOMEWHERE / "static"]\nTAILWIND_CLI_SRC_CSS = "in.css"\n',
            "in.css",
            "static/css/tailwind.css",
        ),
    ],
)
def test_django_tailwind_cli_paths_under_base_dir(
    tmp_path: Path, settings: str, source: str, output: str
) -> None:
    deps = Dependencies("pip", (), False, {"django-tailwind-cli": "4.3.0"})
    found = frontend.detect(tmp_path, deps, settings)
    assert found is not None
    assert (found.tailwind_input, found.output) == (source, output)
