"""The `--json` document read back into the runner's typed records (what `prove` reads)."""

from __future__ import annotations

from pathlib import Path

from pitstop.actions.base import Annotation
from pitstop.report import json_result
from pitstop.runner.masking import Masker
from pitstop.runner.run_state import JobResult, Outcome, RunResult, StepResult


def test_a_written_run_reads_back_as_the_same_records(tmp_path: Path) -> None:
    steps = [
        StepResult("install", outcome=Outcome.SUCCESS, conclusion=Outcome.SUCCESS, duration_s=3.5),
        StepResult(
            "[network] audit", outcome=Outcome.SUCCESS, conclusion=Outcome.SUCCESS, verified=False
        ),
        StepResult("tests", outcome=Outcome.FAILURE, conclusion=Outcome.FAILURE, duration_s=1.25),
    ]
    job = JobResult(
        "ci.yml",
        "test",
        "test (3.13)",
        matrix={"python": "3.13"},
        result="failure",
        duration_s=9.0,
        phases={"workspace": 0.25, "services": 2.5},
        steps=steps,
        annotations=[Annotation("error", "assert 1 == 2", "tests/test_a.py", 3)],
        notes=["not verified (offline): audit"],
    )
    path = tmp_path / "run.json"
    json_result.write(RunResult(tmp_path, [job]), Masker(), str(path))
    read = json_result.read(path)
    assert read is not None and read.conclusion == "failure"
    [back] = read.jobs
    assert (back.id, back.name, back.result, back.matrix) == (
        job.id,
        job.name,
        "failure",
        job.matrix,
    )
    assert [(s.name, s.outcome, s.verified, s.duration_s) for s in back.steps] == [
        (s.name, s.outcome, s.verified, s.duration_s) for s in steps
    ]
    assert back.annotations == job.annotations and back.notes == job.notes
    assert back.unverified == ["[network] audit"] and back.duration_s == 9.0
    assert back.phases == {"workspace": 0.25, "services": 2.5}


def test_a_missing_or_torn_document_is_no_run(tmp_path: Path) -> None:
    assert json_result.read(tmp_path / "absent.json") is None
    torn = tmp_path / "torn.json"
    torn.write_text('{"conclusion": "fail', encoding="utf-8")
    assert json_result.read(torn) is None
