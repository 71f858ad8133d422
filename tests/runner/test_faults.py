"""Faults fail one step, not the run: E2BIG, a full disk, a step that closes its output, a
huge line; the JSON report is always written and every job gets a truthful result."""

from __future__ import annotations

import errno
import io
import json
import os
from pathlib import Path
from typing import IO, Any

import pytest

from pitstop.github.commands import CommandParser
from pitstop.runner import job_execution
from pitstop.runner.masking import Masker
from pitstop.runner.output import StepOutput
from pitstop.runner.process import LINE_CAP, ProcessGroups
from tests.conftest import Outcome, make_repo, pitstop


def run(tmp_path: Path, workflow: str, *args: str) -> tuple[Outcome, dict[str, Any]]:
    repo = make_repo(tmp_path / "repo", {".github/workflows/ci.yml": workflow})
    report = tmp_path / "run.json"
    outcome = pitstop(
        "run", "-C", repo, "--run-dir", tmp_path / "run", "--json", report, "--keep-going", *args
    )
    assert report.is_file(), outcome.out + outcome.err
    document: dict[str, Any] = json.loads(report.read_text())
    return outcome, {job["id"]: job for job in document["jobs"]}


def steps(job: dict[str, Any]) -> list[str]:
    return [step["outcome"] for step in job["steps"]]


def messages(job: dict[str, Any]) -> str:
    return "\n".join(a["message"] for a in job["annotations"])


BIG_ENV = """\
on: push
jobs:
  big:
    runs-on: ubuntu-latest
    steps:
      - run: python3 -c "print('BIG=' + 'x' * 3_000_000)" >> "$GITHUB_ENV"
      - run: echo "never printed"
  fine:
    runs-on: ubuntu-latest
    steps:
      - run: echo fine
  after:
    needs: big
    if: always()
    runs-on: ubuntu-latest
    steps:
      - run: echo "after ${{ needs.big.result }}"
"""


def test_a_3mb_environment_value_fails_that_step_with_a_clear_message(tmp_path: Path) -> None:
    outcome, jobs = run(tmp_path, BIG_ENV)
    assert outcome.code == 1
    assert steps(jobs["big"]) == ["success", "failure"]
    assert "too large" in messages(jobs["big"]) and "BIG (3000000 bytes)" in messages(jobs["big"])
    assert jobs["fine"]["result"] == "success"
    assert jobs["after"]["result"] == "success"
    assert "after failure" in outcome.out
    assert "Traceback" not in outcome.out + outcome.err


class FullDisk(io.TextIOWrapper):
    """A job log on a disk that fills up when a step prints FILL-THE-DISK."""

    def write(self, text: str) -> int:
        if "FILL-THE-DISK" in text:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return super().write(text)


def full_disk_log(path: Path) -> IO[str]:
    return FullDisk(path.open("wb"), encoding="utf-8")


FULL_DISK = """\
on: push
jobs:
  full:
    runs-on: ubuntu-latest
    steps:
      - run: echo FILL-THE-DISK
      - if: always()
        run: echo "the next step runs"
  dependent:
    needs: full
    if: always()
    runs-on: ubuntu-latest
    steps:
      - run: echo "dependent ran"
"""


def test_a_full_disk_fails_the_step_and_every_job_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(job_execution, "open_job_log", full_disk_log)
    outcome, jobs = run(tmp_path, FULL_DISK)
    assert outcome.code == 1
    assert jobs["full"]["result"] == "failure"
    assert steps(jobs["full"]) == ["failure", "success"]
    assert "No space left on device (ENOSPC)" in messages(jobs["full"])
    assert jobs["dependent"]["result"] == "success"


CLOSED_OUTPUT = """\
on: push
jobs:
  closes:
    runs-on: ubuntu-latest
    steps:
      - run: |
          echo "before closing"
          exec >&- 2>&-
          sleep 1
      - timeout-minutes: 0.02
        run: |
          exec >&- 2>&-
          sleep 60
      - if: always()
        run: echo "after the closed output"
"""


def test_a_step_that_closes_its_output_still_ends_and_still_times_out(tmp_path: Path) -> None:
    outcome, jobs = run(tmp_path, CLOSED_OUTPUT)
    assert steps(jobs["closes"]) == ["success", "failure", "success"]
    assert "timed out" in messages(jobs["closes"])
    assert "after the closed output" in outcome.out


def test_an_internal_error_in_one_job_leaves_the_others_and_the_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_log(path: Path) -> IO[str]:
        if "broken" in path.name:
            raise RuntimeError("the log cannot be opened")
        return path.open("w", encoding="utf-8")

    monkeypatch.setattr(job_execution, "open_job_log", broken_log)
    workflow = "on: push\njobs:\n" + "".join(
        f"  {name}:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo {name}\n"
        for name in ("broken", "healthy")
    )
    outcome, jobs = run(tmp_path, workflow)
    assert outcome.code == 1
    assert jobs["broken"]["result"] == "failure"
    assert "internal error in pitstop" in messages(jobs["broken"])
    assert jobs["healthy"]["result"] == "success"


def step_output(log: IO[str], shown: list[str], secret: str) -> StepOutput:
    return StepOutput(CommandParser(env={}, workspace=Path()), Masker([secret]), log, shown.append)


@pytest.mark.parametrize("offset", [-3, -1, 0, 1])
def test_a_line_longer_than_the_cap_is_logged_whole_and_masked_across_pieces(
    offset: int, tmp_path: Path
) -> None:
    secret = "hunter2-secret"
    head = "a" * (LINE_CAP - len(secret) // 2 + offset)
    line = head + secret + "b" * (3 * LINE_CAP) + secret
    log, shown = io.StringIO(), list[str]()
    output = step_output(log, shown, secret)
    groups = ProcessGroups()
    (tmp_path / "line.txt").write_text(line + "\nnext\n")
    argv = ["cat", str(tmp_path / "line.txt")]
    done = groups.run(argv, env={"PATH": os.environ["PATH"]}, on_line=output.line,
                      on_part=output.part)  # fmt: skip
    assert done.exit_code == 0
    logged = log.getvalue()
    assert secret not in logged
    assert logged == line.replace(secret, "***") + "\nnext\n"
    assert len(shown) == 2 and shown[1] == "next"
    assert len(shown[0]) <= LINE_CAP + 64 and "the whole line is in the log" in shown[0]


def test_a_workflow_path_that_is_not_a_regular_file_is_a_clear_error(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.yml"
    os.mkfifo(fifo)
    for path, kind in ((Path("/dev/zero"), "not a regular file"), (fifo, "not a regular file"),
                       (tmp_path, "a directory")):  # fmt: skip
        outcome = pitstop("run", "-C", tmp_path, path)
        assert outcome.code == 1
        assert f"is {kind}" in outcome.err and "hint:" in outcome.err


def test_an_internal_error_of_the_run_scrubs_the_run_dir_and_writes_a_partial_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pitstop.commands import run_session

    def crash(plan: object, settings: Any, args: object, observer: object) -> object:
        (settings.run_dir / "left-behind.txt").write_text("token=s3cr3t-value\n")
        raise RuntimeError("the scheduler broke")

    monkeypatch.setattr(run_session, "_run", crash)
    repo = make_repo(tmp_path / "repo", {".github/workflows/ci.yml": FULL_DISK})
    report, run_dir = tmp_path / "run.json", tmp_path / "run"
    outcome = pitstop(
        "run", "-C", repo, "--run-dir", run_dir, "--json", report, "--secret", "T=s3cr3t-value"
    )
    assert outcome.code == 3
    assert (run_dir / "left-behind.txt").read_text() == "token=***\n"
    document = json.loads(report.read_text())
    assert document["conclusion"] == "failure"
    assert "the scheduler broke" in document["error"]


def test_a_json_report_that_cannot_be_written_is_a_clear_error_after_the_summary(
    tmp_path: Path,
) -> None:
    repo = make_repo(tmp_path / "repo", {".github/workflows/ci.yml": FULL_DISK})
    blocked = tmp_path / "file"
    blocked.write_text("a file, not a folder\n")
    outcome = pitstop("run", "-C", repo, "--run-dir", tmp_path / "run", "--json", blocked / "r")
    assert outcome.code == 1
    assert "cannot write the JSON report" in outcome.err
    assert "dependent" in outcome.out  # the summary was printed first
    assert "Traceback" not in outcome.err
