"""A step's output, line by line: workflow commands parsed, secrets masked, logged, shown.

Every line a step prints goes through `StepOutput.line`: the command parser turns `::error::`
and friends into events, `::add-mask::` values join the masker before the line is written,
and what is left is masked and sent to the job log and the observer (the terminal).
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO

from pitstop.actions.base import Annotation
from pitstop.github.commands import (
    AddMask,
    AddPath,
    AnnotationEvent,
    CommandFailure,
    CommandParser,
    Debug,
    GroupEnd,
    GroupStart,
    SaveState,
    SetEnv,
    SetOutput,
)
from pitstop.runner.masking import Masker

Show = Callable[[str], None]


@dataclass
class StepOutput:
    parser: CommandParser
    masker: Masker
    log: IO[str]
    show: Show
    verbose: bool = False
    annotations: list[Annotation] = field(default_factory=list)
    outputs: dict[str, str] = field(default_factory=dict)
    state: dict[str, str] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)
    env: dict[str, str] = field(default_factory=dict)  # the unsecure `::set-env::`
    path: list[str] = field(default_factory=list)  # the unsecure `::add-path::`
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _held: str = ""  # the end of a long line's piece that may begin a secret
    _long: bool = False  # within a long line

    def line(self, text: str) -> None:
        with self._lock:
            parsed = self.parser.feed(text)
            for event in parsed.events:
                self._apply(event)
            if parsed.display is not None:
                self.emit(parsed.display)

    def part(self, text: str, done: bool) -> None:
        """A piece of a line too long to hold (see `process.LINE_CAP`): streamed to the log,
        masked across the pieces; the terminal sees the first piece only. Such a line is
        never a workflow command."""
        with self._lock:
            first = not self._long
            held = self._held + text
            cut = len(held) if done else _safe_cut(held, self.masker.values)
            masked = self.masker.mask(held[:cut])
            self._held = held[cut:]
            self._long = not done
            self.log.write(masked + ("\n" if done else ""))
            if first:
                self.show(masked + ("" if done else " [...] (the whole line is in the log)"))

    def emit(self, text: str) -> None:
        """Log and show one line (masked); lines of pitstop's own go through here too."""
        masked = self.masker.mask(text)
        self.log.write(masked + "\n")
        self.show(masked)

    def _apply(self, event: object) -> None:
        if isinstance(event, AddMask):
            self.masker.add_mask(event.value)
        elif isinstance(event, AnnotationEvent):
            self._annotate(event.annotation)
        elif isinstance(event, Debug):
            self._debug(event.message)
        elif isinstance(event, GroupStart | GroupEnd):
            pass  # shown as `##[group]title` / `##[endgroup]`, as in GitHub's raw log
        elif isinstance(event, SetOutput):
            self.outputs[event.name] = event.value
        elif isinstance(event, SaveState):
            self.state[event.name] = event.value
        elif isinstance(event, SetEnv):
            self.env[event.name] = event.value
        elif isinstance(event, AddPath):
            self.path.append(event.path)
        elif isinstance(event, CommandFailure):
            self.failures.append(event.message)
            self.emit(f"##[error]{event.message}")

    def _annotate(self, annotation: Annotation) -> None:
        masked = Annotation(
            annotation.level,
            self.masker.mask(annotation.message),
            annotation.file,
            annotation.line,
            None if annotation.title is None else self.masker.mask(annotation.title),
        )
        self.annotations.append(masked)

    def _debug(self, message: str) -> None:
        masked = self.masker.mask(message)
        self.log.write(f"##[debug]{masked}\n")
        if self.verbose:
            self.show(f"##[debug]{masked}")


def _safe_cut(text: str, secrets: frozenset[str]) -> int:
    """Where a piece of a long line can end so that no secret is split: before the last
    `longest - 1` characters, and before a secret that would straddle that point."""
    if not secrets:
        return len(text)
    longest = max(len(value) for value in secrets)
    cut = max(0, len(text) - (longest - 1))
    for match in _pattern(secrets).finditer(text, max(0, cut - longest + 1)):
        if match.start() >= cut:
            break
        if match.end() > cut:
            return match.start()
    return cut


@functools.lru_cache(maxsize=8)
def _pattern(secrets: frozenset[str]) -> re.Pattern[str]:
    ordered = sorted(secrets, key=len, reverse=True)
    return re.compile("|".join(re.escape(value) for value in ordered))
