from __future__ import annotations

import json
from pathlib import Path

from pitstop.report.html import sarif


def test_findings(tmp_path: Path) -> None:
    path = tmp_path / "x.sarif"
    result = {
        "ruleId": "unpinned-uses",
        "level": "error",
        "message": {"text": "pin it"},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": "ci.yml"},
                    "region": {"startLine": 7},
                }
            }
        ],
    }
    run = {"tool": {"driver": {"name": "zizmor"}}, "results": [result, {"ruleId": "r2"}]}
    path.write_text(json.dumps({"runs": [run]}))
    assert sarif.read(path) == [
        sarif.Finding("zizmor", "unpinned-uses", "error", "pin it", "ci.yml:7"),
        sarif.Finding("zizmor", "r2", "warning", "", ""),
    ]


def test_not_sarif_is_no_findings(tmp_path: Path) -> None:
    path = tmp_path / "x.sarif"
    path.write_text("[1, 2]")
    assert sarif.read(path) == []
    path.write_text("{not json")
    assert sarif.read(path) == []
