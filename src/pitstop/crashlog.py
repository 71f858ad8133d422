"""The crash log of an internal error (exit 3): masked, private, never a secret in clear.

The traceback, the exception text and the command line are masked with every secret pitstop
can know of at that point: `--secret NAME=VALUE` values on the command line (even before they
were parsed), `PITSTOP_SECRET_*` variables, and whatever a running command registered with
`register` (the run's masker, with `--secret-file` values and `::add-mask::` values). The file
is created with mode 0600 in a folder of mode 0700.
"""

from __future__ import annotations

import datetime as dt
import os
import traceback
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from pitstop.runner.masking import Masker
from pitstop.runner.secrets import ENV_PREFIX

Mask = Callable[[str], str]
_REGISTERED: list[Mask] = []


def register(mask: Mask) -> None:
    """Have crash logs (and the crash message) masked by `mask` too; it replaces the mask an
    earlier command in this process registered."""
    _REGISTERED[:] = [mask]


def argv_secrets(argv: Sequence[str]) -> list[str]:
    """The values of `--secret NAME=VALUE` / `--secret=NAME=VALUE` (argparse's prefixes too)."""
    values: list[str] = []
    for index, word in enumerate(argv):
        option, equals, inline = word.partition("=")
        if len(option) < 4 or not "--secret".startswith(option):
            continue
        given = inline if equals else (argv[index + 1] if index + 1 < len(argv) else "")
        _, sep, value = given.partition("=")
        values.append(value if sep else given)
    return values


def masker_for(argv: Sequence[str], environ: Mapping[str, str]) -> Mask:
    known = Masker(
        [*argv_secrets(argv), *(v for k, v in environ.items() if k.startswith(ENV_PREFIX))]
    )

    def mask(text: str) -> str:
        text = known.mask(text)
        for registered in _REGISTERED:
            text = registered(text)
        return text

    return mask


def write(exc: BaseException, directory: Path, header: str, mask: Mask) -> Path:
    """Write the masked traceback to a new 0600 file in `directory`; its path."""
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%f")
    path = directory / f"crash-{stamp}.log"
    text = mask(f"{header}\n\n" + "".join(traceback.format_exception(exc)))
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    with open(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    return path
