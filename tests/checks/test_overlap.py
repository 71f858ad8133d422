"""The same problem found by several checks at one place is one finding naming every source."""

from __future__ import annotations

from pathlib import Path

from pitstop.checks import overlap, pinning, zizmor
from pitstop.checks.base import Finding, Inputs
from pitstop.commands.check import CHECKS

PIN = Finding("pinning", "w.yml", 8, 15, "actions/checkout@v4 is not pinned to a full commit SHA")
UNPINNED = Finding(
    "zizmor", "w.yml", 8, 16, "unpinned-uses (high): unpinned action", rule="unpinned-uses"
)


def test_every_source_names_a_check_and_every_problem_spans_checks() -> None:
    for problem in overlap.PROBLEMS:
        checks = [source.source.partition(":")[0] for source in problem.sources]
        assert set(checks) <= set(CHECKS), problem.name
        assert len(set(checks)) == len(checks) >= 2, problem.name
        subjects = {"subject" in source.pattern.groupindex for source in problem.sources}
        assert len(subjects) == 1, f"{problem.name}: all sources capture a subject, or none"


def test_the_same_problem_on_one_line_is_one_finding_naming_both_sources() -> None:
    [merged] = overlap.merge([UNPINNED, PIN])
    assert merged.message == PIN.message
    assert (merged.line, merged.column) == (8, 15)
    assert str(merged).startswith("w.yml:8:15: [pinning, zizmor:unpinned-uses] actions/checkout")


def test_other_lines_other_files_and_other_problems_stay_apart() -> None:
    elsewhere = [
        UNPINNED,
        Finding("pinning", "w.yml", 9, 15, "actions/setup-python@v5 is not pinned"),
        Finding("pinning", "other.yml", 8, 15, "actions/checkout@v4 is not pinned"),
        Finding("zizmor", "w.yml", 8, 9, "artipacked (medium): x", rule="artipacked"),
    ]
    merged = overlap.merge(elsewhere)
    assert len(merged) == 4
    assert all(not f.also for f in merged)
    assert [(f.file, f.line, f.column) for f in merged] == sorted(
        (f.file, f.line, f.column) for f in merged
    )


def test_subjects_must_agree() -> None:
    model = Finding("model", "w.yml", 14, 9, "unknown key 'bogus' in a step")
    schema = Finding(
        "schema",
        "w.yml",
        14,
        9,
        "$.jobs.a.steps[0]: Additional properties are not allowed ('bogus' was unexpected)",
    )
    other = Finding("model", "w.yml", 14, 9, "unknown key 'other' in a step")
    assert [f.also for f in overlap.merge([schema, model])] == [("schema",)]
    assert len(overlap.merge([schema, other])) == 2


def test_two_findings_of_one_check_are_two_problems() -> None:
    twice = [PIN, PIN, UNPINNED]
    merged = overlap.merge(twice)
    assert sorted(f.also for f in merged) == [(), ("zizmor:unpinned-uses",)]


def test_real_pinning_and_zizmor_agree_on_an_unpinned_action(tmp_path: Path) -> None:
    workflow = tmp_path / "w.yml"
    workflow.write_text(
        "on: push\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-24.04\n"
        "    permissions: {}\n    steps:\n      - uses: actions/setup-python@v5\n"
    )
    inputs = Inputs(tmp_path, ("w.yml",), None)
    found = [*pinning.run(inputs).findings, *zizmor.run(inputs).findings]
    on_line = [f for f in overlap.merge(found) if f.line == 8]
    assert len(on_line) == 1, on_line
    assert on_line[0].check == "pinning"
    assert on_line[0].also == ("zizmor:unpinned-uses",)
