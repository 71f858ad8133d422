"""`pitstop pins`: the table of actions the generated workflows use, pinned by commit SHA."""

from __future__ import annotations

import argparse

from pitstop.generate.pins import table_text

HELP = "print the pinned action commits used by generated workflows"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    del parser


def run(args: argparse.Namespace) -> int:
    del args
    print(table_text())
    return 0
