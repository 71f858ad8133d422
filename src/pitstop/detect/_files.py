"""Small readers shared by the detectors: text, TOML and JSON that may be absent or broken."""

from __future__ import annotations

import json
import os
import re
import tomllib
from pathlib import Path
from typing import Any

from pitstop.errors import Location, PitstopError


def read_text(path: Path) -> str | None:
    """The file's text, or None when it does not exist."""
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return None


def read_toml(path: Path) -> dict[str, Any]:
    """The parsed TOML document, {} when absent; a syntax error is the user's to fix."""
    text = read_text(path)
    if text is None:
        return {}
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line, column = _toml_position(str(exc))
        raise PitstopError(
            f"{path.name} is not valid TOML: {exc}",
            location=Location.in_file(path, line, column),
            hint="fix the syntax, then run pitstop again",
        ) from None


def _toml_position(message: str) -> tuple[int, int]:
    found = re.search(r"line (\d+), column (\d+)", message)
    return (int(found[1]), int(found[2])) if found else (1, 1)


def read_json(path: Path) -> dict[str, Any]:
    """The parsed JSON object, {} when absent; a syntax error is the user's to fix."""
    text = read_text(path)
    if text is None:
        return {}
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise PitstopError(
            f"{path.name} is not valid JSON: {exc.msg}",
            location=Location.in_file(path, exc.lineno, exc.colno),
            hint="fix the syntax, then run pitstop again",
        ) from None
    return data if isinstance(data, dict) else {}


def table(data: dict[str, Any], *keys: str) -> dict[str, Any]:
    """A nested TOML/JSON table by key path, {} when any level is missing."""
    current: Any = data
    for key in keys:
        current = current.get(key) if isinstance(current, dict) else None
    return current if isinstance(current, dict) else {}


# Folders that hold other people's code or generated files, never the project's.
NOT_PROJECT = frozenset({".git", ".venv", "venv", "node_modules", "site-packages", ".tox"})


def project_files(root: Path, name: str) -> list[Path]:
    """Every file called `name` under `root`, without descending into NOT_PROJECT folders
    (a virtualenv or node_modules can hold tens of thousands of files)."""
    found: list[Path] = []
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = sorted(d for d in subfolders if d not in NOT_PROJECT)
        if name in files:
            found.append(Path(folder) / name)
    return sorted(found)
