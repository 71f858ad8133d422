from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from pitstop.actions import codecov
from pitstop.actions.base import ActionCall
from pitstop.errors import PitstopError

MakeCall = Callable[..., ActionCall]

COBERTURA = '<?xml version="1.0"?>\n<coverage line-rate="0.87" version="7"><packages/></coverage>'
LCOV = "TN:\nSF:src/a.js\nDA:1,1\nend_of_record\n"
COVERAGE_JSON = '{"meta": {}, "totals": {"percent_covered": 91.5}}'
ISTANBUL = '{"/a.js": {"statementMap": {}, "s": {}}}'
JACOCO = '<report name="x"><counter type="LINE" missed="1" covered="3"/></report>'


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("coverage.xml", COBERTURA, "cobertura, line-rate 0.87"),
        ("lcov.info", LCOV, "lcov, 1 source file"),
        ("coverage.json", COVERAGE_JSON, "coverage.py JSON, 91.5%"),
        ("coverage-final.json", ISTANBUL, "istanbul JSON"),
        ("jacoco.xml", JACOCO, "jacoco"),
    ],
)
def test_valid_reports_are_recorded_never_uploaded(
    make_call: MakeCall, workspace: Path, name: str, content: str, kind: str
) -> None:
    (workspace / "reports").mkdir()
    (workspace / "reports" / name).write_text(content)
    token = "c0dec0v-secret-token"
    inputs = {"files": f"reports/{name}", "token": token, "fail_ci_if_error": "true"}
    result = codecov.run(make_call("codecov/codecov-action@v5", inputs))
    assert result.conclusion == "success"
    assert result.notes[0] == "not verified (offline): Codecov upload"
    assert kind in result.notes[1]
    assert token not in repr(result)


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("coverage.xml", "<coverage><unclosed>", "not well-formed XML"),
        ("coverage.xml", "<coverage/>", "without a numeric line-rate"),
        ("coverage.xml", "<html/>", "root <html>"),
        ("coverage.json", "{", "not valid JSON"),
        ("coverage.json", "[]", "neither coverage.py"),
        ("lcov.info", "nothing", "not an lcov report"),
    ],
)
def test_invalid_reports_fail_with_fail_ci_if_error(
    make_call: MakeCall, workspace: Path, name: str, content: str, problem: str
) -> None:
    (workspace / name).write_text(content)
    strict = codecov.run(
        make_call("codecov/codecov-action@v5", {"files": name, "fail_ci_if_error": "true"})
    )
    assert strict.conclusion == "failure"
    assert problem in strict.annotations[0].message
    assert strict.annotations[0].level == "error"
    lenient = codecov.run(make_call("codecov/codecov-action@v5", {"files": name}))
    assert lenient.conclusion == "success"
    assert lenient.annotations[0].level == "warning"
    assert lenient.notes == ["not verified (offline): Codecov upload"]


def test_missing_files_and_search(make_call: MakeCall, workspace: Path) -> None:
    result = codecov.run(make_call("codecov/codecov-action@v5", {"fail_ci_if_error": "true"}))
    assert result.conclusion == "failure"
    assert "no coverage report found" in result.annotations[0].message
    inputs = {"files": "./gone.xml", "fail_ci_if_error": "true", "disable_search": "true"}
    result = codecov.run(make_call("codecov/codecov-action@v5", inputs))
    assert "gone.xml does not exist" in result.annotations[0].message
    (workspace / "sub").mkdir()
    (workspace / "sub/coverage.xml").write_text(COBERTURA)
    (workspace / "node_modules").mkdir()
    (workspace / "node_modules/coverage.xml").write_text("junk")
    (workspace / "vendor").mkdir()
    (workspace / "vendor/coverage.xml").write_text("junk")
    inputs = {"fail_ci_if_error": "true", "exclude": "vendor"}
    result = codecov.run(make_call("codecov/codecov-action@v5", inputs))
    assert result.conclusion == "success"
    assert result.notes[1:] == ["codecov: recorded sub/coverage.xml (cobertura, line-rate 0.87)"]
    nothing = {
        "handle_no_reports_found": "true",
        "disable_search": "true",
        "fail_ci_if_error": "true",
    }
    assert codecov.run(make_call("codecov/codecov-action@v5", nothing)).conclusion == "success"


def test_unknown_input(make_call: MakeCall) -> None:
    with pytest.raises(PitstopError, match="unsupported input 'fail_ci'"):
        codecov.run(make_call("codecov/codecov-action@v5", {"fail_ci": "true"}))
