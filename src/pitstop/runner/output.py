"""A step's output, line by line: workflow commands parsed, secrets masked, logged, shown.

Every line a step prints goes through `StepOutput.line`: the command parser turns `::error::`
and friends into events, `::add-mask::` values join the masker before the line is written,
and what is left is masked and sent to the job log and the observer (the terminal).
"""

from __future__ import annotations

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

    def line(self, text: str) -> None:
        with self._lock:
            parsed = self.parser.feed(text)
            for event in parsed.events:
                self._apply(event)
            if parsed.display is not None:
                self.emit(parsed.display)

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
