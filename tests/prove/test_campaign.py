"""`pitstop prove` end to end on a small project whose CI runs pitstop's own tools.

The CI workflow here is hand-written and fast (no installs): ruff and pytest come from the
virtualenv running the tests. The real `pitstop run` runs every job, in a child process.
"""

from __future__ import annotations

import dataclasses
import io
import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from pitstop import cli
from pitstop.prove import campaign, gates, hang
from pitstop.prove.campaign import (
    BaselineReport,
    DefectReport,
    Proof,
    baseline_report,
    longest_first,
)
from pitstop.prove.defects import DEFECTS
from pitstop.prove.invoke import Children, RunOutcome
from pitstop.prove.verdict import Verdict
from pitstop.report.prove_report import conclusion, print_report
from pitstop.runner.run_state import JobResult, RunResult
from pitstop.workflow.loader import load_workflow

FILES = {
    "manage.py": (
        'import os\n\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")\n'
    ),
    "config/__init__.py": "",
    "config/settings.py": 'SECRET_KEY = "dev"\n',
    "pyproject.toml": (
        '[project]\nname = "tiny"\nrequires-python = ">=3.11"\n\n'
        '[tool.ruff.lint]\nselect = ["F", "I"]\n'
    ),
    "apps/__init__.py": "",
    "apps/core/__init__.py": "",
    "apps/core/apps.py": "",
    "apps/core/models.py": '"""Models."""\n\nLIMIT = 3\n',
    "tests/test_core.py": (
        "from apps.core.models import LIMIT\n\n\ndef test_limit() -> None:\n    assert LIMIT == 3\n"
    ),
    "README.md": "# tiny\n",
}

WORKFLOW = """\
on: push
permissions: {{}}
jobs:
  quality:
    runs-on: ubuntu-latest
    timeout-minutes: 5
    steps:
      - name: ruff
        run: {ruff}
  test:
    runs-on: ubuntu-latest
    timeout-minutes: 10
    steps:
      - name: tests
        run: python -m pytest -q -p no:cacheprovider tests
"""


def make_project(root: Path, ruff: str = "ruff check .") -> Path:
    for name, text in {**FILES, ".github/workflows/ci.yml": WORKFLOW.format(ruff=ruff)}.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=root, check=True)
    return root


@pytest.fixture(autouse=True)
def tools_on_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """The workflow's `ruff` and `python` are the ones of the virtualenv running the tests."""
    bin_dir = str(Path(sys.executable).parent)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("PITSTOP_NETWORK", "offline")


def prove(root: Path, tmp_path: Path, *only: str, jobs: int = 2) -> tuple[int, dict[str, Any]]:
    result = tmp_path / "prove.json"
    argv = ["prove", str(root), "--jobs", str(jobs), "--json", str(result), "--work-dir"]
    code = cli.main([*argv, str(tmp_path / "work"), "--only", *only])
    document: dict[str, Any] = json.loads(result.read_text()) if result.exists() else {}
    return code, document


def verdicts(document: dict[str, Any]) -> dict[str, str]:
    return {d["defect"]: d["result"] for d in document["defects"]}


@pytest.mark.slow
def test_honest_gates_catch_their_defects(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(hang, "MARGIN_S", 15.0)
    root = make_project(tmp_path / "tiny")
    code, document = prove(root, tmp_path, "lint", "failing-test", "hanging-step", jobs=1)
    assert verdicts(document) == {
        "lint": "caught",
        "failing-test": "caught",
        "hanging-step": "caught",
    }, document
    assert code == 0 and document["conclusion"] == "proven"
    lint = next(d for d in document["defects"] if d["defect"] == "lint")
    assert lint["gate"] == "quality / ruff" and lint["where"].startswith("apps/core/models.py:")
    assert "json" in lint["first_error"] or "F401" in lint["first_error"]
    assert (root / "apps/core/models.py").read_text() == FILES["apps/core/models.py"]
    # With one place, the hang waits out its timeout beside the others, not before them.
    ended = {d["defect"]: (tmp_path / "work" / _folder(d["defect"]) / "run.json").stat().st_mtime
             for d in document["defects"]}  # fmt: skip
    assert ended["lint"] < ended["hanging-step"] and ended["failing-test"] < ended["hanging-step"]


def _folder(defect: str) -> str:
    return f"defect-{[d.name for d in DEFECTS].index(defect):02d}"


@pytest.mark.slow
def test_a_defects_run_restores_what_the_clean_run_cached(tmp_path: Path) -> None:
    """All runs of one proof share one actions/cache store, in its work folder."""
    cached = (
        "uses: actions/cache@v4\n        with:\n          path: .stamp\n          key: stamp-1\n"
        "      - run: mkdir -p .stamp && touch .stamp/made\n      - name: ruff\n"
        "        run: ruff check ."
    )
    root = make_project(tmp_path / "tiny", ruff="ruff check .")
    workflow = root / ".github/workflows/ci.yml"
    workflow.write_text(
        workflow.read_text().replace("name: ruff\n        run: ruff check .", cached)
    )
    code, document = prove(root, tmp_path, "lint")
    assert code == 0
    assert verdicts(document) == {"lint": "caught"}, document
    baseline = (tmp_path / "work" / "baseline" / "run.log").read_text()
    assert "Cache saved with key: stamp-1" in baseline
    defect = (tmp_path / "work" / _folder("lint") / "run.log").read_text()
    assert "Cache restored from key: stamp-1" in defect


@pytest.mark.slow
def test_a_weakened_gate_is_reported_missed(tmp_path: Path) -> None:
    root = make_project(tmp_path / "tiny", ruff="ruff check . || true")
    code, document = prove(root, tmp_path, "lint")
    assert verdicts(document) == {"lint": "missed"}
    assert code == 1 and document["conclusion"] == "failed"


@pytest.mark.slow
def test_a_red_gate_on_clean_code_is_not_a_miss_and_the_others_are_proven(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_project(tmp_path / "tiny")
    (root / "apps/core/models.py").write_text("import os\n\nLIMIT = 3\n", encoding="utf-8")
    code, document = prove(root, tmp_path, "lint", "failing-test")
    assert verdicts(document) == {"lint": "red before the defect", "failing-test": "caught"}
    lint = next(d for d in document["defects"] if d["defect"] == "lint")
    assert lint["reason"].startswith("red on the clean project, before any defect: quality / ruff")
    assert "os" in lint["reason"]  # ruff's own finding, F401 `os` imported but unused
    assert code == 1 and document["conclusion"] == "partial"
    out = capsys.readouterr().out
    assert "red on clean code: quality" in out
    assert "no gate missed, but some were red before the defect" in out


def test_a_run_that_did_not_complete_proves_nothing(tmp_path: Path) -> None:
    log = tmp_path / "run.log"
    log.write_text("pitstop: internal error, see /tmp/crash.log\n", encoding="utf-8")
    report = baseline_report(RunOutcome(3, None, log, 1.0))
    assert not report.completed and not report.green
    proof = Proof("tiny", report)
    out = io.StringIO()
    print_report(proof, out)
    assert out.getvalue().startswith("The clean run did not complete, so no defect can be proven")
    assert "internal error, see /tmp/crash.log" in out.getvalue()
    assert conclusion(proof) == "failed"


def test_defects_that_could_not_be_checked_are_never_proven() -> None:
    """Green, nothing missed, but offline or nothing caught: unverified, not proven."""
    green = BaselineReport(True, (), (), 1.0)
    lint = DEFECTS[0]

    def proof(*verdicts: str) -> Proof:
        reports = [DefectReport(lint, Verdict(v)) for v in verdicts]  # type: ignore[arg-type]
        return Proof("tiny", green, reports)

    assert conclusion(proof("caught", "skipped")) == "proven"
    assert conclusion(proof("caught", "not verifiable (offline)")) == "unverified"
    assert conclusion(proof("caught", "not verifiable (set-up)")) == "unverified"
    assert conclusion(proof("not verifiable (offline)", "not verifiable (offline)")) == "unverified"
    assert conclusion(proof("skipped")) == "unverified"  # nothing was caught at all
    assert conclusion(proof("caught", "not verifiable (offline)", "missed")) == "failed"


def test_unknown_defect_and_missing_workflow_are_user_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_project(tmp_path / "tiny")
    assert cli.main(["prove", str(root), "--only", "typo"]) == 1
    assert "unknown defect: typo" in capsys.readouterr().err
    (root / ".github/workflows/ci.yml").unlink()
    assert cli.main(["prove", str(root)]) == 1
    assert "run `pitstop init` first" in capsys.readouterr().err


@pytest.mark.slow
def test_apps_at_the_root_from_tool_pitstop_stay_inside_the_copy(tmp_path: Path) -> None:
    """`[tool.pitstop] apps = ["."]`: the whole copy is the app, and nothing else is touched."""
    root = make_project(tmp_path / "tiny")
    with (root / "pyproject.toml").open("a", encoding="utf-8") as pyproject:
        pyproject.write('\n[tool.pitstop]\napps = ["."]\n')
    (root / "aaa").mkdir()  # an app at the root, first in order: detection sees only apps/
    (root / "aaa" / "models.py").write_text('"""Root app."""\n\nSIZE = 1\n')
    venv = root / "_env"  # a virtualenv inside the project, as people keep them
    (venv / "lib").mkdir(parents=True)
    (venv / "pyvenv.cfg").write_text("home = /usr/bin\n")
    (venv / "lib" / "models.py").write_text("X = 1\n")
    code, document = prove(root, tmp_path, "lint")
    assert verdicts(document) == {"lint": "caught"}, document
    lint = document["defects"][0]
    assert lint["where"].startswith("aaa/models.py:") and lint["gate"] == "quality / ruff"
    assert code == 0


TWO_JOBS = """\
on: push
jobs:
  quality:
    runs-on: ubuntu-latest
    steps:
      - run: black --check .
      - run: ruff check .
  test:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        python: ["3.12", "3.13"]
    steps:
      - run: pytest
"""


def test_the_defects_whose_gate_job_took_the_baseline_longest_start_first(tmp_path: Path) -> None:
    (tmp_path / "ci.yml").write_text(TWO_JOBS)
    workflow = load_workflow(tmp_path / "ci.yml", tmp_path)
    jobs = [
        JobResult("ci.yml", "quality", "quality", duration_s=5.0),
        JobResult("ci.yml", "test", "test (3.12)", duration_s=12.0),
        JobResult("ci.yml", "test", "test (3.13)", duration_s=20.0),
    ]
    baseline = RunOutcome(0, RunResult(tmp_path, jobs), tmp_path / "run.log", 25.0)
    by_name = {defect.name: defect for defect in DEFECTS}
    wanted = [by_name[name] for name in ("formatting", "failing-test", "lint", "import-error")]
    ordered = longest_first(wanted, workflow, baseline)
    assert [d.name for d in ordered] == ["failing-test", "import-error", "formatting", "lint"]


def test_a_project_detection_rejects_is_a_user_error_even_with_the_clean_run_started(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Detection runs beside the clean run; its error is still the proof's, with no verdict."""
    root = make_project(tmp_path / "tiny")
    with (root / "pyproject.toml").open("a", encoding="utf-8") as pyproject:
        pyproject.write('\n[tool.pitstop]\ntest-runner = "nose"\n')
    code, document = prove(root, tmp_path, "lint")
    assert code == 1 and document == {}
    assert "[tool.pitstop] test-runner must be one of" in capsys.readouterr().err


def test_a_run_started_after_the_children_were_stopped_is_stopped_at_once(tmp_path: Path) -> None:
    children = Children()
    children.stop_all()
    process = subprocess.Popen(["sleep", "30"], start_new_session=True)
    children.add(process)
    assert process.wait(timeout=10) == -signal.SIGINT


def test_without_a_work_dir_the_job_folders_are_freed_and_the_results_kept(tmp_path: Path) -> None:
    root = make_project(tmp_path / "tiny")
    commit = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "x"]
    subprocess.run(["git", "add", "-A"], cwd=root, check=True)
    subprocess.run(commit, cwd=root, check=True)
    work = tmp_path / "work"
    proof = campaign.prove(root, work, only=["lint"], children=Children(), keep=False)
    assert [report.verdict.result for report in proof.defects] == ["caught"]
    assert (work / "baseline/run.json").is_file() and not (work / "baseline/run/jobs").exists()
    (copy,) = work.glob("defect-*")
    assert (copy / "run.json").is_file() and not (copy / "run/jobs").exists()


# WORKFLOW with a matrix on the test job and a job that holds no gate.
MATRIX_WORKFLOW = WORKFLOW.format(ruff="ruff check .").replace(
    "    timeout-minutes: 10\n",
    "    timeout-minutes: 10\n    strategy:\n      matrix:\n        flavour: [one, two]\n",
) + ("  docs:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo no gate here\n")


def test_the_clean_run_runs_the_gate_jobs_on_the_defects_cell_only(tmp_path: Path) -> None:
    root = make_project(tmp_path / "tiny")
    (root / ".github/workflows/ci.yml").write_text(MATRIX_WORKFLOW)
    lines: list[str] = []
    work = tmp_path / "work"
    proof = campaign.prove(
        root, work, only=["lint", "failing-test"], children=Children(), progress=lines.append
    )
    assert [report.verdict.result for report in proof.defects] == ["caught", "caught"]
    assert proof.baseline is not None and proof.baseline.green
    clean = json.loads((work / "baseline" / "run.json").read_text())
    assert sorted(job["name"] for job in clean["jobs"]) == ["quality", "test (two)"]
    assert "baseline: running quality, test (flavour=two) of the CI workflow" in lines[0]


def test_gates_whose_cells_disagree_leave_the_clean_run_every_cell(tmp_path: Path) -> None:
    root = make_project(tmp_path / "tiny")
    workflow = load_workflow(root / ".github/workflows/ci.yml", root)
    lint = next(defect for defect in DEFECTS if defect.name == "lint")
    quality = gates.find(workflow, lint.gate)
    assert quality is not None
    one = dataclasses.replace(quality, matrix=(("flavour", "one"), ("os", "linux")))
    two = dataclasses.replace(quality, matrix=(("flavour", "two"),))
    same = dataclasses.replace(quality, matrix=(("os", "linux"),))
    assert campaign.shared_cell([one, same]) == (("flavour", "one"), ("os", "linux"))
    assert campaign.shared_cell([one, two]) == ()
    assert campaign.shared_cell([]) == ()
