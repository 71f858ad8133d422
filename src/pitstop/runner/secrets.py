"""Where `secrets`, `vars` and `inputs` come from on the command line.

Secrets are merged from three sources; a name given in a stronger source wins:
1. `--secret NAME=VALUE` flags (strongest; a later flag wins over an earlier one),
2. `--secret-file FILE` files in dotenv format (a later file wins over an earlier one),
3. `PITSTOP_SECRET_<NAME>` variables in pitstop's own environment (weakest).

The dotenv format: one `NAME=VALUE` per line; blank lines and `#` comments are skipped; an
optional `export ` prefix; spaces around `=` are ignored; values may be unquoted (trailing
spaces and a ` # comment` dropped), 'single-quoted' (taken literally) or "double-quoted"
(`\\n`, `\\r`, `\\t`, `\\"`, `\\\\` and `\\$` are escapes); quoted values may span lines.

Every error quotes the offending line with the value replaced by `***`, so a typo in a
secret file never prints the secret.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from pitstop.errors import Location, PitstopError
from pitstop.github.assignments import VARIABLE_NAME, parse_assignments

ENV_PREFIX = "PITSTOP_SECRET_"
_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "\\": "\\", "$": "$"}


def load_secrets(
    flags: Sequence[str], files: Sequence[Path], environ: Mapping[str, str]
) -> dict[str, str]:
    """The secrets of a run: flags over files over `PITSTOP_SECRET_*` variables."""
    merged = secrets_from_environ(environ)
    for path in files:
        merged.update(parse_dotenv(path))
    merged.update(parse_assignments(flags, "--secret", redact=True))
    return merged


def secrets_from_environ(environ: Mapping[str, str]) -> dict[str, str]:
    """`PITSTOP_SECRET_TOKEN=x` gives the secret `TOKEN`."""
    found = {}
    for key, value in environ.items():
        name = key[len(ENV_PREFIX) :]
        if key.startswith(ENV_PREFIX) and VARIABLE_NAME.pattern.fullmatch(name):
            found[name] = value
    return found


def _redacted(line: str) -> str:
    """The line with everything after the name (and `=`) replaced by `***`."""
    match = re.match(r"\s*(export\s+)?[A-Za-z0-9_.-]*\s*=?", line)
    head = match.group(0) if match else ""
    return head + "***" if len(head) < len(line) else head


@dataclass
class _Scanner:
    """A cursor over a dotenv text, for errors with the right line and column."""

    text: str
    filename: str
    index: int = 0
    assignment_line: int = 0

    def position(self, index: int) -> tuple[int, int, str]:
        start = self.text.rfind("\n", 0, index) + 1
        end = self.text.find("\n", index)
        line = self.text[start : end if end >= 0 else len(self.text)]
        return self.text.count("\n", 0, index) + 1, index - start + 1, line

    def error(self, message: str, index: int, hint: str) -> PitstopError:
        number, column, line = self.position(index)
        # A later line of a multi-line value is all value: hide it whole.
        quoted = _redacted(line) if number == self.assignment_line else "***"
        location = Location(self.filename, number, column, quoted)
        return PitstopError(f"{self.filename}: {message}", location=location, hint=hint)


def parse_dotenv(path: Path) -> dict[str, str]:
    """Read a `--secret-file`; a missing or unreadable file is a PitstopError."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise PitstopError(
            f"cannot read secret file {path}: {error}", hint="pass an existing UTF-8 file"
        ) from None
    return parse_dotenv_text(text, str(path))


_ASSIGNMENT = re.compile(r"[ \t]*(?:export[ \t]+)?(?P<name>[^=\s#]*)[ \t]*(?P<eq>=?)[ \t]*")


def parse_dotenv_text(text: str, filename: str = "<secret file>") -> dict[str, str]:
    scanner = _Scanner(text.replace("\r\n", "\n"), filename)
    result: dict[str, str] = {}
    while scanner.index < len(scanner.text):
        line_end = _line_end(scanner.text, scanner.index)
        stripped = scanner.text[scanner.index : line_end].strip()
        if not stripped or stripped.startswith("#"):
            scanner.index = line_end + 1
            continue
        name, value = _assignment(scanner)
        result[name] = value
    return result


def _line_end(text: str, index: int) -> int:
    end = text.find("\n", index)
    return end if end >= 0 else len(text)


def _assignment(scanner: _Scanner) -> tuple[str, str]:
    scanner.assignment_line = scanner.position(scanner.index)[0]
    match = _ASSIGNMENT.match(scanner.text, scanner.index)
    assert match is not None  # every part of the pattern is optional
    name = match.group("name")
    if not VARIABLE_NAME.pattern.fullmatch(name):
        raise scanner.error(
            f"invalid name {name!r}" if name else "missing name",
            match.start("name"),
            "a name is letters, digits and underscores, not starting with a digit",
        )
    if not match.group("eq"):
        raise scanner.error("expected NAME=VALUE", match.end("name"), "add `=` after the name")
    scanner.index = match.end()
    return name, _value(scanner)


def _value(scanner: _Scanner) -> str:
    text, start = scanner.text, scanner.index
    quote = text[start : start + 1]
    if quote in ("'", '"'):
        value, after = _quoted(scanner, quote)
        _expect_line_end(scanner, after)
        return value
    end = _line_end(text, start)
    raw = text[start:end]
    comment = re.search(r"\s#", raw)
    scanner.index = end + 1
    return (raw[: comment.start()] if comment else raw).rstrip()


def _quoted(scanner: _Scanner, quote: str) -> tuple[str, int]:
    text, index = scanner.text, scanner.index + 1
    out: list[str] = []
    while index < len(text):
        char = text[index]
        if char == quote:
            return "".join(out), index + 1
        if quote == '"' and char == "\\" and index + 1 < len(text):
            following = text[index + 1]
            out.append(_ESCAPES.get(following, "\\" + following))
            index += 2
            continue
        out.append(char)
        index += 1
    raise scanner.error(
        f"unterminated {quote}quoted{quote} value",
        scanner.index,
        f"close the value with {quote}",
    )


def _expect_line_end(scanner: _Scanner, index: int) -> None:
    end = _line_end(scanner.text, index)
    rest = scanner.text[index:end].strip()
    if rest and not rest.startswith("#"):
        raise scanner.error(
            "unexpected text after the closing quote",
            index,
            "put a comment after `#`, or quote the whole value",
        )
    scanner.index = end + 1
