"""The default `scripts/deploy.sh`: written once when absent, then the project's own.

It deploys a release archive on the machine it runs on: unpack into a new release folder,
verify the manifest, create a virtualenv from the lock with hashes, migrate, start the app
briefly and require `/healthz` to answer 200, then point `current` at the release.
"""

from __future__ import annotations

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
#   DATABASE_URL   required: the environment's database
#   SECRET_KEY     required by the production settings
#   ALLOWED_HOSTS  the host names; the first one is used for the health check
#   DEPLOY_ROOT    where releases live (default: $HOME/deployments/ENVIRONMENT)
#   DEPLOY_PORT    the port of the smoke start (default: 8765)
set -euo pipefail

artifact=${1:?usage: scripts/deploy.sh ARTIFACT ENVIRONMENT}
environment=${2:?usage: scripts/deploy.sh ARTIFACT ENVIRONMENT}
: "${DATABASE_URL:?set DATABASE_URL in the secrets of the $environment environment}"
: "${SECRET_KEY:?set SECRET_KEY in the secrets of the $environment environment}"
export DJANGO_SETTINGS_MODULE=${DJANGO_SETTINGS_MODULE:-@SETTINGS@}
export ALLOWED_HOSTS=${ALLOWED_HOSTS:-localhost}
root=${DEPLOY_ROOT:-$HOME/deployments/$environment}
port=${DEPLOY_PORT:-8765}
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

echo "migrating"
.venv/bin/python manage.py migrate --noinput

echo "starting the app on 127.0.0.1:$port for the health check"
@START@ &
app=$!
trap 'kill "$app" 2>/dev/null || true; wait "$app" 2>/dev/null || true' EXIT
host=${ALLOWED_HOSTS%%,*}
for _ in $(seq 60); do
  code=$(.venv/bin/python - "$port" "$host" <<'PY' || true
import sys, urllib.request
request = urllib.request.Request(
    f"http://127.0.0.1:{sys.argv[1]}/healthz",
    headers={"Host": sys.argv[2], "X-Forwarded-Proto": "https"},
)
try:
    print(urllib.request.urlopen(request, timeout=2).status)
except Exception as exc:
    print(getattr(exc, "code", 0))
PY
)
  if [ "$code" = "200" ]; then
    ln -sfn "$release" "$root/current"
    echo "deployed to $environment: /healthz answered 200; $root/current -> $release"
    exit 0
  fi
  sleep 1
done
echo "error: /healthz did not answer 200 (last status: ${code:-none})" >&2
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


def start_command(project: Project) -> str:
    if project.dependencies.pinned("gunicorn"):
        return f'.venv/bin/gunicorn {project.django.wsgi}:application --bind "127.0.0.1:$port"'
    return '.venv/bin/python manage.py runserver --noreload --insecure "127.0.0.1:$port"'


def render(project: Project) -> str:
    return (
        TEMPLATE.replace("@SETTINGS@", project.django.production_settings)
        .replace("@INSTALL@", install_command(project))
        .replace("@START@", start_command(project))
    )
