"""`NAME=VALUE` on the command line (`--var`, `--input`, `--secret`, `--matrix`), with GitHub's
name rules: one parser for the plan (`--list`) and the run alike.

- Secrets and configuration variables: letters, digits and `_`, not starting with a digit
  (GitHub's "Naming your secrets" / "Naming conventions for configuration variables").
- `workflow_dispatch` inputs: an input id, which may also contain `-` (`dry-run`).
- `--matrix` keys: any non-empty name, as matrix keys are any YAML key.
A later assignment of the same name wins. With `redact`, an error never shows the value.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from pitstop.errors import PitstopError


@dataclass(frozen=True)
class NameRule:
    pattern: re.Pattern[str]
    says: str  # for the hint: "a name is ..."


VARIABLE_NAME = NameRule(
    re.compile(r"[A-Za-z_][A-Za-z0-9_]*"),
    "letters, digits and underscores, not starting with a digit",
)
INPUT_NAME = NameRule(
    re.compile(r"[A-Za-z_][A-Za-z0-9_-]*"),
    "letters, digits, `_` and `-`, starting with a letter or `_`",
)
MATRIX_KEY = NameRule(re.compile(r".+", re.DOTALL), "any non-empty matrix key")


def parse_vars(flags: Iterable[str]) -> dict[str, str]:
    """`--var NAME=VALUE` flags."""
    return parse_assignments(flags, "--var")


def parse_inputs(flags: Iterable[str]) -> dict[str, str]:
    """`--input NAME=VALUE` flags; input names may contain `-`."""
    return parse_assignments(flags, "--input", rule=INPUT_NAME)


def parse_assignments(
    flags: Iterable[str], flag: str, *, redact: bool = False, rule: NameRule = VARIABLE_NAME
) -> dict[str, str]:
    """`NAME=VALUE` strings given to `flag` (later wins)."""
    result = {}
    for text in flags:
        key, value = parse_assignment(text, flag, redact=redact, rule=rule)
        result[key] = value
    return result


def parse_assignment(
    text: str, flag: str, *, redact: bool = False, rule: NameRule = VARIABLE_NAME
) -> tuple[str, str]:
    key, equals, value = text.partition("=")
    if equals and rule.pattern.fullmatch(key):
        return key, value
    shown = text if not redact else f"{key}=***" if equals else "***"
    problem = "expects NAME=VALUE" if not equals else f"has an invalid name {key!r}"
    raise PitstopError(
        f"{flag} {problem}: {shown!r}",
        hint=f"write {flag} NAME=VALUE; a name is {rule.says}",
    )
