from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from pitstop.actions import upload_sarif
from pitstop.actions.base import ActionCall

MakeCall = Callable[..., ActionCall]


def sarif(
    results: list[dict[str, Any]], rules: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    driver = {"name": "Trivy", "rules": rules or []}
    return {"version": "2.1.0", "runs": [{"tool": {"driver": driver}, "results": results}]}


RESULTS: list[dict[str, Any]] = [
    {
        "ruleId": "CVE-2024-1",
        "level": "error",
        "message": {"text": "django 4.0 is vulnerable"},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": "requirements.txt"},
                    "region": {"startLine": 3},
                }
            }
        ],
    },
    {"ruleId": "R2", "message": {"text": "uses rule default"}},
    {"rule": {"id": "R3"}, "level": "note", "message": {"markdown": "a note"}},
]


def test_findings_become_annotations_and_summary(make_call: MakeCall, workspace: Path) -> None:
    rules = [{"id": "R2", "defaultConfiguration": {"level": "error"}}]
    (workspace / "trivy.sarif").write_text(json.dumps(sarif(RESULTS, rules)))
    inputs = {"sarif_file": "trivy.sarif", "category": "trivy"}
    result = upload_sarif.run(make_call("github/codeql-action/upload-sarif@v3", inputs))
    assert result.conclusion == "success"
    assert [(a.level, a.title, a.file, a.line) for a in result.annotations] == [
        ("error", "CVE-2024-1", "requirements.txt", 3),
        ("error", "R2", None, None),
        ("notice", "R3", None, None),
    ]
    assert result.notes == [
        "not verified (offline): upload to GitHub code scanning",
        "upload-sarif: 3 finding(s) in 1 file(s) (category trivy)",
    ]
    assert "| CVE-2024-1 | error | requirements.txt:3 |" in result.summary
    assert result.outputs["sarif-id"].startswith("local-")


def test_a_folder_of_sarif_files(make_call: MakeCall, workspace: Path) -> None:
    (workspace / "results").mkdir()
    uri = f"file://{workspace}/src/app.py"
    located = {
        "ruleId": "X",
        "message": {"text": "m"},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri}}}],
    }
    (workspace / "results/a.sarif").write_text(json.dumps(sarif([located])))
    (workspace / "results/b.sarif").write_text(json.dumps(sarif([])))
    result = upload_sarif.run(
        make_call("github/codeql-action/upload-sarif@v3", {"sarif_file": "results"})
    )
    assert result.annotations[0].file == "src/app.py"
    assert "1 finding(s) in 2 file(s)" in result.notes[1]


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("{not json", "not JSON"),
        (json.dumps({"version": "2.0.0", "runs": []}), "version must be 2.1.0"),
        (json.dumps({"version": "2.1.0"}), "runs must be a list"),
        (json.dumps({"version": "2.1.0", "runs": [{"results": []}]}), "tool.driver.name"),
        (
            json.dumps({"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "t"}}}]}),
            "no results list",
        ),
        (json.dumps(sarif([{"ruleId": "x"}])), "a result has no message"),
    ],
)
def test_invalid_sarif_fails(
    make_call: MakeCall, workspace: Path, content: str, problem: str
) -> None:
    (workspace / "bad.sarif").write_text(content)
    result = upload_sarif.run(
        make_call("github/codeql-action/upload-sarif@v3", {"sarif_file": "bad.sarif"})
    )
    assert result.conclusion == "failure"
    assert problem in result.annotations[0].message
    assert "sarif-id" not in result.outputs


def test_missing_sarif_file_fails(make_call: MakeCall) -> None:
    result = upload_sarif.run(make_call("github/codeql-action/upload-sarif@v3"))
    assert result.conclusion == "failure"
    assert "does not exist" in result.annotations[0].message
