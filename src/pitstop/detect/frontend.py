"""The frontend build: `package.json` scripts, the npm lock, Node and the Tailwind files."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from pitstop.detect._files import read_json, read_text

DEFAULT_NODE = "20"


@dataclass(frozen=True)
class Frontend:
    build_script: str  # the npm script that builds the assets, e.g. "build"
    lock: str | None
    node_version: str
    tailwind_input: str | None
    output: str  # the built file or folder that must exist and not be empty


def detect(root: Path) -> Frontend | None:
    package = read_json(root / "package.json")
    scripts = package.get("scripts") or {}
    if not isinstance(scripts, dict):
        return None
    name = next((s for s in ("build", "build:css", "css:build") if s in scripts), None)
    if name is None:
        return None
    command = str(scripts[name])
    lock = next(
        (f for f in ("package-lock.json", "npm-shrinkwrap.json") if (root / f).is_file()), None
    )
    return Frontend(
        build_script=name,
        lock=lock,
        node_version=_node(root, package),
        tailwind_input=_option(command, ("-i", "--input")),
        output=_option(command, ("-o", "--output")) or "static",
    )


def _node(root: Path, package: dict[str, object]) -> str:
    pinned = (read_text(root / ".nvmrc") or read_text(root / ".node-version") or "").strip()
    if found := re.match(r"v?(\d+)", pinned):
        return found[1]
    engines = package.get("engines")
    wanted = engines.get("node") if isinstance(engines, dict) else None
    if isinstance(wanted, str) and (found := re.search(r"(\d+)", wanted)):
        return found[1]
    return DEFAULT_NODE


def _option(command: str, flags: tuple[str, ...]) -> str | None:
    words = command.split()
    for index, word in enumerate(words):
        for flag in flags:
            if word == flag and index + 1 < len(words):
                return words[index + 1]
            if word.startswith(flag + "="):
                return word.split("=", 1)[1]
    return None
