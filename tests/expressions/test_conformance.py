"""GitHub's cross-language test data for the expression language: every case must pass."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from pitstop.expressions import ExpressionError, evaluate
from pitstop.expressions.values import kind_of, to_json

DEFAULT_FOLDER = Path(__file__).resolve().parents[2].parent / "shared" / "conformance"
FOLDER = Path(os.environ.get("PITSTOP_CONFORMANCE", DEFAULT_FOLDER)) / "github-expressions"


def _cases() -> list[Any]:
    if not FOLDER.is_dir():
        return [
            pytest.param(
                None,
                marks=pytest.mark.skip(
                    reason=f"conformance data not found at {FOLDER}; set PITSTOP_CONFORMANCE "
                    "to the folder holding github-expressions/"
                ),
                id="conformance-data-absent",
            )
        ]
    params = []
    for path in sorted(FOLDER.glob("*.json")):
        groups = json.loads(path.read_text(encoding="utf-8"))
        for group, cases in groups.items():
            for index, case in enumerate(cases):
                params.append(pytest.param(case, id=f"{path.stem}/{group}/{index}"))
    return params


CASES = _cases()


def test_all_1020_cases_are_found() -> None:
    if not FOLDER.is_dir():
        pytest.skip(f"conformance data not found at {FOLDER}")
    assert len(CASES) == 1020


@pytest.mark.parametrize("case", CASES)
def test_case(case: dict[str, Any]) -> None:
    contexts = case.get("contexts") or {}
    if "err" in case:
        with pytest.raises(ExpressionError) as caught:
            evaluate(case["expr"], contexts)
        assert caught.value.kind == case["err"]["kind"]
        assert case["err"]["value"] in caught.value.message
        assert caught.value.column >= 1
        return
    result = evaluate(case["expr"], contexts)
    assert kind_of(result).value == case["result"]["kind"]
    assert to_json(result, indent="") == to_json(case["result"]["value"], indent="")
