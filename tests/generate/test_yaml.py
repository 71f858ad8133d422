from __future__ import annotations

import pytest
from ruamel.yaml import YAML

from pitstop.generate import _yaml
from pitstop.generate._yaml import Script, Uses


@pytest.mark.parametrize(
    "value",
    [
        "plain",
        "3.11",
        "on",
        "yes",
        "a: b",
        "x #y",
        "*star",
        "ends:",
        "trailing ",
        "${{ matrix.python }}",
        "hashFiles('a')",
        "",
        "1e3",
        '"quoted"',
    ],
)
def test_strings_round_trip(value: str) -> None:
    text = _yaml.dump({"key": value, "items": [value, "other"], "nested": {"deep": value}})
    assert YAML(typ="safe").load(text) == {
        "key": value,
        "items": [value, "other"],
        "nested": {"deep": value},
    }


def test_structures_round_trip() -> None:
    document = {
        "on": {"push": {"branches": ["main", "develop"]}, "workflow_dispatch": {}},
        "permissions": {},
        "jobs": {
            "a": {
                "timeout-minutes": 5,
                "flag": False,
                "steps": [{"name": "x", "run": "echo 1\necho 2\n"}, {"uses": "u"}],
                "empty": [],
                "long": ["a" * 30, "b" * 30],
                "commas": ["a,b", "c"],
            }
        },
    }
    text = _yaml.dump(document, "header line")
    assert text.startswith("# header line\n")
    assert "branches: [main, develop]" in text
    assert YAML(typ="safe").load(text) == document


def test_uses_keeps_its_comment() -> None:
    text = _yaml.dump({"steps": [{"uses": Uses("a/b@" + "0" * 40 + " # v1.2.3")}]})
    assert "- uses: a/b@0000000000000000000000000000000000000000 # v1.2.3\n" in text


def test_a_script_keeps_its_comment_after_the_block_indicator() -> None:
    text = _yaml.dump(
        {"run": Script("npm install x\necho done\n", "zizmor: ignore[adhoc-packages]")}
    )
    assert text == "run: | # zizmor: ignore[adhoc-packages]\n  npm install x\n  echo done\n"
    assert YAML(typ="safe").load(text) == {"run": "npm install x\necho done\n"}
