"""A PitstopError's hint reaches every surface of `pitstop run` (issue 15, item 2):
the terminal summary, the job log file and the JSON result (the live view: tests/report).

One run of a workflow with two errors a user can fix: a local action that is not there and
a `shell:` whose interpreter is missing.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from tests.scenarios.test_scenarios import make_repo

WORKFLOW = """\
on: push
jobs:
  missing-action:
    runs-on: ubuntu-latest
    steps:
      - uses: ./.github/actions/not-there
  missing-interpreter:
    runs-on: ubuntu-latest
    steps:
      - shell: no-such-interpreter-9 {0}
        run: print("never")
"""
ACTION_HINT = "a local action path is relative to the repository root"
SHELL_HINT = "install no-such-interpreter-9, or add its directory to PATH"


class Ran:
    def __init__(self, done: subprocess.CompletedProcess[str], document: Any, run: Path):
        self.done, self.document, self.run_dir = done, document, run

    def log(self, job: str) -> str:
        return (self.run_dir / "logs" / f"ci-{job}.log").read_text()


@pytest.fixture(scope="module")
def ran(tmp_path_factory: pytest.TempPathFactory) -> Ran:
    tmp = tmp_path_factory.mktemp("hints")
    source = tmp / "source" / ".github" / "workflows"
    source.mkdir(parents=True)
    (source / "ci.yml").write_text(textwrap.dedent(WORKFLOW))
    repo = make_repo(tmp / "source", tmp / "repo")
    result, run_dir = tmp / "result.json", tmp / "run"
    done = subprocess.run(
        [sys.executable, "-m", "pitstop", "run", "-C", str(repo), "--run-dir", str(run_dir),
         "--json", str(result)],
        capture_output=True, text=True, check=False, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    return Ran(done, json.loads(result.read_text()), run_dir)


def test_the_terminal_summary_shows_each_hint(ran: Ran) -> None:
    out = ran.done.stdout
    assert ran.done.returncode == 1, out + ran.done.stderr
    assert f"hint: ci.yml: missing-action: {ACTION_HINT}" in out
    assert f"hint: ci.yml: missing-interpreter: {SHELL_HINT}" in out


def test_the_job_log_shows_the_hint_under_the_error(ran: Ran) -> None:
    lines = ran.log("missing-interpreter").splitlines()
    error = next(i for i, line in enumerate(lines) if line.startswith("##[error]shell "))
    assert lines[error + 1].startswith(f"  = hint: {SHELL_HINT}")
    assert f"  = hint: {ACTION_HINT}" in ran.log("missing-action")


def test_the_json_result_carries_the_hint_beside_the_message(ran: Ran) -> None:
    jobs = {job["id"]: job for job in ran.document["jobs"]}
    [annotation] = jobs["missing-action"]["annotations"]
    assert annotation["message"] == "no action.yml or action.yaml in ./.github/actions/not-there"
    assert ACTION_HINT in annotation["hint"]
    [annotation] = jobs["missing-interpreter"]["annotations"]
    assert SHELL_HINT in annotation["hint"]
