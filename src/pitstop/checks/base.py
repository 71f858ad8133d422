"""What a check reports: findings at file:line, or that it could not check at all."""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol


@dataclass(frozen=True)
class Finding:
    check: str
    file: str
    line: int
    column: int
    message: str
    rule: str = ""  # the tool's own name for it: zizmor's audit, actionlint's kind
    also: tuple[str, ...] = ()  # the other sources that reported this same problem here

    @property
    def source(self) -> str:
        return f"{self.check}:{self.rule}" if self.rule else self.check

    def __str__(self) -> str:
        label = ", ".join((self.source, *self.also)) if self.also else self.check
        return f"{self.file}:{self.line}:{self.column}: [{label}] {self.message}"


@dataclass(frozen=True)
class Result:
    check: str
    findings: tuple[Finding, ...] = ()
    not_checked: str | None = None  # why the check could not run; never a pass
    files: int = 0


@dataclass(frozen=True)
class Inputs:
    """The project and the files to check, paths relative to the root."""

    root: Path
    workflows: tuple[str, ...]
    dependabot: str | None

    @property
    def all_files(self) -> tuple[str, ...]:
        return self.workflows + ((self.dependabot,) if self.dependabot else ())


class Check(Protocol):
    NAME: str

    def run(self, inputs: Inputs) -> Result: ...


def tool(name: str) -> str | None:
    """A tool's executable: next to this Python first (the venv), then on PATH."""
    beside = Path(sys.executable).parent / name
    if beside.is_file():
        return str(beside)
    return shutil.which(name)


def run_tool(argv: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(argv, cwd=cwd, capture_output=True, text=True, check=False)
