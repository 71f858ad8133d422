from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from pitstop.actions.base import Annotation
from pitstop.report import json_result, summary
from pitstop.report.plain import PlainObserver
from pitstop.runner.masking import Masker
from pitstop.runner.observer import Silent
from pitstop.runner.run_state import JobResult, Outcome, RunResult, StepResult


def sample_run(tmp_path: Path) -> RunResult:
    ok = JobResult("ci.yml", "lint", "lint", result="success", duration_s=1.25, ran=True)
    bad = JobResult(
        "ci.yml",
        "test",
        "test (3.12)",
        matrix={"python": "3.12"},
        result="failure",
        needs_result="failure",
        duration_s=2.5,
        ran=True,
        outputs={"token": "s3cret"},
        steps=[StepResult("Run pytest", "t", Outcome.FAILURE, Outcome.FAILURE, 2.0)],
        annotations=[
            Annotation("warning", "slow", "a.py", 1),
            Annotation("error", "assert s3cret == 1", "t.py", 9),
        ],
        notes=["not verified (offline): codecov upload"],
    )
    allowed = JobResult(
        "ci.yml", "flaky", "flaky", result="failure", needs_result="success", ran=True
    )
    return RunResult(tmp_path, [ok, bad, allowed])


def test_the_plain_summary_lists_results_first_errors_and_notes(tmp_path: Path) -> None:
    lines: list[str] = []
    summary.print_plain(sample_run(tmp_path), Masker(["s3cret"]), lines.append)
    text = "\n".join(lines)
    assert "ci.yml: test (3.12)" in text and "✗ failure" in text
    assert "Run pytest: assert *** == 1" in text and "s3cret" not in text
    assert "failure (allowed)" in text
    assert "note: not verified (offline): codecov upload (ci.yml: test (3.12))" in text
    assert text.splitlines()[-2].startswith("failure: ")  # after the table, before the notes


def test_the_rich_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    summary.print_rich(sample_run(tmp_path), Masker(["s3cret"]))
    out = capsys.readouterr().out
    assert "test (3.12)" in out and "not verified (offline)" in out and "s3cret" not in out


def test_the_json_document_has_the_documented_shape(tmp_path: Path) -> None:
    run = sample_run(tmp_path)
    destination = tmp_path / "out" / "run.json"
    assert json_result.write(run, Masker(["s3cret"]), str(destination)) is None
    document = json.loads(destination.read_text())
    assert document["conclusion"] == "failure" and document["run_dir"] == str(tmp_path)
    job = document["jobs"][1]
    assert set(job) == {
        "workflow", "id", "name", "matrix", "result", "unverified", "duration_s", "outputs",
        "steps", "annotations", "notes", "needs", "started_s", "log", "phases_s",
    }  # fmt: skip
    assert (job["needs"], job["started_s"], job["log"]) == ([], None, None)
    assert job["matrix"] == {"python": "3.12"} and job["outputs"] == {"token": "***"}
    assert job["steps"] == [
        {
            "name": "Run pytest",
            "id": "t",
            "outcome": "failure",
            "conclusion": "failure",
            "verified": True,
            "duration_s": 2.0,
        }
    ]
    assert job["annotations"][1] == {
        "level": "error", "file": "t.py", "line": 9, "message": "assert *** == 1", "hint": None,
    }  # fmt: skip
    text = json_result.write(run, Masker(), "-")
    assert text is not None and json.loads(text)["jobs"][0]["id"] == "lint"
    # A secret that looks like JSON syntax masks strings only and keeps the document valid.
    text = json_result.write(run, Masker(["true", "lint", "1.25"]), "-")
    assert text is not None
    assert json.loads(text)["jobs"][0]["id"] == "***"


def test_exit_codes_follow_the_results(tmp_path: Path) -> None:
    run = sample_run(tmp_path)
    assert run.exit_code == 1
    run.jobs = run.jobs[:1] + run.jobs[2:]  # a success and an allowed failure
    assert (run.conclusion, run.exit_code) == ("success", 0)
    run.cancelled = True
    assert (run.conclusion, run.exit_code) == ("cancelled", 130)


def test_plain_lines_are_prefixed_with_the_job_name() -> None:
    out = io.StringIO()
    observer = PlainObserver(out)
    job = JobResult("ci.yml", "lint", "lint")
    observer.job_started(job)
    observer.step_started(job, "Run ruff")
    observer.line(job, "All checks passed!")
    job.result, job.ran, job.duration_s = "success", True, 0.5
    observer.job_finished(job)
    skipped = JobResult("ci.yml", "x", "x", notes=["cancelled: fail-fast"], result="cancelled")
    observer.job_finished(skipped)
    assert out.getvalue().splitlines() == [
        "[lint] started",
        "[lint] All checks passed!",
        "[lint] success in 0.5s",
        "[x] cancelled (cancelled: fail-fast)",
    ]
    silent = Silent()
    silent.job_started(job)
    silent.step_started(job, "s")
    silent.line(job, "l")
    silent.job_finished(job)


def test_the_summary_says_why_steps_were_not_verified(tmp_path: Path) -> None:
    def job(name: str, notes: list[str]) -> JobResult:
        steps = [StepResult("a", None, Outcome.SUCCESS, Outcome.SUCCESS, verified=False)]
        return JobResult("ci.yml", name, name, result="success", steps=steps, notes=notes)

    python = job("py", ["not verified (no local Python 3.14): no interpreter here matches"])
    offline = job("net", ["not verified (offline): codecov upload"])
    lines: list[str] = []
    summary.print_plain(RunResult(tmp_path, [python, offline]), Masker([]), lines.append)
    text = "\n".join(lines)
    assert "✓ success, ⚠ 1 not verified (no local Python 3.14)" in text
    assert "✓ success, ⚠ 1 not verified (offline)" in text
    conclusion = next(line for line in lines if line.startswith("unverified: "))
    assert "2 step(s) NOT VERIFIED (no local Python 3.14, offline)" in conclusion


def test_a_failed_jobs_plain_line_names_its_error_not_a_note() -> None:
    out = io.StringIO()
    job = JobResult("ci.yml", "test", "test", result="failure", ran=True, duration_s=1.0)
    job.annotations.append(Annotation("error", "ModuleNotFoundError: No module named 'x'"))
    job.notes.append("not verified (offline): [network] upload coverage")
    PlainObserver(out).job_finished(job)
    assert out.getvalue() == "[test] failure in 1.0s (ModuleNotFoundError: No module named 'x')\n"
    skipped = JobResult("ci.yml", "later", "later", result="not_run")
    skipped.notes.append("not run (stopped early): test failed and --fail-fast was given")
    PlainObserver(out).job_finished(skipped)
    assert out.getvalue().endswith(
        "[later] not run (stopped early): test failed and --fail-fast was given\n"
    )


def test_pushes_to_the_sandboxed_remotes_are_listed_and_masked(tmp_path: Path) -> None:
    from pitstop.runner.remotes import Push

    run = RunResult(tmp_path, [])
    sha = "3d7fb45e0c1f9b2a4d6e8f0a1b3c5d7e9f1a2b3c"
    run.pushes = [
        Push("origin", "https://s3cret@example.com/acme/shop.git", "refs/heads/nightly", sha, None),
        Push("origin", "git@example.com:acme/shop.git", "refs/heads/old", None, sha),
    ]
    lines: list[str] = []
    summary.print_plain(run, Masker(["s3cret"]), lines.append)
    assert "note: would have pushed origin refs/heads/nightly <- 3d7fb45" in "\n".join(lines)
    assert any("origin refs/heads/old deleted" in line for line in lines)
    assert not any("s3cret" in line for line in lines)
    document = json.loads(json_result.render(run, Masker(["s3cret"])))
    assert document["pushes"][0] == {
        "remote": "origin",
        "url": "https://***@example.com/acme/shop.git",
        "ref": "refs/heads/nightly",
        "sha": sha,
        "before": None,
    }
