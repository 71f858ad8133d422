from __future__ import annotations

from pathlib import Path

import pytest

from pitstop.errors import PitstopError
from pitstop.workflow.yaml import MapNode, ScalarNode, SeqNode, Source, parse_yaml, read_yaml


def _parse(text: str) -> MapNode:
    node = parse_yaml(Source("f.yml", text))
    assert isinstance(node, MapNode)
    return node


def _error(text: str) -> PitstopError:
    with pytest.raises(PitstopError) as caught:
        parse_yaml(Source("f.yml", text))
    assert caught.value.location is not None
    return caught.value


def test_positions_of_keys_and_values_are_1_based() -> None:
    node = _parse("a: 1\nb:\n  - x\n  - {c: d}\n")
    key, value = node.entries["a"]
    assert (key.line, key.column, value.line, value.column) == (1, 1, 1, 4)
    b = node.get("b")
    assert isinstance(b, SeqNode) and (b.items[1].line, b.items[1].column) == (4, 5)
    assert "a" in node and node.get("zzz") is None


def test_yaml_1_2_scalars() -> None:
    node = _parse("on: yes\nn: 010\nf: 3.10\nt: true\nz: ~\nd: 2024-01-02\nq: !custom x\n")
    values = {key: value.value for key, (_, value) in node.entries.items()}
    assert values == {
        "on": "yes",
        "n": 10,
        "f": 3.1,
        "t": True,
        "z": None,
        "d": "2024-01-02",
        "q": "x",
    }


def test_non_string_keys_become_text() -> None:
    node = _parse("2: a\ntrue: b\n~: c\n")
    assert list(node.entries) == ["2", "true", "null"]


def test_duplicate_keys_are_an_error_at_the_second_one() -> None:
    error = _error("a:\n  b: 1\n  c: 2\n  b: 3\n")
    assert error.location is not None and (error.location.line, error.location.column) == (4, 3)
    assert error.message == "duplicate key 'b' (first defined on line 2)"


def test_a_complex_key_is_an_error() -> None:
    assert "a mapping key must be a scalar" in _error("? [a, b]\n: c\n").message


def test_an_alias_bomb_is_stopped() -> None:
    lines = ['a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    for index in range(1, 8):
        lines.append(
            f"{chr(97 + index)}: &{chr(97 + index)} ["
            + ", ".join([f"*{chr(96 + index)}"] * 10)
            + "]"
        )
    assert "expands to more than" in _error("\n".join(lines) + "\n").message


def test_a_recursive_alias_is_null() -> None:
    node = _parse("a: &a [*a]\n")
    inner = node.get("a")
    assert isinstance(inner, SeqNode) and inner.items[0] == ScalarNode(None, 1, 4)


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ("a: [1, 2\n", 2, 1),
        ("a: 'open\n", 2, 1),
        ("a: 1\n- b\n", 2, 1),
        ("a: \x07\n", 1, 4),
        ("--- a\n--- b\n", 2, 1),
        ("a: *nope\n", 1, 4),
    ],
)
def test_syntax_errors_have_positions(text: str, line: int, column: int) -> None:
    error = _error(text)
    assert error.location is not None
    assert (error.location.line, error.location.column) == (line, column)
    assert error.message.startswith("invalid YAML")


def test_deep_nesting_is_an_error() -> None:
    assert "nested too deeply" in _error("a: " + "[" * 300 + "]" * 300 + "\n").message


def test_read_yaml_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "x.yml"
    path.write_text("a: b\n", encoding="utf-8")
    source, node = read_yaml(path, "shown.yml")
    assert source.file == "shown.yml" and isinstance(node, MapNode)
    assert source.line(1) == "a: b" and source.line(9) is None
    scalar = node.get("a")
    assert isinstance(scalar, ScalarNode) and scalar.kind == "string"
