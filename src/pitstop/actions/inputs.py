"""Reading an action's `with:` inputs the way GitHub's toolkit does, and rejecting unknown ones.

`@actions/core` reads an input as a trimmed string, a boolean only from the YAML 1.2 core
schema spellings (`true | True | TRUE | false | False | FALSE`) and a list as non-empty
lines. Every stand-in starts with `check_inputs`, so a typo in `with:` fails the step with
the input, the action and the step's position named, instead of being silently ignored.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from pitstop.actions.base import ActionCall
from pitstop.errors import Location, PitstopError
from pitstop.github import glob

_TRUE = ("true", "True", "TRUE")
_FALSE = ("false", "False", "FALSE")


def action_name(uses: str) -> str:
    """`owner/repo[/path]` of a `uses:` value, without `@ref` and any trailing comment."""
    return uses.split("#", 1)[0].strip().split("@", 1)[0]


def location(call: ActionCall) -> Location:
    pos = call.position
    return Location.in_file(pos.file, pos.line, pos.column)


def error(call: ActionCall, message: str, hint: str | None = None) -> PitstopError:
    """A PitstopError about this step, prefixed with the action's name."""
    return PitstopError(f"{action_name(call.uses)}: {message}", location=location(call), hint=hint)


def check_inputs(call: ActionCall, supported: Sequence[str]) -> None:
    """Reject every input the stand-in does not honour, naming the ones it does."""
    unknown = sorted(name for name in call.inputs if name not in supported)
    if unknown:
        names = ", ".join(f"'{name}'" for name in unknown)
        raise error(
            call,
            f"unsupported input {names} (step at {call.position})",
            hint=f"pitstop's stand-in honours: {', '.join(supported)}",
        )


def text(call: ActionCall, name: str, default: str = "") -> str:
    return call.inputs.get(name, default).strip() or default


def required(call: ActionCall, name: str) -> str:
    value = text(call, name)
    if not value:
        raise error(call, f"input required and not supplied: {name}")
    return value


def boolean(call: ActionCall, name: str, default: bool) -> bool:
    value = text(call, name)
    if not value:
        return default
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise error(
        call,
        f"input '{name}' is not a boolean: {value!r}",
        hint="use true or false (YAML 1.2 core schema spellings)",
    )


def lines(call: ActionCall, name: str) -> list[str]:
    """A multi-line input as its non-empty, trimmed lines."""
    return [line.strip() for line in call.inputs.get(name, "").splitlines() if line.strip()]


def glob_paths(
    call: ActionCall,
    lines: Sequence[str],
    *,
    home: Path | None = None,
    implicit_descendants: bool = True,
) -> list[Path]:
    """What @actions/glob finds for `path:`-style lines in the workspace (files and
    directories), sorted; `~` is `home` (default: the step's HOME)."""
    home = home or Path(call.env.get("HOME") or Path.home())
    try:
        patterns = glob.parse_patterns(lines, call.workspace, home)
        found = glob.glob(patterns, implicit_descendants=implicit_descendants)
        return sorted(found)
    except glob.GlobError as exc:
        raise error(call, str(exc)) from None
