"""A small, deterministic YAML writer for generated workflows.

Generated files must be byte-identical from run to run and read well, with each pinned
action followed by its `# vX.Y.Z` comment; a general YAML dumper gives neither, so the
generators build plain dicts and lists and this module writes them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

Node = object


@dataclass(frozen=True)
class Uses:
    """A `uses:` value with its trailing version comment: `owner/repo@sha # vX.Y.Z`."""

    text: str


@dataclass(frozen=True)
class Script:
    """A multi-line value with a YAML comment after its `|`, e.g. a scoped zizmor ignore."""

    text: str
    comment: str


PLAIN = re.compile(r"[A-Za-z0-9_./~$(][^\n]*")
RESERVED = {"true", "false", "yes", "no", "on", "off", "null", "y", "n", "~"}


def dump(document: Mapping[str, Node], header: str = "") -> str:
    lines = [f"# {line}".rstrip() for line in header.splitlines()] if header else []
    for index, (key, value) in enumerate(document.items()):
        if index and isinstance(value, Mapping) and value:
            lines.append("")
        lines += _entry(key, value, 0)
    return "\n".join(lines) + "\n"


def _entry(key: str, value: Node, indent: int) -> list[str]:
    pad = " " * indent
    if isinstance(value, Mapping) and value:
        return [f"{pad}{key}:", *_mapping(value, indent + 2)]
    if isinstance(value, Sequence) and not isinstance(value, str) and value:
        flow = _flow(value)
        if flow is not None:
            return [f"{pad}{key}: {flow}"]
        return [f"{pad}{key}:", *_sequence(value, indent + 2)]
    if isinstance(value, Script):
        body = [f"{pad}  {line}".rstrip() for line in value.text.rstrip("\n").split("\n")]
        return [f"{pad}{key}: | # {value.comment}", *body]
    if isinstance(value, str) and "\n" in value:
        body = [f"{pad}  {line}".rstrip() for line in value.rstrip("\n").split("\n")]
        return [f"{pad}{key}: |", *body]
    return [f"{pad}{key}: {scalar(value)}"]


def _mapping(value: Mapping[str, Node], indent: int) -> list[str]:
    lines: list[str] = []
    for key, item in value.items():
        lines += _entry(key, item, indent)
    return lines


def _sequence(value: Sequence[Node], indent: int) -> list[str]:
    pad = " " * indent
    lines: list[str] = []
    for item in value:
        if isinstance(item, Mapping) and item:
            inner = _mapping(item, indent + 2)
            lines.append(f"{pad}- {inner[0].lstrip()}")
            lines += inner[1:]
        else:
            lines.append(f"{pad}- {scalar(item)}")
    return lines


def _flow(value: Sequence[Node]) -> str | None:
    items = [scalar(v) for v in value]
    if any(isinstance(v, Mapping | list) for v in value):
        return None
    if any(re.search(r"[,\[\]{}#]", i) for i in items):
        return None
    text = "[" + ", ".join(items) + "]"
    return text if len(text) <= 60 else None


def scalar(value: Node) -> str:
    if isinstance(value, Uses):
        return value.text
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Mapping):
        return "{}"
    if isinstance(value, list | tuple):
        return "[]"
    text = str(value)
    if _plain(text):
        return text
    return json.dumps(text)


def _plain(text: str) -> bool:
    return bool(
        PLAIN.fullmatch(text)
        and text.lower() not in RESERVED
        and ": " not in text
        and " #" not in text
        and not text.endswith((":", " "))
        and not re.fullmatch(r"[-+.\d_e]+", text)
    )
