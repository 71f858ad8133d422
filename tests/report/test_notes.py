from __future__ import annotations

import io
from pathlib import Path

from pitstop.report import json_result, notes, summary
from pitstop.report.plain import PlainObserver
from pitstop.runner.masking import Masker
from pitstop.runner.run_state import JobResult


def job(name: str, *written: str) -> JobResult:
    return JobResult("ci.yml", name, name, notes=list(written))


def label(job: JobResult) -> str:
    return f"ci.yml: {job.name}"


FETCH = "checkout fetch-depth 1: shallow history changes nothing locally"


def test_the_same_note_in_many_jobs_is_one_counted_line() -> None:
    jobs = [job(f"j{n}", FETCH) for n in range(10)]
    assert notes.lines(jobs, label) == [f"{FETCH} (10 jobs)"]


def test_a_note_of_one_job_names_it() -> None:
    assert notes.lines([job("lint", "cancelled: fail-fast")], label) == [
        "cancelled: fail-fast (ci.yml: lint)"
    ]


def test_notes_of_one_action_are_grouped() -> None:
    jobs = [job("a", "artifact a: 1 file(s)"), job("b", "artifact b: 2 file(s)")]
    assert notes.lines(jobs, label) == ["artifact: 2 notes in 2 job(s), e.g. artifact a: 1 file(s)"]


def test_over_the_budget_info_is_counted_but_what_needs_a_person_is_not() -> None:
    needed = [f"not verified (offline): step {n}" for n in range(6)]
    info = ["checkout x", "cache y", "codecov z", "setup-node w", "trivy v"]
    found = notes.lines([job("a", *needed, *info)], label)
    assert found[:6] == [f"{note} (ci.yml: a)" for note in needed]
    assert found[6:] == [
        "5 more note(s) about checkout, cache, codecov, setup-node, trivy: "
        "all notes are in report.html"
    ]
    found = notes.lines([job("a", needed[0], *info)], label)
    assert len(found) == notes.BUDGET
    assert found[-1] == "2 more note(s) about setup-node, trivy: all notes are in report.html"


def test_plain_output_leaves_notes_to_the_summary_unless_verbose() -> None:
    quiet, verbose = io.StringIO(), io.StringIO()
    lint = job("lint")
    for observer in (PlainObserver(quiet), PlainObserver(verbose, notes=True)):
        observer.line(lint, f"note: {FETCH}")
        observer.line(lint, "ran")
    assert quiet.getvalue() == "[lint] ran\n"
    assert verbose.getvalue() == f"[lint] note: {FETCH}\n[lint] ran\n"


def test_a_green_run_of_the_reference_project_prints_at_most_five_notes() -> None:
    """The notes of a real run of examples/taskboard's ci.yml (offline: some steps are not
    verified) as `pitstop run` wrote them; tests/e2e checks a fresh run's output too."""
    run = json_result.read(Path(__file__).parent / "data" / "taskboard-ci-run.json")
    assert run is not None and len(run.jobs) == 10
    assert sum(len(job.notes) for job in run.jobs) > 30
    printed: list[str] = []
    summary.print_plain(run, Masker(), printed.append)
    found = [line for line in printed if line.startswith("note: ")]
    assert len(found) <= 5, "\n".join(found)
    assert sum("not verified (offline)" in line for line in found) == 4
    assert found[-1].endswith("all notes are in report.html")
