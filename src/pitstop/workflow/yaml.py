"""YAML 1.2 with positions: a small tree of nodes that remember their line and column.

ruamel.yaml composes the document (YAML 1.2 tag resolution, so `on:` stays a string key, and
a start mark on every node, scalars included); this module turns the composed graph into
`MapNode` / `SeqNode` / `ScalarNode`, applying merge keys and refusing duplicate keys, so the
loader never has to know about ruamel. Every parser failure becomes a `PitstopError` with a
location. (Composing skips ruamel's round-trip construction and comment bookkeeping, which
cost a third of the parse time.)
"""

from __future__ import annotations

import stat
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeAlias

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, SequenceNode
from ruamel.yaml.nodes import ScalarNode as YamlScalar
from ruamel.yaml.resolver import VersionedResolver

from pitstop.errors import Location, PitstopError
from pitstop.workflow.model import Position, Scalar

# Alias expansion can make a document exponentially large ("billion laughs"); stop early.
MAX_NODES = 200_000
# Real workflows nest a dozen levels; a limit keeps every later recursive walk safe.
MAX_DEPTH = 100


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
    _require_regular_file(path, name)
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


def _require_regular_file(path: Path, name: str) -> None:
    """A FIFO would block the read forever and /dev/zero never end it: refuse them first."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return  # reading reports it, with the reason
    if not stat.S_ISREG(mode):
        kind = "a directory" if stat.S_ISDIR(mode) else "not a regular file"
        raise PitstopError(
            f"{name} is {kind}",
            location=Location(name, 1, 1),
            hint="pass a workflow file (.github/workflows/NAME.yml)",
        )


def parse_yaml(source: Source) -> Node:
    document = _compose(source)
    if document is None:
        return ScalarNode(None, 1, 1)
    return _Converter(source).convert(document)


def _compose(source: Source) -> Any:
    """The node graph of the one document (YAML 1.2 tags resolved, nothing constructed).

    libyaml (via ruamel.yaml.clibz) composes ten times faster when it is installed; when it
    fails, the pure-Python parser runs again so that errors read the same either way. Text
    with characters that only YAML 1.1 counts as line breaks goes to the pure parser too.
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            if _FastLoader is not None and not _YAML_1_1_BREAKS.intersection(source.text):
                try:
                    return _FastLoader(source.text).get_single_node()
                except YAMLError:
                    pass
            return YAML(typ="safe", pure=True).compose(source.text)
    except MarkedYAMLError as exc:
        raise _marked_error(source, exc) from None
    except YAMLError as exc:
        raise _offset_error(source, exc) from None
    except RecursionError:
        raise source.error(
            "the YAML document is nested too deeply", 1, 1, hint="flatten the document"
        ) from None


def _fast_loader() -> type[Any] | None:
    """A libyaml composer with ruamel's YAML 1.2 resolver, if the C extension is installed."""
    try:
        from _ruamel_yaml_clibz import CParser
    except ImportError:
        return None

    class FastLoader(CParser, VersionedResolver):  # type: ignore[misc]
        def __init__(self, text: str) -> None:
            CParser.__init__(self, text)
            self._parser = self._composer = self
            VersionedResolver.__init__(self, version=(1, 2), loadumper=self)

    return FastLoader


_FastLoader = _fast_loader()


def _marked_error(source: Source, exc: MarkedYAMLError) -> PitstopError:
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    problem = exc.problem or exc.context or "invalid YAML"
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


_TAG = "tag:yaml.org,2002:"
_YAML_1_1_BREAKS = frozenset("\x85\u2028\u2029")


class _Converter:
    """ruamel's composed nodes -> our nodes: scalars typed by their resolved YAML 1.2 tag,
    merge keys (`<<`) applied, duplicate keys refused, bounded against alias bombs."""

    def __init__(self, source: Source) -> None:
        self.source = source
        self.count = 0
        self.active: set[int] = set()

    def convert(self, node: Any) -> Node:
        self.count += 1
        line, column = node.start_mark.line + 1, node.start_mark.column + 1
        if self.count > MAX_NODES:
            raise self.source.error(
                f"the YAML document expands to more than {MAX_NODES} nodes",
                line,
                column,
                hint="anchors and aliases that repeat large structures are not supported",
            )
        if isinstance(node, YamlScalar):
            return ScalarNode(self._value(node, line, column), line, column)
        if id(node) in self.active:
            raise self.source.error(
                "a YAML alias refers to the structure that contains it",
                line,
                column,
                hint="a structure cannot contain itself; copy the values instead",
            )
        if len(self.active) >= MAX_DEPTH:
            raise self.source.error(
                f"the YAML document is nested more than {MAX_DEPTH} levels deep",
                line,
                column,
                hint="flatten the document",
            )
        self.active.add(id(node))
        try:
            if isinstance(node, MappingNode):
                return MapNode(self._entries(node), line, column)
            return SeqNode(tuple(self.convert(item) for item in node.value), line, column)
        finally:
            self.active.discard(id(node))

    def _entries(self, node: MappingNode) -> dict[str, tuple[ScalarNode, Node]]:
        entries: dict[str, tuple[ScalarNode, Node]] = {}
        merged: dict[str, tuple[ScalarNode, Node]] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _TAG + "merge":
                for source in self._merge_sources(value_node):
                    for name, entry in self._entries(source).items():
                        merged.setdefault(name, entry)
                continue
            key = self._key(key_node)
            if key.value in entries:
                first = entries[str(key.value)][0]
                raise self.source.error(
                    f"duplicate key {key.value!r} (first defined on line {first.line})",
                    key.line,
                    key.column,
                    length=len(str(key.value)),
                    hint="a key may appear only once in a mapping; remove or rename one of them",
                )
            entries[str(key.value)] = (key, self.convert(value_node))
        return {**merged, **entries} if merged else entries

    def _merge_sources(self, node: Any) -> list[MappingNode]:
        sources = node.value if isinstance(node, SequenceNode) else [node]
        for source in sources:
            if not isinstance(source, MappingNode):
                raise self.source.error(
                    "a merge key '<<' needs a mapping or a list of mappings",
                    source.start_mark.line + 1,
                    source.start_mark.column + 1,
                    hint="write '<<: *anchor' where the anchor names a mapping",
                )
        return list(sources)

    def _key(self, node: Any) -> ScalarNode:
        line, column = node.start_mark.line + 1, node.start_mark.column + 1
        if not isinstance(node, YamlScalar):
            raise self.source.error(
                "a mapping key must be a scalar",
                line,
                column,
                hint="write the key as a plain string",
            )
        value = self._value(node, line, column)
        return ScalarNode(_scalar_text(value) if value is not None else "null", line, column)

    def _value(self, node: YamlScalar, line: int, column: int) -> Scalar:
        try:
            return _scalar(node.tag, node.value)
        except ValueError:
            kind = str(node.tag).rsplit(":", 1)[-1]
            raise self.source.error(
                f"the value {node.value!r} is not a valid {kind}",
                line,
                column,
                hint="remove the explicit tag (e.g. '!!bool') or correct the value",
            ) from None


def _scalar(tag: Any, text: str) -> Scalar:
    """A scalar's value by its tag (resolved by YAML 1.2 rules, or explicit like `!!int`).

    Raises ValueError when an explicit tag does not fit the text (`!!bool maybe`).
    """
    name = str(tag)
    if not name.startswith(_TAG):
        return text
    kind = name[len(_TAG) :]
    if kind == "null":
        if text not in {"", "~", "null", "Null", "NULL"}:
            raise ValueError(kind)
        return None
    if kind == "bool":
        if text.lower() not in {"true", "false"}:
            raise ValueError(kind)
        return text.lower() == "true"
    if kind == "int":
        return _integer(text)
    if kind == "float":
        return _float(text)
    return text


def _integer(text: str) -> int:
    digits = text.replace("_", "")
    try:
        return int(digits, 0)
    except ValueError:
        return int(digits, 10)  # a leading zero: `010` is ten in YAML 1.2


def _float(text: str) -> float:
    lowered = text.lower().replace("_", "")
    if lowered.lstrip("+-") in {".inf", ".nan"}:
        return float(lowered.replace(".", ""))
    return float(lowered)
