"""pitstop's own `.github`: `pitstop check` finds nothing in it, and `pitstop run` runs its
lint job (and, slow, the release build) here."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pitstop import __version__
from tests.conftest import make_repo, pitstop

REPO = Path(__file__).resolve().parents[2]
WORKFLOWS = REPO / ".github" / "workflows"


def test_check_finds_nothing_in_pitstops_own_workflows() -> None:
    done = pitstop("check", REPO)
    done.assert_success()
    assert "0 finding(s)" in done.out
    for check in ("schema", "pinning", "zizmor", "actionlint"):
        assert any(line.split()[:2] == [check, "ok"] for line in done.out.splitlines()), done.out


def test_check_goes_red_on_a_copy_with_a_tag_and_a_broad_permission(tmp_path: Path) -> None:
    ci = (WORKFLOWS / "ci.yml").read_text(encoding="utf-8")
    broken = ci.replace(
        "actions/checkout@08c6903cd8c0fde910a37f88322edcfb5dd907a8 # v5.0.0",
        "actions/checkout@v5",
        1,
    ).replace("permissions: {}\n", "permissions: write-all\n", 1)
    assert broken != ci
    repo = make_repo(tmp_path / "copy", {".github/workflows/ci.yml": broken})
    done = pitstop("check", repo)
    assert done.code == 1
    assert "actions/checkout@v5" in done.out + done.err


def test_the_lint_job_of_pitstops_ci_runs_locally(tmp_path: Path) -> None:
    done = pitstop(
        "run", "-C", REPO, WORKFLOWS / "ci.yml", "--job", "lint", "--run-dir", tmp_path / "run"
    )
    done.assert_success()
    assert "ci.yml: lint  ✓ success" in done.out
    assert done.out.strip().splitlines()[-1] == f"report: {tmp_path / 'run' / 'report.html'}"


@pytest.mark.slow
def test_the_release_build_makes_a_wheel_that_installs_and_runs(tmp_path: Path) -> None:
    run_dir = tmp_path / "run"
    done = pitstop(
        "run", "-C", REPO, WORKFLOWS / "release.yml", "--job", "build",
        "--ref", "refs/tags/v0.0.0", "--run-dir", run_dir,
    )  # fmt: skip
    done.assert_success()
    wheels = list((run_dir / "artifacts" / "dist").glob("pitstop-*.whl"))
    assert len(wheels) == 1 and list((run_dir / "artifacts" / "dist").glob("pitstop-*.tar.gz"))
    log = next((run_dir / "logs").glob("release-build*.log")).read_text(encoding="utf-8")
    assert f"pitstop {__version__}" in log.split("▶ The wheel installs in a fresh venv")[1]
    shutil.rmtree(run_dir / "jobs", ignore_errors=True)
