"""Where `secrets`, `vars` and `inputs` come from on the command line.

Secrets are merged from three sources; a name given in a stronger source wins:
1. `--secret NAME=VALUE` flags (strongest; a later flag wins over an earlier one),
2. `--secret-file FILE` files in dotenv format (a later file wins over an earlier one),
3. `PITSTOP_SECRET_<NAME>` variables in pitstop's own environment (weakest).

A `--secret-file` is a dotenv file, read by python-dotenv's parser (`KEY=value`, `export `,
`# comments`, 'single' and "double" quotes, values over several lines), as act reads its
`--secret-file` (with godotenv). One difference, on purpose: no `$VAR` / `${VAR}` expansion. A
secret on GitHub is stored as typed, so a password holding `$` reaches the job unchanged.
Names follow GitHub's rule for secret names.

Every error names the file and the line and quotes it with the value replaced by `***`, so a
typo in a secret file never prints the secret.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping, Sequence
from pathlib import Path

from dotenv.parser import Binding, parse_stream

from pitstop.errors import Location, PitstopError
from pitstop.github.assignments import VARIABLE_NAME, parse_assignments

ENV_PREFIX = "PITSTOP_SECRET_"


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
    match = re.match(r"\s*(export\s+)?[A-Za-z0-9_.'-]*\s*=?", line)
    head = match.group(0) if match else ""
    return head + "***" if len(head) < len(line) else head


def parse_dotenv(path: Path) -> dict[str, str]:
    """Read a `--secret-file`; a missing or unreadable file is a PitstopError."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise PitstopError(
            f"cannot read secret file {path}: {error}", hint="pass an existing UTF-8 file"
        ) from None
    return parse_dotenv_text(text, str(path))


def parse_dotenv_text(text: str, filename: str = "<secret file>") -> dict[str, str]:
    result: dict[str, str] = {}
    for binding in parse_stream(io.StringIO(text)):
        if binding.error:
            raise _error(
                binding,
                filename,
                "cannot read this line as NAME=VALUE",
                "quote a value that holds spaces and a #, or spans lines, and close the quote; "
                "put a comment after `#`",
            )
        if binding.key is None:  # a blank line or a comment
            continue
        if not VARIABLE_NAME.pattern.fullmatch(binding.key):
            raise _error(
                binding,
                filename,
                f"invalid name {binding.key!r}",
                "a name is letters, digits and underscores, not starting with a digit",
            )
        if binding.value is None:
            raise _error(binding, filename, "expected NAME=VALUE", "add `=` after the name")
        result[binding.key] = binding.value
    return result


def _error(binding: Binding, filename: str, message: str, hint: str) -> PitstopError:
    """An error at the statement's first line, its value hidden."""
    statement = binding.original.string
    body = statement.lstrip()
    # python-dotenv's line is where it began reading: before the blank lines that precede
    skipped = statement[: len(statement) - len(body)]
    line = binding.original.line + len(re.findall(r"\r\n|\n|\r", skipped))
    first = body.splitlines()[0] if body else ""
    location = Location(filename, line, 1, _redacted(first))
    return PitstopError(f"{filename}: {message}", location=location, hint=hint)
