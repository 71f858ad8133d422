"""`pitstop eval 'EXPR' [--context ctx.json]`: evaluate one expression and print it as JSON."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from pitstop.errors import Location, PitstopError
from pitstop.expressions import ExpressionError, evaluate, evaluate_value
from pitstop.expressions.values import to_json

HELP = "Evaluate a GitHub Actions expression and print the result as JSON."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "expression",
        help="the expression, e.g. \"format('{0}-{1}', github.ref, matrix.python)\"; "
        "a string with ${{ }} in it is treated as a template",
    )
    parser.add_argument(
        "--context",
        metavar="CTX.JSON",
        type=Path,
        help='a JSON file holding an object of contexts, e.g. {"github": {...}, "env": {...}}',
    )


def run(args: argparse.Namespace) -> int:
    contexts = load_contexts(args.context) if args.context else {}
    text: str = args.expression
    try:
        result = evaluate_value(text, contexts) if "${{" in text else evaluate(text, contexts)
    except ExpressionError as exc:
        if exc.hint is None and exc.message.startswith("Unrecognized named-value"):
            known = ", ".join(sorted(contexts)) or "none"
            exc.hint = f"contexts come from --context CTX.JSON (known here: {known})"
        raise
    print(to_json(result))
    return 0


def load_contexts(path: Path) -> dict[str, object]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise PitstopError(
            f"cannot read the context file {path}: {exc.strerror}",
            hint="pass --context with the path of a JSON file",
        ) from None
    try:
        contexts = json.loads(text)
    except json.JSONDecodeError as exc:
        raise PitstopError(
            f"the context file is not valid JSON: {exc.msg}",
            location=Location.in_file(path, exc.lineno, exc.colno),
            hint='write one JSON object, e.g. {"github": {"ref": "refs/heads/main"}}',
        ) from None
    if not isinstance(contexts, dict):
        raise PitstopError(
            f"the context file {path} must hold a JSON object, not {type(contexts).__name__}",
            location=Location.in_file(path, 1, 1),
            hint='write one JSON object, e.g. {"github": {"ref": "refs/heads/main"}}',
        )
    return contexts
