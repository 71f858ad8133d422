"""GitHub's environment files (`GITHUB_OUTPUT`, `GITHUB_ENV`, `GITHUB_STATE`, `GITHUB_PATH`).

A file holds `name=value` lines and `name<<DELIMITER` blocks ending at a line equal to the
delimiter, as actions/runner's file command parser reads them.
"""

from __future__ import annotations

from pathlib import Path

from pitstop.errors import PitstopError


def read_pairs(file: Path) -> dict[str, str]:
    if not file.exists():
        return {}
    pairs: dict[str, str] = {}
    lines = file.read_text(encoding="utf-8").splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        if not line.strip():
            continue
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            name, delimiter = line.split("<<", 1)
            body: list[str] = []
            while i < len(lines) and lines[i] != delimiter:
                body.append(lines[i])
                i += 1
            if i == len(lines):
                raise PitstopError(f"{file}: matching delimiter not found: {delimiter!r}")
            i += 1
            pairs[name] = "\n".join(body)
        elif "=" in line:
            name, value = line.split("=", 1)
            pairs[name] = value
        else:
            raise PitstopError(f"{file}: invalid line (expected name=value): {line!r}")
    return pairs


def read_paths(file: Path) -> list[str]:
    if not file.exists():
        return []
    return [line.strip() for line in file.read_text(encoding="utf-8").splitlines() if line.strip()]
