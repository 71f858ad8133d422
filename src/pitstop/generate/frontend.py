"""The steps that build the frontend assets, shared by ci.yml's `frontend` job and deploy.yml's
build: Node, the npm install and the build, for each kind of frontend (detect/frontend.py).

django-tailwind-cli downloads the standalone Tailwind binary from GitHub unless
`TAILWIND_CLI_PATH` names an executable. The build installs the Tailwind CLI from npm (the
package and version the project's settings pin) and runs `manage.py tailwind build` with a
settings module that imports the project's and points `TAILWIND_CLI_PATH` at that CLI, with
the automatic download off: the same build on GitHub and in `pitstop run`, and no download.
"""

from __future__ import annotations

import shlex

from pitstop.detect.frontend import Frontend
from pitstop.detect.project import Project
from pitstop.generate._steps import Step
from pitstop.generate._yaml import Script, Uses
from pitstop.generate.pins import uses

OVERLAY = "pitstop_tailwind_settings"
BUILD_ID = "frontend-build"  # the gate of prove's broken-css defect

TAILWIND_BUILD = f"""\
cli="$PWD/node_modules/.bin/tailwindcss"
version=$(node -p "require('./node_modules/$TAILWIND_PACKAGE/package.json').version")
echo "the Tailwind CLI $version from npm ($TAILWIND_PACKAGE), never downloaded from GitHub"
cat > "$RUNNER_TEMP/{OVERLAY}.py" <<PY
from $DJANGO_SETTINGS_MODULE import *  # noqa: F403
TAILWIND_CLI_PATH = "$cli"
TAILWIND_CLI_VERSION = "$version"
TAILWIND_CLI_AUTOMATIC_DOWNLOAD = False
TAILWIND_CLI_USE_SYSTEM_BINARY = False
PY
export PYTHONPATH="$RUNNER_TEMP${{PYTHONPATH:+:$PYTHONPATH}}"
DJANGO_SETTINGS_MODULE={OVERLAY} python manage.py tailwind build
"""


def setup_node(front: Frontend, *, cache: bool) -> Step:
    node: dict[str, object] = {"node-version": front.node_version}
    if cache and front.lock and front.manager == "npm":
        node |= {"cache": "npm", "cache-dependency-path": _in(front, front.lock)}
    return {"name": "Set up Node", "uses": Uses(uses("actions/setup-node")), "with": node}


def build_steps(
    project: Project, *, cache: bool = True, env: dict[str, str] | None = None
) -> list[Step]:
    """Set up Node, install, build. tailwind-cli needs the job's Python set up before these
    steps, and the settings' environment (DJANGO_SETTINGS_MODULE and what it reads) in the
    job's `env:` or in `env`."""
    front = project.frontend
    assert front is not None
    if front.tailwind_cli is not None:
        return [
            setup_node(front, cache=False),
            *_tailwind_cli(front, env or {}, project.django.manage),
        ]
    folder = {} if front.directory == "." else {"working-directory": front.directory}
    return [
        setup_node(front, cache=cache),
        *_manager(front),
        {"name": f"Install the {front.manager} dependencies", **folder, "run": _install(front)},
        {
            "name": "Build the assets",
            "id": BUILD_ID,
            **folder,
            "run": f"{front.manager} run {front.build_script}",
        },
    ]


def _install(front: Frontend) -> str:
    if front.manager == "npm":
        return "npm ci" if front.lock else "npm install --no-audit --no-fund"
    if front.manager == "pnpm":
        frozen = " --frozen-lockfile" if front.lock else ""
    else:
        frozen = (" --immutable" if front.berry else " --frozen-lockfile") if front.lock else ""
    return f"{front.manager} install{frozen}"


# pnpm and yarn from the npm registry into the job's temp folder, never globally (pitstop run
# runs on your machine). Not corepack: Node 20's corepack rejects the registry's current
# signing keys ("No compatible signature found").
MANAGER_INSTALL = """\
npm install --prefix "$RUNNER_TEMP/package-manager" --no-save --no-package-lock \\
  --no-audit --no-fund "$PACKAGE_MANAGER"
echo "$RUNNER_TEMP/package-manager/node_modules/.bin" >> "$GITHUB_PATH"
"""


def _manager(front: Frontend) -> list[Step]:
    if front.manager == "npm":
        return []
    wanted = f"{front.manager}@{front.manager_version}"
    return [
        {
            "name": f"Install {wanted} from npm",
            "env": {"PACKAGE_MANAGER": wanted},
            "run": Script(
                MANAGER_INSTALL,
                f"zizmor: ignore[adhoc-packages] {front.manager} itself, at a pinned version",
            ),
        }
    ]


def _tailwind_cli(front: Frontend, env: dict[str, str], manage: str) -> list[Step]:
    cli = front.tailwind_cli
    assert cli is not None
    version = cli.version or ("3" if cli.npm_package == "tailwindcss" else "latest")
    packages = " ".join(shlex.quote(p) for p in [f"{cli.npm_package}@{version}", *cli.plugins])
    return [
        {
            "name": f"Install the Tailwind CLI from npm ({cli.npm_package}@{version})",
            # No lockfile can hold it (django-tailwind-cli projects have none): the version
            # is the one the settings pin, visible in the step's name.
            "run": Script(
                f"npm install --no-save --no-package-lock --no-audit --no-fund {packages}\n",
                "zizmor: ignore[adhoc-packages] the CLI django-tailwind-cli would download",
            ),
        },
        {
            "name": "Build the assets (manage.py tailwind build, with the npm CLI)",
            "id": BUILD_ID,
            "env": {**env, "TAILWIND_PACKAGE": cli.npm_package},
            "run": TAILWIND_BUILD.replace(" manage.py ", f" {manage} "),
        },
    ]


def _in(front: Frontend, path: str) -> str:
    return path if front.directory == "." else f"{front.directory}/{path}"
