"""YAML 1.2 with positions: a small tree of nodes that remember their line and column.

ruamel.yaml's round-trip loader keeps `on:` a string key (YAML 1.2), accepts anchors, aliases
and merge keys, rejects duplicate keys, and records where every key and value starts. This
module turns its output into `MapNode` / `SeqNode` / `ScalarNode` so the loader never has to
know about ruamel, and turns every parser failure into a `PitstopError` with a location.
"""

from __future__ import annotations

import datetime as dt
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeAlias

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq, TaggedScalar
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from pitstop.errors import Location, PitstopError
from pitstop.workflow.model import Position, Scalar

# Alias expansion can make a document exponentially large ("billion laughs"); stop early.
MAX_NODES = 200_000


@dataclass(frozen=True, slots=True)
class Source:
    """A file's name and text, to quote lines in error messages."""

    file: str
    text: str

    def line(self, line: int) -> str | None:
        lines = self.text.splitlines()
        return lines[line - 1] if 0 < line <= len(lines) else None

    def location(self, line: int, column: int, length: int = 1) -> Location:
        return Location(self.file, line, column, self.line(line), max(length, 1))

    def error(
        self, message: str, line: int, column: int, *, length: int = 1, hint: str | None = None
    ) -> PitstopError:
        return PitstopError(message, location=self.location(line, column, length), hint=hint)


@dataclass(frozen=True, slots=True)
class ScalarNode:
    value: Scalar
    line: int
    column: int

    @property
    def kind(self) -> str:
        return _SCALAR_KINDS[type(self.value)]

    def text_length(self) -> int:
        text = _scalar_text(self.value)
        return len(text.splitlines()[0]) if text.strip() else 1


@dataclass(frozen=True, slots=True)
class SeqNode:
    items: tuple[Node, ...]
    line: int
    column: int
    kind = "sequence"

    def text_length(self) -> int:
        return 1


@dataclass(frozen=True, slots=True)
class MapNode:
    """A mapping in file order: key text -> (key node, value node)."""

    entries: dict[str, tuple[ScalarNode, Node]]
    line: int
    column: int
    kind = "mapping"

    def text_length(self) -> int:
        return 1

    def items(self) -> Iterator[tuple[ScalarNode, Node]]:
        return iter(self.entries.values())

    def get(self, key: str) -> Node | None:
        entry = self.entries.get(key)
        return entry[1] if entry is not None else None

    def __contains__(self, key: str) -> bool:
        return key in self.entries


Node: TypeAlias = ScalarNode | SeqNode | MapNode

_SCALAR_KINDS = {
    str: "string",
    int: "number",
    float: "number",
    bool: "boolean",
    type(None): "null",
}


def position(source: Source, node: Node) -> Position:
    return Position(source.file, node.line, node.column)


def _scalar_text(value: Scalar) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def read_yaml(path: Path, display: str | None = None) -> tuple[Source, Node]:
    """Read and parse one YAML file; every failure is a PitstopError with a location."""
    name = display if display is not None else str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise PitstopError(
            f"{name} is not valid UTF-8 text",
            location=Location(name, 1, 1),
            hint=f"byte {exc.start} cannot be decoded; save the file as UTF-8",
        ) from None
    except OSError as exc:
        raise PitstopError(
            f"cannot read {name}: {exc.strerror or exc}",
            location=Location(name, 1, 1),
            hint="check that the file exists and is readable",
        ) from None
    source = Source(name, text)
    return source, parse_yaml(source)


def parse_yaml(source: Source) -> Node:
    data = _load(source)
    return _Converter(source).convert(data, 0, 0)


def _load(source: Source) -> Any:
    yaml = YAML(typ="rt")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return yaml.load(source.text)
    except MarkedYAMLError as exc:
        raise _marked_error(source, exc) from None
    except YAMLError as exc:
        raise _offset_error(source, exc) from None
    except RecursionError:
        raise source.error(
            "the YAML document is nested too deeply", 1, 1, hint="flatten the document"
        ) from None


def _marked_error(source: Source, exc: MarkedYAMLError) -> PitstopError:
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    problem = exc.problem or exc.context or "invalid YAML"
    if "duplicate key" in problem:
        key = problem.split('"')[1] if '"' in problem else ""
        original = exc.context_mark
        where = f" (first defined on line {original.line + 1})" if original is not None else ""
        return source.error(
            f"duplicate key {key!r}{where}",
            line,
            column,
            length=len(key) or 1,
            hint="a key may appear only once in a mapping; remove or rename one of them",
        )
    context = f" {exc.context}" if exc.context and exc.problem else ""
    return source.error(
        f"invalid YAML:{context} {problem}".replace("  ", " "),
        line,
        column,
        hint="check the indentation, quoting and ':' separators around this position",
    )


def _offset_error(source: Source, exc: YAMLError) -> PitstopError:
    offset = getattr(exc, "position", 0)
    offset = offset if isinstance(offset, int) else 0
    before = source.text[:offset]
    line = before.count("\n") + 1
    column = offset - (before.rfind("\n") + 1) + 1
    reason = getattr(exc, "reason", None) or str(exc).splitlines()[0]
    return source.error(
        f"invalid YAML: {reason}",
        line,
        column,
        hint="remove control characters or other unprintable characters from the file",
    )


class _Converter:
    """ruamel's round-trip objects -> nodes, bounded against alias bombs and alias cycles."""

    def __init__(self, source: Source) -> None:
        self.source = source
        self.count = 0
        self.active: set[int] = set()

    def convert(self, data: Any, line: int, column: int) -> Node:
        self.count += 1
        if self.count > MAX_NODES:
            raise self.source.error(
                f"the YAML document expands to more than {MAX_NODES} nodes",
                line + 1,
                column + 1,
                hint="anchors and aliases that repeat large structures are not supported",
            )
        if isinstance(data, CommentedMap | CommentedSeq):
            if id(data) in self.active:
                raise self.source.error(
                    "a YAML alias refers to the structure that contains it",
                    line + 1,
                    column + 1,
                    hint="recursive anchors cannot be expanded",
                )
            self.active.add(id(data))
            try:
                if isinstance(data, CommentedMap):
                    return self._mapping(data, line, column)
                return self._sequence(data, line, column)
            finally:
                self.active.discard(id(data))
        return ScalarNode(self._scalar(data, line, column), line + 1, column + 1)

    def _mapping(self, data: CommentedMap, line: int, column: int) -> MapNode:
        entries: dict[str, tuple[ScalarNode, Node]] = {}
        positions = data.lc.data
        for key, value in data.items():
            where = positions.get(key)
            key_line, key_col, value_line, value_col = (
                where if where is not None else (line, column, line, column)
            )
            text = self._key(key, key_line, key_col)
            key_node = ScalarNode(text, key_line + 1, key_col + 1)
            entries[text] = (key_node, self.convert(value, value_line, value_col))
        return MapNode(entries, line + 1, column + 1)

    def _sequence(self, data: CommentedSeq, line: int, column: int) -> SeqNode:
        positions = data.lc.data
        items = []
        for index, value in enumerate(data):
            where = positions.get(index) if isinstance(positions, dict) else None
            if where is None and isinstance(positions, list) and index < len(positions):
                where = positions[index]
            item_line, item_col = (where[0], where[1]) if where else (line, column)
            items.append(self.convert(value, item_line, item_col))
        return SeqNode(tuple(items), line + 1, column + 1)

    def _key(self, key: Any, line: int, column: int) -> str:
        if isinstance(key, CommentedMap | CommentedSeq | tuple | list | dict):
            raise self.source.error(
                "a mapping key must be a scalar",
                line + 1,
                column + 1,
                hint="write the key as a plain string",
            )
        value = self._scalar(key, line, column)
        return _scalar_text(value) if value is not None else "null"

    def _scalar(self, data: Any, line: int, column: int) -> Scalar:
        if data is None or isinstance(data, bool):
            return data
        if isinstance(data, int):
            return int(data)
        if isinstance(data, float):
            return float(data)
        if isinstance(data, str):
            return str(data)
        if isinstance(data, dt.date | dt.datetime):
            return data.isoformat()
        if isinstance(data, TaggedScalar):
            return str(data.value)
        raise self.source.error(
            f"unsupported YAML value of type {type(data).__name__}",
            line + 1,
            column + 1,
            hint="workflows contain only strings, numbers, booleans, null, lists and mappings",
        )
