"""Typed reads of YAML nodes: each returns a Python value or raises a positioned error."""

from __future__ import annotations

import difflib
from collections.abc import Collection
from types import MappingProxyType

from pitstop.errors import PitstopError
from pitstop.workflow.model import (
    BoolOrExpression,
    ExpressionValue,
    LiteralValue,
    NumberOrExpression,
    Position,
    Value,
)
from pitstop.workflow.yaml import MapNode, Node, ScalarNode, SeqNode, Source, position


class Shape:
    """Reads the nodes of one file; every complaint names the node's line and column."""

    def __init__(self, source: Source) -> None:
        self.source = source

    def error(self, node: Node, message: str, hint: str | None = None) -> PitstopError:
        return self.source.error(
            message, node.line, node.column, length=node.text_length(), hint=hint
        )

    def position(self, node: Node) -> Position:
        return position(self.source, node)

    def wrong_type(self, node: Node, what: str, expected: str) -> PitstopError:
        return self.error(
            node,
            f"{what} must be {expected}, not a {node.kind}",
            hint=f"write {what} as {expected}",
        )

    def mapping(self, node: Node, what: str) -> MapNode:
        if not isinstance(node, MapNode):
            raise self.wrong_type(node, what, "a mapping")
        return node

    def sequence(self, node: Node, what: str) -> SeqNode:
        if not isinstance(node, SeqNode):
            raise self.wrong_type(node, what, "a list")
        return node

    def keys(self, node: MapNode, allowed: Collection[str], what: str) -> None:
        for key, _value in node.items():
            name = str(key.value)
            if name not in allowed:
                raise self.error(
                    key, f"unknown key {name!r} in {what}", hint=suggest(name, allowed)
                )

    def required(self, node: MapNode, key: str, what: str) -> Node:
        value = node.get(key)
        if value is None:
            raise self.error(
                node, f"{what} is missing the required key {key!r}", hint=f"add '{key}:'"
            )
        return value

    def string(self, node: Node, what: str) -> str:
        """A string; numbers and booleans are accepted and written as text, as GitHub does."""
        if not isinstance(node, ScalarNode) or node.value is None:
            raise self.wrong_type(node, what, "a string")
        value = node.value
        if isinstance(value, bool):
            return "true" if value else "false"
        return str(value)

    def optional_string(self, node: Node | None, what: str) -> str | None:
        if node is None or (isinstance(node, ScalarNode) and node.value is None):
            return None
        return self.string(node, what)

    def strings(self, node: Node, what: str) -> tuple[str, ...]:
        """A string or a list of strings."""
        if isinstance(node, SeqNode):
            return tuple(self.string(item, f"each entry of {what}") for item in node.items)
        return (self.string(node, what),)

    def string_list(self, node: Node, what: str) -> tuple[str, ...]:
        """A list of strings (a single string is accepted as a list of one)."""
        if isinstance(node, MapNode):
            raise self.wrong_type(node, what, "a list of strings")
        return self.strings(node, what)

    def boolean(self, node: Node, what: str) -> bool:
        if not isinstance(node, ScalarNode) or not isinstance(node.value, bool):
            raise self.wrong_type(node, what, "true or false")
        return node.value

    def bool_or_expression(self, node: Node, what: str) -> BoolOrExpression:
        if isinstance(node, ScalarNode) and isinstance(node.value, bool):
            return LiteralValue(node.value)
        if isinstance(node, ScalarNode) and isinstance(node.value, str) and "${{" in node.value:
            return ExpressionValue(node.value)
        raise self.wrong_type(node, what, "true, false or a ${{ }} expression")

    def number_or_expression(self, node: Node, what: str) -> NumberOrExpression:
        value = node.value if isinstance(node, ScalarNode) else None
        if isinstance(value, int | float) and not isinstance(value, bool):
            return LiteralValue(value)
        if isinstance(value, str) and "${{" in value:
            return ExpressionValue(value)
        raise self.wrong_type(node, what, "a number or a ${{ }} expression")

    def string_map(self, node: Node, what: str) -> MappingProxyType[str, str]:
        table = self.mapping(node, what)
        return MappingProxyType(
            {
                str(key.value): self.string(value, f"{what}.{key.value}")
                for key, value in table.items()
            }
        )

    def value_map(self, node: Node, what: str) -> MappingProxyType[str, Value]:
        """A mapping of raw values (env, with): the values may be any scalar."""
        table = self.mapping(node, what)
        result: dict[str, Value] = {}
        for key, value in table.items():
            if not isinstance(value, ScalarNode):
                raise self.wrong_type(value, f"{what}.{key.value}", "a string, number or boolean")
            result[str(key.value)] = value.value
        return MappingProxyType(result)


def raw(node: Node) -> Value:
    """A node as the model's `Value`: scalars, tuples and read-only mappings."""
    if isinstance(node, ScalarNode):
        return node.value
    if isinstance(node, SeqNode):
        return tuple(raw(item) for item in node.items)
    return MappingProxyType({str(key.value): raw(value) for key, value in node.items()})


def suggest(name: str, allowed: Collection[str]) -> str:
    close = difflib.get_close_matches(name, sorted(allowed), n=1, cutoff=0.6)
    if close:
        return f"did you mean {close[0]!r}?"
    return "expected one of: " + ", ".join(sorted(allowed))
