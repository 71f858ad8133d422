"""`init`'s preflight runs the cheap gates for real and names the project's own red gates."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from pitstop.prove import preflight
from pitstop.prove.invoke import RunOutcome
from pitstop.runner.run_state import JobResult, Outcome, RunResult, StepResult
from tests.conftest import Files, git, pitstop

# A SQLite project whose only linter is ruff; `tidy` decides whether ruff has a finding.
SETTINGS = """\
import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only")
DEBUG = os.environ.get("DEBUG", "1") == "1"
ALLOWED_HOSTS = ["localhost"]
INSTALLED_APPS = ["django.contrib.staticfiles", "notes"]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": BASE_DIR / "db.sqlite3"}}
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
ROOT_URLCONF = "site_conf.urls"
"""


def small_project(*, tidy: bool) -> Files:
    return {
        "manage.py": "import os\nimport sys\n\n"
        "from django.core.management import execute_from_command_line\n\n"
        'os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_conf.settings")\n'
        "execute_from_command_line(sys.argv)\n",
        "site_conf/__init__.py": "",
        "site_conf/settings.py": SETTINGS,
        "site_conf/urls.py": "urlpatterns: list[object] = []\n",
        "site_conf/wsgi.py": "application = None\n",
        "notes/__init__.py": "",
        "notes/apps.py": "",
        "notes/models.py": "" if tidy else "import json\n",
        "notes/tests.py": "def test_nothing() -> None:\n    assert True\n",
        "requirements.txt": "Django==5.2.19\nruff==0.17.6\n",
        "pyproject.toml": '[project]\nname = "notes"\nrequires-python = ">=3.13"\n\n'
        "[tool.ruff]\nline-length = 100\n",
    }


@pytest.mark.slow
def test_init_reports_a_real_lint_finding_as_red_today(
    project: Callable[[Files], Path],
) -> None:
    root = project(small_project(tidy=False))
    done = pitstop("init", root)
    done.assert_success()  # the files were written; a red gate is reported, not an error
    lines = done.out.splitlines()
    red = [line for line in lines if "red today" in line]
    assert any(line.startswith("  red today  quality / ruff: ") for line in red), done.out
    assert any("json" in line for line in red), done.out
    assert "the red gates are the project's own findings" in done.out
    assert any(line.startswith("  coverage   ") and "floor 70%" in line for line in lines), done.out
    # check --deploy on this settings module warns (no HSTS, DEBUG on): the real posture
    checks = [line for line in red if line.startswith("  red today  django-checks / ")]
    assert any("(security.W" in line for line in checks), done.out
    assert git(root, "status", "--porcelain", "--", "notes").strip() == ""  # checkout untouched


@pytest.mark.slow
def test_preflight_quality_is_green_on_tidy_code(project: Callable[[Files], Path]) -> None:
    root = project(small_project(tidy=True))
    pitstop("init", "--no-preflight", root).assert_success()
    from pitstop.prove.invoke import Children
    from pitstop.workflow.loader import load_workflow

    workflow = load_workflow(root / preflight.CI_WORKFLOW, root)
    assert preflight.gate_jobs(workflow) == ("quality", "django-checks", "test")
    result = preflight.run(root, workflow, "main", Children(), python="3.13", floor=101)
    assert result.failure == ""
    assert [gate.job for gate in result.red if gate.job == "quality"] == []
    # the tests ran on one Python only, and their coverage is measured against the floor
    assert result.coverage is not None and result.coverage.job == "test (Python 3.13)"
    assert result.coverage.below  # no project reaches 101 %
    assert any(gate.job == "test (Python 3.13)" for gate in result.red)


def test_describe_says_when_the_preflight_itself_failed() -> None:
    failed = preflight.Preflight(("quality",), (), (), 1.0, failure="no python 3.99")
    lines = preflight.describe(failed)
    assert lines[0] == "preflight could not check the project (quality): no python 3.99"
    assert "nothing is known about the gates yet" in lines[1]
    assert not failed.green


def test_describe_lists_red_gates_and_unverified_steps() -> None:
    gate = preflight.RedGate("quality", "ruff", "F401 `json` imported but unused")
    coverage = preflight.Coverage("test (Python 3.13)", "64", 70)
    result = preflight.Preflight(
        ("quality",), (gate,), ("pre-commit / [network] hooks",), 3.0, coverage=coverage
    )
    text = "\n".join(preflight.describe(result))
    assert "  red today  quality / ruff: F401 `json` imported but unused" in text
    assert "  not verified  pre-commit / [network] hooks" in text
    assert "  coverage   64% in test (Python 3.13), floor 70%: below the floor" in text
    assert not result.green


def test_a_job_with_many_unverified_steps_is_one_line() -> None:
    steps = (*(f"test (Python 3.9) / step {n}" for n in range(5)), "quality / mypy")
    text = preflight.describe(preflight.Preflight(("test",), (), steps, 1.0))
    assert "  not verified  test (Python 3.9): 5 steps (step 0, step 1, step 2, ...)" in text
    assert "  not verified  quality / mypy" in text


def _preflight_processes(marker: Path, init: int) -> list[int]:
    """The processes besides `init` whose command line or environment names the test's own
    temporary folder: the preflight's forked `pitstop run` (forked from a fork server that
    `init` started with TMPDIR set to that folder), the fork server, the jobs' processes."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and int(entry.name) != init:
            try:
                seen = (entry / "cmdline").read_bytes() + (entry / "environ").read_bytes()
            except OSError:
                continue
            if str(marker).encode() in seen:
                found.append(int(entry.name))
    return found


def _run_started(marker: Path, init: int) -> bool:
    """Whether one of them is below `init`'s own children (the fork server and its resource
    tracker): the forked `pitstop run`, or a job's process."""
    return any(_parent(pid) != init for pid in _preflight_processes(marker, init))


def _parent(pid: int) -> int:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return -1
    return int(stat.rsplit(")", 1)[1].split()[1])  # the field after the state


def _gone(marker: Path, init: int, within_s: float = 10.0) -> list[int]:
    """The preflight's processes still there after `within_s` (the fork server leaves as soon
    as it sees that the process that started it has ended)."""
    deadline = time.monotonic() + within_s
    while (left := _preflight_processes(marker, init)) and time.monotonic() < deadline:
        time.sleep(0.1)
    return left


@pytest.mark.slow
def test_sigterm_stops_the_preflight_and_leaves_nothing_behind(
    project: Callable[[Files], Path], tmp_path: Path
) -> None:
    root = project(small_project(tidy=True))
    scratch = tmp_path / "tmp"  # the preflight's folder, and so a marker for its processes
    scratch.mkdir()
    init = subprocess.Popen(
        [sys.executable, "-m", "pitstop", "init", str(root)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "TMPDIR": str(scratch)},
    )
    deadline = time.monotonic() + 120
    while not _run_started(scratch, init.pid) and init.poll() is None:
        assert time.monotonic() < deadline, "the preflight's pitstop run never started"
        time.sleep(0.2)
    assert _run_started(scratch, init.pid), "the preflight's pitstop run never started"
    init.send_signal(signal.SIGTERM)
    _, err = init.communicate(timeout=60)
    assert init.returncode == 130, err
    assert "interrupted" in err
    assert _gone(scratch, init.pid) == []
    assert list(scratch.iterdir()) == []  # the snapshot and run folders are gone


def test_a_set_up_failure_is_not_called_the_projects_finding() -> None:
    install = preflight.RedGate("test (Python 3.13)", "Install", "mysqlclient: pkg-config", False)
    lines = preflight.describe(preflight.Preflight(("test",), (install,), (), 2.0))
    assert "  set-up failed  test (Python 3.13) / Install: mysqlclient: pkg-config" in lines
    assert not any("project's own findings" in line for line in lines)
    assert any("no gate's verdict" in line for line in lines)


def test_the_preflight_tests_on_the_newest_python_this_machine_has() -> None:
    here = f"{sys.version_info.major}.{sys.version_info.minor}"
    env = {"PATH": str(Path(sys.executable).parent)}
    assert preflight.newest_local((here, "3.99"), env) == here
    assert preflight.newest_local(("3.98", "3.99"), env) == "3.99"  # none here: the newest


def test_each_red_gate_of_a_job_is_reported_with_its_own_error(tmp_path: Path) -> None:
    """The quality job's gates run independently: black and mypy are both red today."""
    steps = [
        StepResult("Install", id="install", outcome=Outcome.SUCCESS),
        StepResult("black", id="black", outcome=Outcome.FAILURE),
        StepResult("ruff", id="ruff", outcome=Outcome.SUCCESS),
        StepResult("mypy", id="mypy", outcome=Outcome.FAILURE),
    ]
    job = JobResult("ci.yml", "quality", "quality", result="failure", steps=steps)
    printed = [
        "▶ Install", "installed", "▶ black", "would reformat notes/models.py",
        "▶ ruff", "All checks passed!",
        "▶ mypy", "notes/models.py:3: error: Incompatible return value type",
    ]  # fmt: skip
    log = tmp_path / "run.log"
    log.write_text("".join(f"[quality] {line}\n" for line in printed))
    outcome = RunOutcome(1, RunResult(tmp_path, [job]), log, 1.0)
    red = preflight.read(outcome, ("quality",), 1.0, 70).red
    assert [(gate.step, gate.first_error) for gate in red] == [
        ("black", "would reformat notes/models.py"),
        ("mypy", "notes/models.py:3: error: Incompatible return value type"),
    ]
    assert all(gate.gate for gate in red)
