"""The default scripts/deploy.sh, run for real on a release of the reference project."""

from __future__ import annotations

import io
import json
import os
import shutil
import socket
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from pitstop.generate import config, deploy_script
from pitstop.generate.deploy import deploy_job
from tests.conftest import POETRY_PROJECT, UV_PROJECT, Files, git, make_repo, pitstop

EXAMPLE = Path(__file__).parents[2] / "examples" / "taskboard"
PG_BIN = Path("/usr/lib/postgresql/15/bin")


@pytest.fixture
def release(tmp_path: Path) -> Path:
    """The reference project, initialized, with its release archive built by ci.yml's step."""
    if not EXAMPLE.is_dir():
        pytest.skip("examples/taskboard is not merged in this checkout")
    root = tmp_path / "taskboard"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns(".github", "node_modules"))
    make_repo(root, {})
    pitstop("init", "--no-preflight", root).assert_success()
    (root / "staticfiles").mkdir()
    (root / "staticfiles/app.css").write_text("body{}")
    (root / "static/css").mkdir(parents=True, exist_ok=True)
    (root / "static/css/app.css").write_text("body{}")
    ci = YAML(typ="safe").load((root / ".github/workflows/ci.yml").read_text())
    step = next(s for s in ci["jobs"]["build"]["steps"] if "RELEASE_EXTRA" in s.get("env", {}))
    sha = git(root, "rev-parse", "HEAD").strip()
    env = {**os.environ, **step["env"], "GITHUB_SHA": sha}
    subprocess.run(["bash", "-eo", "pipefail", "-c", step["run"]], cwd=root, env=env, check=True)
    return root


def deploy(
    root: Path, env: dict[str, str], archive: str = "dist/taskboard.tar.gz"
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", "scripts/deploy.sh", archive, "staging"],
        cwd=root,
        env={**os.environ, "SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "localhost", **env},
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )


def test_a_tampered_release_is_refused(release: Path, tmp_path: Path) -> None:
    archive = release / "dist/taskboard.tar.gz"
    with tarfile.open(archive) as tar:
        members = [(m, tar.extractfile(m)) for m in tar.getmembers()]
        contents = {m.name: f.read() if f else None for m, f in members}
    tampered = tmp_path / "tampered.tar.gz"
    with tarfile.open(tampered, "w:gz") as tar:
        for member, _ in members:
            data = contents[member.name]
            if member.name == "./manage.py":
                data = b"print('evil')\n"
                member.size = len(data)
            tar.addfile(member, io.BytesIO(data) if data is not None else None)
    done = deploy(
        release,
        {"DATABASE_URL": "postgres://x@127.0.0.1:1/x", "DEPLOY_ROOT": str(tmp_path / "d")},
        str(tampered),
    )
    assert done.returncode != 0
    assert "checksum mismatch: manage.py" in done.stderr + done.stdout


def test_database_url_is_required(release: Path, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    done = subprocess.run(
        ["bash", "scripts/deploy.sh", "dist/taskboard.tar.gz", "staging"],
        cwd=release,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode != 0
    assert "set DATABASE_URL in the secrets of the staging environment" in done.stderr


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture
def postgres() -> Iterator[str]:
    if not (PG_BIN / "pg_ctl").is_file():
        pytest.skip("PostgreSQL 15 binaries not installed")
    data = Path(tempfile.mkdtemp(prefix="pitstop-pg-"))
    as_user: list[str] = []
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root
        shutil.chown(data, "postgres")
        as_user = ["runuser", "-u", "postgres", "--"]
    port = free_port()

    def run(*args: object) -> None:
        subprocess.run([*as_user, *map(str, args)], check=True, capture_output=True)

    run(PG_BIN / "initdb", "-D", data / "data", "-U", "postgres", "--auth=trust")
    options = f"-p {port} -k {data} -c listen_addresses=127.0.0.1"
    run(PG_BIN / "pg_ctl", "-D", data / "data", "-o", options, "-l", data / "log", "-w", "start")
    try:
        run(PG_BIN / "createdb", "-h", "127.0.0.1", "-p", port, "-U", "postgres", "taskboard")
        yield f"postgres://postgres:postgres@127.0.0.1:{port}/taskboard"
    finally:
        run(PG_BIN / "pg_ctl", "-D", data / "data", "-m", "fast", "-w", "stop")
        shutil.rmtree(data, ignore_errors=True)


@pytest.mark.slow
def test_deploy_unpacks_installs_migrates_and_answers_healthz(
    release: Path, postgres: str, tmp_path: Path
) -> None:
    target = tmp_path / "deployments"
    done = deploy(
        release,
        {"DATABASE_URL": postgres, "DEPLOY_ROOT": str(target), "DEPLOY_PORT": str(free_port())},
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "/healthz answered 200" in done.stdout
    current = target / "current"
    manifest = json.loads((current / "MANIFEST.json").read_text())
    assert manifest["git_sha"] == git(release, "rev-parse", "HEAD").strip()
    assert (current / ".venv/bin/gunicorn").is_file()


def test_no_locked_server_is_a_loud_runserver(project: Callable[[Files], Path]) -> None:
    root = project(UV_PROJECT)
    init = pitstop("init", "--no-preflight", root)
    init.assert_success()
    assert "deploy    runserver (WARNING: no WSGI/ASGI server is locked" in init.out
    script = (root / "scripts/deploy.sh").read_text()
    assert "# WARNING: no WSGI/ASGI server is locked" in script
    assert "echo '::warning::no WSGI/ASGI server is locked" in script
    assert "manage.py runserver --noreload --insecure" in script
    assert "Smoke test: / (the home page: no health endpoint was found" in script
    check = subprocess.run(["bash", "-n", root / "scripts/deploy.sh"], capture_output=True)
    assert check.returncode == 0, check.stderr


def test_server_and_health_path_from_tool_pitstop(project: Callable[[Files], Path]) -> None:
    settings = '\n[tool.pitstop.deploy]\nserver = "uvicorn"\nhealth-path = "/up"\n'
    files = {**UV_PROJECT, "pyproject.toml": UV_PROJECT["pyproject.toml"] + settings}
    root = project(files)
    init = pitstop("init", "--no-preflight", root)
    init.assert_success()
    assert (
        "deploy    uvicorn ([tool.pitstop.deploy] server); smoke test /up (health endpoint, [tool"
        in init.out
    )
    script = (root / "scripts/deploy.sh").read_text()
    assert '.venv/bin/uvicorn config.asgi:application --host 127.0.0.1 --port "$port"' in script
    assert 'smoke_path=/up\nsmoke_ok="200"\n' in script
    assert "WARNING" not in script


def test_detected_server_and_health_are_recorded(project: Callable[[Files], Path]) -> None:
    root = project(POETRY_PROJECT | {"blog/urls.py": 'urlpatterns = [path("healthz/", h)]\n'})
    init = pitstop("init", "--no-preflight", root)
    init.assert_success()
    assert (
        "deploy    gunicorn (the lock); smoke test /healthz/ (health endpoint, blog/urls.py)"
        in init.out
    )
    assert (
        'server = "gunicorn"\nhealth-path = "/healthz/"\n' in (root / "pyproject.toml").read_text()
    )
    assert "blog.wsgi:application" in (root / "scripts/deploy.sh").read_text()


SMOKE_SERVER = """\
import http.server, sys
class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(302 if self.path == "/" else 404)
        self.send_header("Location", "https://elsewhere.invalid/accounts/login/")
        self.end_headers()
    def log_message(self, *args):
        pass
http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
"""


@pytest.mark.parametrize(
    ("path", "statuses", "deployed"),
    [
        ("/", "200 301 302 303 307 308", True),  # the fallback: a redirect is an answer
        ("/healthz", "200", False),  # a health endpoint must answer 200
    ],
)
def test_the_smoke_loop_for_real(
    project: Callable[[Files], Path], tmp_path: Path, path: str, statuses: str, deployed: bool
) -> None:
    root = project(UV_PROJECT)
    pitstop("init", "--no-preflight", root).assert_success()
    script = (root / "scripts/deploy.sh").read_text()
    loop = script[script.index('echo "starting the app') :].replace("seq 60", "seq 3")
    (tmp_path / "server.py").write_text(SMOKE_SERVER)
    port = free_port()
    start = f"{sys.executable} {tmp_path / 'server.py'} {port}"
    loop = loop.replace(loop.splitlines()[1], start + " &")
    (root / ".venv/bin").mkdir(parents=True)
    (root / ".venv/bin/python").symlink_to(sys.executable)
    prelude = (
        f"set -euo pipefail\nport={port}\nsmoke_path={path}\nsmoke_ok='{statuses}'\n"
        f"environment=staging\nroot={tmp_path / 'd'}\nrelease={tmp_path / 'r'}\n"
        f"mkdir -p $root $release\nALLOWED_HOSTS=localhost\n"
    )
    done = subprocess.run(
        ["bash", "-c", prelude + loop], cwd=root, capture_output=True, text=True, timeout=60
    )
    assert (done.returncode == 0) is deployed, done.stdout + done.stderr
    if deployed:
        assert f"deployed to staging: {path} answered 302" in done.stdout
    else:
        assert f"{path} did not answer 200 (last status: 404)" in done.stderr


def test_settings_without_a_database_ask_for_no_database_url(
    project: Callable[[Files], Path],
) -> None:
    files = dict(UV_PROJECT)
    files["config/settings.py"] = files["config/settings.py"].replace(
        'import dj_database_url\nDATABASES = {"default": dj_database_url.config()}',
        "DATABASES = {}",
    )
    root = project(files)
    loaded = config.load(root)
    assert loaded.database.engine == "none"
    script = deploy_script.render(loaded)
    assert "DATABASE_URL:?" not in script and "no DATABASE_URL" in script
    steps = deploy_job(loaded)["steps"]
    assert isinstance(steps, list)
    env = next(step for step in steps if step.get("name") == "Deploy")["env"]
    assert "DATABASE_URL" not in env and "SECRET_KEY" in env
    with_db = config.load(project(UV_PROJECT))
    assert "DATABASE_URL:?" in deploy_script.render(with_db)
