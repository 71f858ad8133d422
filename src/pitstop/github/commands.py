"""Workflow commands in a step's output (`::error file=a.py,line=3::message` and friends).

`CommandParser` is fed one output line at a time (without its newline) and returns a
`ParsedLine`: the text to display (None when GitHub hides the line) and the typed `Event` the
runner must act on (None for ordinary output). The rules follow actions/runner
(`ActionCommand.cs`, `ActionCommandManager.cs`):

- A command is `::name props::data` after leading whitespace, or the legacy `##[name props]data`
  anywhere in the line; only known names are commands (case-insensitive), anything else is
  ordinary output. Properties are `k=v` separated by `,` (`;` in the legacy form).
- Data unescapes `%0D`, `%0A`, `%25`; properties also `%3A` and `%2C` (legacy: `%3B`, `%5D`).
- Annotations, `debug` and `add-mask` are never echoed; other commands are echoed only after
  `::echo::on`. Groups are displayed as `##[group]title` / `##[endgroup]` (the runner may
  render them differently).
- `::stop-commands::TOKEN` suspends every command until a line `::TOKEN::`; a token that is
  empty, `pause-logging` or a command name fails the step unless
  ACTIONS_ALLOW_UNSECURE_STOPCOMMAND_TOKENS is true. Tokens longer than 6 characters are
  masked (an `AddMask` event), as GitHub does.
- `set-output` / `save-state` still work on GitHub today, with a deprecation warning
  annotation; pitstop does the same. `set-env` / `add-path` are disabled (the step fails)
  unless ACTIONS_ALLOW_UNSECURE_COMMANDS is true.
- A command GitHub cannot process (e.g. `set-output` without `name`) fails the step:
  a `CommandFailure` event.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pitstop.github.annotations import Annotation

_DATA_ESCAPES = (("%0D", "\r"), ("%0A", "\n"), ("%25", "%"))
_PROPERTY_ESCAPES = (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%"))
_LEGACY_ESCAPES = (("%3B", ";"), ("%0D", "\r"), ("%0A", "\n"), ("%5D", "]"), ("%25", "%"))

COMMANDS = frozenset(
    {
        "stop-commands", "set-env", "set-output", "save-state", "add-mask", "add-path",
        "add-matcher", "remove-matcher", "debug", "warning", "error", "notice", "group",
        "endgroup", "echo",
    }
)  # fmt: skip
_NEVER_ECHOED = frozenset({"add-mask", "debug", "warning", "error", "notice"})
_TRUE = frozenset({"true", "1", "yes", "on"})


@dataclass(frozen=True)
class Command:
    name: str  # lower-case
    properties: Mapping[str, str]  # keys as written (match them case-insensitively)
    data: str

    def get(self, key: str) -> str | None:
        for name, value in self.properties.items():
            if name.lower() == key.lower():
                return value
        return None


@dataclass(frozen=True)
class AnnotationEvent:
    annotation: Annotation
    column: int | None = None
    end_line: int | None = None
    end_column: int | None = None


@dataclass(frozen=True)
class Debug:
    message: str


@dataclass(frozen=True)
class GroupStart:
    title: str


@dataclass(frozen=True)
class GroupEnd:
    pass


@dataclass(frozen=True)
class AddMask:
    value: str  # give it to `Masker.add_mask`, which also masks each line


@dataclass(frozen=True)
class SetOutput:
    name: str
    value: str


@dataclass(frozen=True)
class SaveState:
    name: str
    value: str


@dataclass(frozen=True)
class SetEnv:
    name: str
    value: str


@dataclass(frozen=True)
class AddPath:
    path: str


@dataclass(frozen=True)
class Ignored:
    """A known command pitstop does not act on (add-matcher, remove-matcher)."""

    command: Command


@dataclass(frozen=True)
class CommandFailure:
    """GitHub could not process the command: the step fails with this message."""

    message: str


Event = (
    AnnotationEvent | Debug | GroupStart | GroupEnd | AddMask | SetOutput | SaveState | SetEnv
    | AddPath | Ignored | CommandFailure
)  # fmt: skip


@dataclass(frozen=True)
class ParsedLine:
    display: str | None  # the line to show and log; None when GitHub hides it
    events: tuple[Event, ...] = ()


def _unescape(text: str, table: tuple[tuple[str, str], ...]) -> str:
    for escaped, plain in table:
        text = text.replace(escaped, plain)
    return text


def _properties(text: str, separator: str, table: tuple[tuple[str, str], ...]) -> dict[str, str]:
    found: dict[str, str] = {}
    for item in text.split(separator):
        pair = [part for part in item.split("=", 1) if part]
        if len(pair) == 2:
            found[pair[0]] = _unescape(pair[1], table)
    return found


def parse_command(line: str, known: frozenset[str] = COMMANDS) -> Command | None:
    """The command in `line`, or None; `known` are the lower-case names that count."""
    return _parse_v2(line, known) or _parse_legacy(line, known)


def _parse_v2(line: str, known: frozenset[str]) -> Command | None:
    text = line.lstrip()
    end = text.find("::", 2)
    if not text.startswith("::") or end < 0:
        return None
    name, _, props = text[2:end].partition(" ")
    if name.lower() not in known:
        return None
    properties = _properties(props.strip(), ",", _PROPERTY_ESCAPES)
    return Command(name.lower(), properties, _unescape(text[end + 2 :], _DATA_ESCAPES))


def _parse_legacy(line: str, known: frozenset[str]) -> Command | None:
    start = line.find("##[")
    end = line.find("]", start)
    if start < 0 or end < 0:
        return None
    name, _, props = line[start + 3 : end].partition(" ")
    if name.lower() not in known:
        return None
    properties = _properties(props, ";", _LEGACY_ESCAPES)
    return Command(name.lower(), properties, _unescape(line[end + 1 :], _LEGACY_ESCAPES))


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


@dataclass
class CommandParser:
    """The per-step command state: feed it every output line of the step, in order."""

    env: Mapping[str, str] = field(default_factory=dict)  # the step's env (ACTIONS_ALLOW_*)
    workspace: Path | None = None  # annotation files under it become relative
    echo: bool = False
    stop_token: str | None = None

    def feed(self, line: str) -> ParsedLine:
        command = parse_command(line, self._known())
        if command is None:
            return ParsedLine(line)
        if self.stop_token is not None:
            return self._while_stopped(line, command)
        if command.name == "stop-commands":
            return self._stop(line, command)
        echoed = line if self.echo and command.name not in _NEVER_ECHOED else None
        parsed = self._handle(command)
        if echoed is None:
            return parsed
        return ParsedLine(echoed, parsed.events) if parsed.display is None else parsed

    def _known(self) -> frozenset[str]:
        if self.stop_token is None:
            return COMMANDS
        return COMMANDS | {self.stop_token.lower()}

    def _allowed(self, variable: str) -> bool:
        return self.env.get(variable, "").strip().lower() in _TRUE

    def _while_stopped(self, line: str, command: Command) -> ParsedLine:
        assert self.stop_token is not None
        if command.name == self.stop_token.lower():
            self.stop_token = None
        return ParsedLine(line)

    def _stop(self, line: str, command: Command) -> ParsedLine:
        token = command.data
        invalid = token == "" or token.lower() in COMMANDS or token.lower() == "pause-logging"
        if invalid and not self._allowed("ACTIONS_ALLOW_UNSECURE_STOPCOMMAND_TOKENS"):
            return ParsedLine(
                None,
                (
                    CommandFailure(
                        f"invalid stop-commands token {token!r}: it must not be empty, "
                        "'pause-logging' or a workflow command name (or set "
                        "ACTIONS_ALLOW_UNSECURE_STOPCOMMAND_TOKENS=true)"
                    ),
                ),
            )
        self.stop_token = token
        events: tuple[Event, ...] = (AddMask(token),) if len(token) > 6 else ()
        return ParsedLine(line, events)

    def _handle(self, command: Command) -> ParsedLine:
        name = command.name
        if name in ("error", "warning", "notice"):
            return self._annotation(command)
        if name == "debug":
            return ParsedLine(None, (Debug(command.data),))
        if name == "group":
            return ParsedLine(f"##[group]{command.data}", (GroupStart(command.data),))
        if name == "endgroup":
            return ParsedLine("##[endgroup]", (GroupEnd(),))
        if name == "add-mask":
            return self._add_mask(command)
        if name == "echo":
            return self._echo(command)
        if name in ("set-output", "save-state"):
            return self._deprecated(command)
        if name in ("set-env", "add-path"):
            return self._unsecure(command)
        return ParsedLine(None, (Ignored(command),))

    def _add_mask(self, command: Command) -> ParsedLine:
        if command.data.strip() == "":
            warning = Annotation("warning", "Can't add a secret mask for an empty string.")
            return ParsedLine(None, (AnnotationEvent(warning),))
        display = "::add-mask::***" if self.echo else None
        return ParsedLine(display, (AddMask(command.data),))

    def _echo(self, command: Command) -> ParsedLine:
        value = command.data.strip().lower()
        if value not in ("on", "off"):
            return _failure(f"invalid echo value {command.data!r}: use 'on' or 'off'")
        self.echo = value == "on"
        return ParsedLine(None)

    def _deprecated(self, command: Command) -> ParsedLine:
        name = command.get("name")
        if not name:
            return _failure(f"the {command.name} command needs a 'name' property")
        hint = "GITHUB_OUTPUT" if command.name == "set-output" else "GITHUB_STATE"
        warning = Annotation(
            "warning",
            f"The `{command.name}` command is deprecated and will be disabled soon; "
            f"write to ${hint} instead.",
        )
        event: Event = (
            SetOutput(name, command.data)
            if command.name == "set-output"
            else SaveState(name, command.data)
        )
        return ParsedLine(None, (AnnotationEvent(warning), event))

    def _unsecure(self, command: Command) -> ParsedLine:
        if not self._allowed("ACTIONS_ALLOW_UNSECURE_COMMANDS"):
            return _failure(
                f"the `{command.name}` command is disabled: write to "
                f"${'GITHUB_ENV' if command.name == 'set-env' else 'GITHUB_PATH'} instead "
                "(or set ACTIONS_ALLOW_UNSECURE_COMMANDS=true)"
            )
        if command.name == "add-path":
            if not command.data:
                return _failure("the add-path command needs a path")
            return ParsedLine(None, (AddPath(command.data),))
        name = command.get("name")
        if not name:
            return _failure("the set-env command needs a 'name' property")
        return ParsedLine(None, (SetEnv(name, command.data),))

    def _annotation(self, command: Command) -> ParsedLine:
        level: Literal["error", "warning", "notice"] = command.name  # type: ignore[assignment]
        line, end_line, column, end_column = _positions(command)
        annotation = Annotation(
            level, command.data, self._relative(command.get("file")), line, command.get("title")
        )
        event = AnnotationEvent(annotation, column, end_line, end_column)
        return ParsedLine(f"{level.capitalize()}: {command.data}", (event,))

    def _relative(self, file: str | None) -> str | None:
        if not file or self.workspace is None:
            return file or None
        path = Path(file)
        if path.is_absolute() and path.is_relative_to(self.workspace):
            return path.relative_to(self.workspace).as_posix()
        return file


def _failure(message: str) -> ParsedLine:
    return ParsedLine(None, (CommandFailure(message),))


def _positions(command: Command) -> tuple[int | None, int | None, int | None, int | None]:
    """line, endLine, col, endColumn after GitHub's consistency rules."""
    line, end_line = _int(command.get("line")), _int(command.get("endLine"))
    column, end_column = _int(command.get("col")), _int(command.get("endColumn"))
    if end_line is not None and line is None:
        line = end_line
    if end_column is not None and column is None:
        column = end_column
    has_column = column is not None
    if line is None and has_column:
        column = end_column = None
    if end_line is not None and line != end_line and has_column:
        column = end_column = None
    if line is not None and end_line is not None and end_line < line:
        line = end_line = None
    if column is not None and end_column is not None and end_column < column:
        column = end_column = None
    return line, end_line, column, end_column
