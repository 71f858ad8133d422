"""Where a key path (`jobs.test.steps[2]`) sits in a YAML file: 1-based line and column."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError


def line_of(path: Path, keys: list[str | int]) -> tuple[int, int]:
    try:
        node: Any = YAML().load(path.read_text(encoding="utf-8"))
    except (OSError, YAMLError):
        return (1, 1)
    where = (1, 1)
    for key in keys:
        try:
            if isinstance(key, int):
                line, column = node.lc.item(key)
            else:
                line, column = node.lc.key(key)
            node = node[key]
        except (AttributeError, KeyError, IndexError, TypeError):
            break
        where = (line + 1, column + 1)
    return where
