"""The `pitstop` command line: a table of subcommands and the error convention.

Exit codes: 0 success, 1 user error (a PitstopError, or a red result), 3 internal error
(a log file is written and its path printed), 130 interrupted.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType

import platformdirs

from pitstop import __version__, crashlog
from pitstop.errors import PitstopError
from pitstop.interrupts import terminate_like_ctrl_c

# Each command module has `HELP: str`, `add_arguments(parser)` and `run(args) -> int`.
# Modules are imported only when needed, so that `pitstop run` does not pay for `check`.
COMMANDS: dict[str, str] = {
    "init": "pitstop.commands.init",
    "check": "pitstop.commands.check",
    "run": "pitstop.commands.run",
    "prove": "pitstop.commands.prove",
    "report": "pitstop.commands.report",
    "eval": "pitstop.commands.eval",
    "pins": "pitstop.commands.pins",
    "protect": "pitstop.commands.protect",
}


def load_command(name: str) -> ModuleType:
    return importlib.import_module(COMMANDS[name])


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser; with `argv` naming a command, only that command's module is imported."""
    parser = argparse.ArgumentParser(
        prog="pitstop",
        description="Give a Django project a hardened GitHub Actions CI/CD pipeline, "
        "run it locally without Docker, and prove that every gate can turn red.",
    )
    parser.add_argument("--version", action="version", version=f"pitstop {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    words = [word for word in (argv or ()) if not word.startswith("-")][:1]
    names = words if words and words[0] in COMMANDS else list(COMMANDS)
    for name in names:
        module = load_command(name)
        command_parser = sub.add_parser(name, help=module.HELP, description=module.HELP)
        module.add_arguments(command_parser)
        command_parser.set_defaults(handler=module.run)
    return parser


def log_dir() -> Path:
    return Path(platformdirs.user_log_dir("pitstop"))


def write_crash_log(exc: BaseException, argv: Sequence[str] | None = None) -> Path:
    """Write the traceback of an unexpected error (masked, mode 0600); its path."""
    words = sys.argv if argv is None else argv
    mask = crashlog.masker_for(words, os.environ)
    header = f"pitstop {__version__}\nargv: {list(words)!r}"
    return crashlog.write(exc, log_dir(), header, mask)


def main(argv: Sequence[str] | None = None) -> int:
    words = sys.argv[1:] if argv is None else list(argv)
    args = build_parser(words).parse_args(words)
    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        with terminate_like_ctrl_c():
            return handler(args)
    except PitstopError as exc:
        print(exc.render(), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("pitstop: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:
        path = write_crash_log(exc, ["pitstop", *words])
        mask = crashlog.masker_for(words, os.environ)
        print(
            f"pitstop: internal error: {type(exc).__name__}: {mask(str(exc))}\n"
            f"  the full traceback is in {path}\n"
            "  please report it with that file attached",
            file=sys.stderr,
        )
        return 3
