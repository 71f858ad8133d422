"""The `pitstop` command line: a table of subcommands and the error convention.

Exit codes: 0 success, 1 user error (a PitstopError, or a red result), 3 internal error
(a log file is written and its path printed), 130 interrupted.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType

import platformdirs

from pitstop import __version__
from pitstop.commands import check, init, pins, protect, prove, run
from pitstop.commands import eval as eval_command
from pitstop.errors import PitstopError

# Each command module has `HELP: str`, `add_arguments(parser)` and `run(args) -> int`.
COMMANDS: dict[str, ModuleType] = {
    "eval": eval_command,
    "run": run,
    "init": init,
    "check": check,
    "pins": pins,
    "protect": protect,
    "prove": prove,
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pitstop",
        description="Give a Django project a hardened GitHub Actions CI/CD pipeline, "
        "run it locally without Docker, and prove that every gate can turn red.",
    )
    parser.add_argument("--version", action="version", version=f"pitstop {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name, module in COMMANDS.items():
        command_parser = sub.add_parser(name, help=module.HELP, description=module.HELP)
        module.add_arguments(command_parser)
        command_parser.set_defaults(handler=module.run)
    return parser


def log_dir() -> Path:
    return Path(platformdirs.user_log_dir("pitstop"))


def write_crash_log(exc: BaseException) -> Path:
    """Write the traceback of an unexpected error to a log file and return its path."""
    directory = log_dir()
    directory.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%f")
    path = directory / f"crash-{stamp}.log"
    text = "".join(traceback.format_exception(exc))
    path.write_text(f"pitstop {__version__}\nargv: {sys.argv!r}\n\n{text}", encoding="utf-8")
    return path


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        return handler(args)
    except PitstopError as exc:
        print(exc.render(), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("pitstop: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:
        path = write_crash_log(exc)
        print(
            f"pitstop: internal error: {type(exc).__name__}: {exc}\n"
            f"  the full traceback is in {path}\n"
            "  please report it with that file attached",
            file=sys.stderr,
        )
        return 3
