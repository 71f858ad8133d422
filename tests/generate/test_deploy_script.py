"""The default scripts/deploy.sh, run for real on a release of the reference project."""

from __future__ import annotations

import io
import json
import os
import shutil
import socket
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from tests.conftest import git, make_repo, pitstop

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
