"""The default `scripts/deploy.sh`: written once when absent, then the project's own.

It deploys a release archive on the machine it runs on: unpack into a new release folder,
verify the manifest, create a virtualenv from the lock with hashes, migrate, start the app
briefly with its WSGI/ASGI server and require the smoke path to answer (the health endpoint:
200; with none, the admin login page or `/`: any answer below 400, redirects not followed),
then point `current` at the release. Without a locked server it falls back to `runserver`,
with a warning in the script and in what it prints.
"""

from __future__ import annotations

import shlex

from pitstop.detect.project import Project

PATH = "scripts/deploy.sh"

TEMPLATE = """\
#!/usr/bin/env bash
# Deploy a pitstop release archive: scripts/deploy.sh ARTIFACT ENVIRONMENT
#
# Written by `pitstop init` because the project had no scripts/deploy.sh; it is yours to
# edit (pitstop never overwrites it). Configure another command in pyproject.toml:
#   [tool.pitstop.deploy]
#   command = "scripts/deploy.sh ARTIFACT ENVIRONMENT"
#
# Environment (from the GitHub environment's secrets and variables):
@DATABASE_DOC@
#   SECRET_KEY     required by the production settings
#   ALLOWED_HOSTS  the host names; the first one is used for the health check
#   DEPLOY_ROOT    where releases live (default: $HOME/deployments/ENVIRONMENT)
#   DEPLOY_PORT    the port of the smoke start (default: 8765)
#
# Smoke test: @SMOKE_WHY@
@WARNING@set -euo pipefail

artifact=${1:?usage: scripts/deploy.sh ARTIFACT ENVIRONMENT}
environment=${2:?usage: scripts/deploy.sh ARTIFACT ENVIRONMENT}
@DATABASE_CHECK@: "${SECRET_KEY:?set SECRET_KEY in the secrets of the $environment environment}"
export DJANGO_SETTINGS_MODULE=${DJANGO_SETTINGS_MODULE:-@SETTINGS@}
export ALLOWED_HOSTS=${ALLOWED_HOSTS:-localhost}
root=${DEPLOY_ROOT:-$HOME/deployments/$environment}
port=${DEPLOY_PORT:-8765}
smoke_path=@SMOKE_PATH@
smoke_ok="@SMOKE_OK@"
release="$root/releases/$(date -u +%Y%m%dT%H%M%SZ)"

echo "unpacking $artifact into $release"
mkdir -p "$release"
tar -xzf "$artifact" -C "$release"
cd "$release"

echo "verifying MANIFEST.json"
python3 - <<'PY'
import hashlib, json, pathlib
manifest = json.loads(pathlib.Path("MANIFEST.json").read_text())
for name, digest in manifest["files"].items():
    if hashlib.sha256(pathlib.Path(name).read_bytes()).hexdigest() != digest:
        raise SystemExit(f"checksum mismatch: {name}")
print(f"{len(manifest['files'])} files match git {manifest['git_sha']}")
PY

echo "installing the locked dependencies"
python3 -m venv .venv
@INSTALL@

@FOLDERS@echo "migrating"
.venv/bin/python @MANAGE@ migrate --noinput

echo "starting the app on 127.0.0.1:$port for the smoke test of $smoke_path"
@START@ &
app=$!
trap 'kill "$app" 2>/dev/null || true; wait "$app" 2>/dev/null || true' EXIT
host=${ALLOWED_HOSTS%%,*}
for _ in $(seq 60); do
  code=$(.venv/bin/python - "$port" "$host" "$smoke_path" <<'PY' || true
import sys, urllib.error, urllib.request
class Stay(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a redirect is an answer: report its status, never follow it
request = urllib.request.Request(
    f"http://127.0.0.1:{sys.argv[1]}{sys.argv[3]}",
    headers={"Host": sys.argv[2], "X-Forwarded-Proto": "https"},
)
try:
    print(urllib.request.build_opener(Stay).open(request, timeout=2).status)
except Exception as exc:
    print(getattr(exc, "code", 0))
PY
)
  if [[ " $smoke_ok " == *" $code "* ]]; then
    ln -sfn "$release" "$root/current"
    echo "deployed to $environment: $smoke_path answered $code; $root/current -> $release"
    exit 0
  fi
  sleep 1
done
echo "error: $smoke_path did not answer $smoke_ok (last status: ${code:-none})" >&2
exit 1
"""


def install_command(project: Project) -> str:
    deps = project.dependencies
    if deps.manager == "uv":
        return (
            ".venv/bin/python -m pip install uv\n"
            "VIRTUAL_ENV=$PWD/.venv .venv/bin/uv sync --locked --no-dev --active"
        )
    if deps.manager == "poetry":
        return (
            ".venv/bin/python -m pip install poetry\n"
            "VIRTUAL_ENV=$PWD/.venv .venv/bin/poetry install --only main --no-root"
        )
    if deps.manager == "pipenv":
        return (
            ".venv/bin/python -m pip install pipenv\nPIPENV_VENV_IN_PROJECT=1 .venv/bin/pipenv sync"
        )
    if deps.manager == "pdm":
        return (
            ".venv/bin/python -m pip install pdm\n"
            "VIRTUAL_ENV=$PWD/.venv .venv/bin/pdm sync --prod --no-self"
        )
    if deps.prod_lock is None:  # a pyproject without lock or requirements files
        return (
            ".venv/bin/python -m pip install uv\n"
            ".venv/bin/uv pip install --python .venv/bin/python -r pyproject.toml"
        )
    hashes = "--require-hashes " if deps.hashed else ""
    return f".venv/bin/python -m pip install {hashes}-r {deps.prod_lock}"


# How each server starts the app on 127.0.0.1:$port; {wsgi} and {asgi} are the modules.
START = {
    "gunicorn": '.venv/bin/gunicorn {wsgi}:application --bind "127.0.0.1:$port"',
    "granian": '.venv/bin/granian --interface wsgi --host 127.0.0.1 --port "$port" '
    "{wsgi}:application",
    "uvicorn": '.venv/bin/uvicorn {asgi}:application --host 127.0.0.1 --port "$port"',
    "daphne": '.venv/bin/daphne -b 127.0.0.1 -p "$port" {asgi}:application',
    "hypercorn": '.venv/bin/hypercorn --bind "127.0.0.1:$port" {asgi}:application',
    "waitress": '.venv/bin/waitress-serve --listen="127.0.0.1:$port" {wsgi}:application',
    "uwsgi": '.venv/bin/uwsgi --http "127.0.0.1:$port" --module {wsgi}:application --master',
}
RUNSERVER = '.venv/bin/python manage.py runserver --noreload --insecure "127.0.0.1:$port"'
# A Django folder below the root (`src/manage.py`): the servers import the app from there, as
# manage.py does (it puts its own folder first on sys.path).
IN_FOLDER = 'PYTHONPATH="$PWD/{base}${{PYTHONPATH:+:$PYTHONPATH}}" '
RUNSERVER_WARNING = (
    "no WSGI/ASGI server is locked (gunicorn, uvicorn, ...): the deploy's smoke test starts "
    "Django's development server, which must never serve production; lock one, or set "
    '[tool.pitstop.deploy] server = "gunicorn"'
)


def start_command(project: Project) -> str:
    server = project.serving.server
    dj = project.django
    if server is None or server not in START:
        return RUNSERVER.replace(" manage.py ", f" {dj.manage} ")
    wsgi = dj.wsgi
    asgi = wsgi.rpartition(".")[0] + ".asgi" if wsgi.endswith(".wsgi") else wsgi
    folder = IN_FOLDER.format(base=dj.base) if dj.base else ""
    return folder + START[server].format(wsgi=wsgi, asgi=asgi)


def smoke(project: Project) -> tuple[str, str, str]:
    """The smoke test's path, the statuses that pass it, and why that path."""
    serving = project.serving
    if serving.health_path:
        where = serving.health_source or "[tool.pitstop.deploy] health-path"
        return serving.health_path, "200", f"{serving.health_path} (health endpoint, {where})"
    page = "the admin login page" if serving.admin_login else "the home page"
    why = (
        f"{serving.smoke_path} ({page}: no health endpoint was found; any answer below 400 "
        'passes. Add one and set [tool.pitstop.deploy] health-path = "/healthz")'
    )
    return serving.smoke_path, "200 301 302 303 307 308", why


DATABASE_DOC = "#   DATABASE_URL   required: the environment's database"
NO_DATABASE_DOC = "#   (no DATABASE_URL: the settings configure no database)"
DATABASE_CHECK = (
    ': "${DATABASE_URL:?set DATABASE_URL in the secrets of the $environment environment}"\n'
)


def needs_database(project: Project) -> bool:
    """False only when the settings configure no database at all (`DATABASES = {}`)."""
    return project.database.engine != "none"


def _folders(project: Project) -> str:
    """The folders the settings write into that the release lacks (`data/`)."""
    folders = project.django.settings_folders
    if not folders:
        return ""
    return f'echo "creating the folders the settings write into"\nmkdir -p {" ".join(folders)}\n\n'


def render(project: Project) -> str:
    path, statuses, why = smoke(project)
    warning = ""
    if project.serving.server not in START:
        quoted = shlex.quote(f"::warning::{RUNSERVER_WARNING}")  # an annotation on GitHub
        warning = f"# WARNING: {RUNSERVER_WARNING}\necho {quoted}\n"
    return (
        TEMPLATE.replace("@SETTINGS@", project.django.production_settings)
        .replace("@INSTALL@", install_command(project))
        .replace("@MANAGE@", project.django.manage)
        .replace("@FOLDERS@", _folders(project))
        .replace("@START@", start_command(project))
        .replace("@SMOKE_PATH@", shlex.quote(path))
        .replace("@SMOKE_OK@", statuses)
        .replace("@SMOKE_WHY@", why)
        .replace("@WARNING@", warning)
        .replace("@DATABASE_DOC@", DATABASE_DOC if needs_database(project) else NO_DATABASE_DOC)
        .replace("@DATABASE_CHECK@", DATABASE_CHECK if needs_database(project) else "")
    )
