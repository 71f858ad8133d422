from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from pitstop.errors import PitstopError
from pitstop.workflow import yaml as yaml_module
from pitstop.workflow.shape import raw
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
    assert raw(node) == {
        "on": "yes",
        "n": 10,
        "f": 3.1,
        "t": True,
        "z": None,
        "d": "2024-01-02",
        "q": "x",
    }
    numbers = _parse("h: 0x1F\no: 0o17\nu: 1_000\ni: -.inf\nn: .NaN\ne: 1e3\nl: 0b1\n")
    values = dict(raw(numbers))  # type: ignore[arg-type]
    assert (values["h"], values["o"], values["e"], values["i"]) == (31, 15, 1000.0, float("-inf"))
    assert values["n"] != values["n"]  # NaN


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


@pytest.mark.parametrize("text", ["a: &a [*a]\n", "a: &a {b: *a}\n", "a: &a\n  b:\n    <<: *a\n"])
def test_a_recursive_alias_is_an_error(text: str) -> None:
    assert "refers to the structure that contains it" in _error(text).message


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
    assert "nested more than 100 levels" in _error("a: " + "[" * 300 + "]" * 300 + "\n").message
    assert "nested" in _error("a: " + "[" * 700 + "]" * 700 + "\n").message


def test_read_yaml_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "x.yml"
    path.write_text("a: b\n", encoding="utf-8")
    source, node = read_yaml(path, "shown.yml")
    assert source.file == "shown.yml" and isinstance(node, MapNode)
    assert source.line(1) == "a: b" and source.line(9) is None
    scalar = node.get("a")
    assert isinstance(scalar, ScalarNode) and scalar.kind == "string"


needs_libyaml = pytest.mark.skipif(yaml_module._FastLoader is None, reason="libyaml not installed")


def _both(text: str) -> tuple[object, object]:
    source = Source("f.yml", text)
    fast = yaml_module._Converter(source).convert(yaml_module._compose(source))
    pure_graph = YAML(typ="safe", pure=True).compose(text)
    pure = yaml_module._Converter(source).convert(pure_graph)
    return fast, pure


@needs_libyaml
@settings(max_examples=150, deadline=None)
@given(
    st.recursive(
        st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=10)),
        lambda children: st.one_of(
            st.lists(children, max_size=3),
            st.dictionaries(st.text(max_size=5), children, max_size=3),
        ),
        max_leaves=20,
    )
)
def test_libyaml_and_pure_python_compose_the_same_nodes(document: object) -> None:
    out = io.StringIO()
    YAML().dump({"root": document}, out)
    fast, pure = _both(out.getvalue())
    assert isinstance(fast, MapNode) and isinstance(pure, MapNode)
    assert raw(fast) == raw(pure)
    assert _key_positions(fast) == _key_positions(pure)


def _key_positions(node: object) -> list[tuple[int, int]]:
    """Where every key starts (an empty value's position differs: libyaml is the exact one)."""
    if isinstance(node, SeqNode):
        return [position for item in node.items for position in _key_positions(item)]
    if isinstance(node, MapNode):
        return [
            position
            for key, value in node.items()
            for position in [(key.line, key.column), *_key_positions(value)]
        ]
    return []


@needs_libyaml
def test_libyaml_failures_are_reported_by_the_pure_parser() -> None:
    error = _error("a: [1, 2\n")
    assert error.message.startswith("invalid YAML") and error.location is not None
