"""Reused environments are exactly what a fresh install gives (issue 13), through `pitstop
run`: the same lock twice reuses the stored venv (and pip is not re-run); a lock with one
package removed and one added installs afresh, matches a fresh install, and the test
importing the removed package goes red as on GitHub; a bad hash still fails."""

from __future__ import annotations

import contextlib
import io
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from pitstop import cli
from tests.runner.wheels import build_wheel, write_lock

WORKFLOW = """\
on: push
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          persist-credentials: false
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      - name: Install
        run: python -m pip install --no-index --find-links wheels --require-hashes -r app.lock
      - name: Freeze
        run: python -m pip freeze --all > "$RUNNER_TEMP/freeze.txt"
      - name: Test
        run: python -c "import alpha"
"""

needs_312 = pytest.mark.skipif(
    not (Path.home() / ".pyenv/versions/3.12.1").is_dir(), reason="needs pyenv's 3.12.1"
)


def commit(repo: Path) -> None:
    for args in (
        ["add", "-A"],
        ["-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "change"],
    ):
        subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


def run(repo: Path, run_dir: Path) -> tuple[str, set[str], str]:
    """(the job's result, its `pip freeze --all`, its log)."""
    argv = ["run", "-C", str(repo), "--run-dir", str(run_dir), "--json", str(run_dir / "r.json")]
    with contextlib.redirect_stdout(io.StringIO()):
        cli.main(argv)
    job = json.loads((run_dir / "r.json").read_text())["jobs"][0]
    result = job["result"]
    assert "workspace" in job["phases_s"]  # pitstop's own time around the steps
    freeze = [w for f in run_dir.glob("jobs/*/temp/freeze.txt") for w in f.read_text().split()]
    log = "\n".join(p.read_text() for p in (run_dir / "logs").glob("*.log"))
    return result, set(freeze), log


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    repo = tmp_path / "repo"
    (repo / ".github/workflows").mkdir(parents=True)
    (repo / ".github/workflows/ci.yml").write_text(WORKFLOW)
    write_lock(repo / "wheels", repo / "app.lock", ["alpha", "beta"])
    build_wheel(repo / "wheels", "gamma")
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=repo, check=True)
    commit(repo)
    return repo


@pytest.mark.slow
@needs_312
def test_a_changed_lock_gives_a_fresh_install_and_the_same_lock_reuses(
    repo: Path, tmp_path: Path
) -> None:
    result, first, log = run(repo, tmp_path / "run1")
    assert result == "success", log
    assert {"alpha==1.0", "beta==1.0"} <= first
    assert "restored from the environment" not in log
    assert "Successfully installed alpha-1.0 beta-1.0" in log
    assert len(list((tmp_path / "cache/pitstop/venvs").iterdir())) == 1

    result, again, log = run(repo, tmp_path / "run2")
    assert result == "success", log
    assert "restored from the environment" in log
    assert "pip is not re-run" in log and "Successfully installed" not in log
    assert again == first

    # one package out, one in: the stored venv must not leak alpha into this run
    write_lock(repo / "wheels", repo / "app.lock", ["beta", "gamma"])
    commit(repo)
    result, changed, log = run(repo, tmp_path / "run3")
    assert "restored from the environment" not in log
    assert result == "failure"  # `import alpha` goes red, as on GitHub
    assert "No module named 'alpha'" in log
    assert changed == (first - {"alpha==1.0"}) | {"gamma==1.0"}

    # the same as a fresh install with nothing stored at all
    shutil.rmtree(tmp_path / "cache/pitstop/venvs")
    _, fresh, _ = run(repo, tmp_path / "run4")
    assert fresh == changed


@pytest.mark.slow
@needs_312
def test_an_install_pip_rejects_still_fails_after_a_stored_one(repo: Path, tmp_path: Path) -> None:
    result, _, log = run(repo, tmp_path / "run1")
    assert result == "success", log
    (repo / "wheels/beta-1.0-py3-none-any.whl").unlink()
    commit(repo)  # the same lock, but beta is no longer in the package folder
    result, _, log = run(repo, tmp_path / "run2")
    assert "restored from the environment" not in log
    assert result == "failure", log

    lock = repo / "app.lock"
    build_wheel(repo / "wheels", "beta")
    lock.write_text(lock.read_text().replace("--hash=sha256:", "--hash=sha256:0", 1))
    commit(repo)  # a hash that matches nothing
    result, _, log = run(repo, tmp_path / "run3")
    assert result == "failure", log
    assert "hash" in log.lower()


@pytest.mark.slow
@needs_312
def test_a_venv_left_as_restored_goes_back_to_the_store_and_the_next_run_takes_it(
    repo: Path, tmp_path: Path
) -> None:
    result, first, log = run(repo, tmp_path / "run1")  # installs and saves
    assert result == "success" and "handed back" not in log, log
    result, again, log = run(repo, tmp_path / "run2")  # restores a clone, hands it back
    assert result == "success" and "handed back to the store" in log, log
    assert not list((tmp_path / "run2").glob("jobs/*/temp/python-*/bin"))
    result, third, log = run(repo, tmp_path / "run3")
    assert "restored from a spare of the environment" in log, log
    assert result == "success" and third == again == first

    # a job that installs more into its restored venv keeps it: it is no longer the stored one
    workflow = repo / ".github/workflows/ci.yml"
    more = "python -m pip install --no-index --find-links wheels gamma"
    workflow.write_text(
        WORKFLOW.replace("      - name: Freeze", f"      - run: {more}\n      - name: Freeze")
    )
    commit(repo)
    result, changed, log = run(repo, tmp_path / "run4")
    assert "restored from a spare" in log and "handed back" not in log, log
    assert result == "success" and changed == first | {"gamma==1.0"}
    assert list((tmp_path / "run4").glob("jobs/*/temp/python-*/bin"))
