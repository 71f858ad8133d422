"""pitstop's own workflow model and expression checks (the loader the runner uses)."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from pitstop.checks.base import Finding, Inputs, Result
from pitstop.errors import PitstopError

NAME = "model"


def _loader() -> Callable[[Any], object] | None:
    try:
        module = importlib.import_module("pitstop.workflow.loader")
    except ModuleNotFoundError:
        return None
    load: Callable[[Any], object] | None = getattr(module, "load_workflow", None)
    return load


def run(inputs: Inputs) -> Result:
    load = _loader()
    if load is None:
        return Result(NAME, not_checked="pitstop's workflow loader is not available in this build")
    findings = []
    for name in inputs.workflows:
        try:
            load(inputs.root / name)
        except PitstopError as exc:
            loc = exc.location
            line, column = (loc.line, loc.column) if loc else (1, 1)
            findings.append(Finding(NAME, name, line, column, exc.message))
    return Result(NAME, tuple(findings), files=len(inputs.workflows))
