"""A local action's metadata file (`action.yml` or `action.yaml`) as a frozen record.

Only what the runner reads: `runs.using`, a composite action's `runs.steps` (parsed like a
job's steps), the declared `inputs.<name>.default` and `outputs.<name>.value`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from pitstop.errors import Location, PitstopError
from pitstop.workflow.loader import _step
from pitstop.workflow.model import Position, Step, Value
from pitstop.workflow.shape import Shape, raw
from pitstop.workflow.yaml import MapNode, Node, read_yaml

COMPOSITE = "composite"


@dataclass(frozen=True)
class ActionManifest:
    path: Path
    using: Value  # `runs.using` as written (None when absent)
    steps: tuple[Step, ...]  # a composite action's `runs.steps` (empty for other kinds)
    input_defaults: Mapping[str, Value]
    output_values: Mapping[str, Value]


def action_file(workspace: Path, uses: str, position: Position) -> Path:
    """The metadata file of `uses: ./path` in `workspace`."""
    directory = workspace / uses.split("@", 1)[0]
    for name in ("action.yml", "action.yaml"):
        if (directory / name).is_file():
            return directory / name
    raise PitstopError(
        f"no action.yml or action.yaml in {uses}",
        location=Location.in_file(position.file, position.line, position.column),
        hint="a local action path is relative to the repository root, e.g. ./.github/actions/x",
    )


def load_action(path: Path, display: str) -> ActionManifest:
    """Read `path`; the steps are parsed only for a composite action."""
    source, document = read_yaml(path, display)
    shape = Shape(source)
    table = shape.mapping(document, "an action")
    runs = shape.mapping(table.get("runs") or table, "'runs'")
    using = _raw(runs.get("using"))
    steps: tuple[Step, ...] = ()
    steps_node = runs.get("steps")
    if using == COMPOSITE and steps_node is not None:
        items = shape.sequence(steps_node, "'runs.steps'").items
        steps = tuple(_step(shape, index, item) for index, item in enumerate(items))
    return ActionManifest(
        path=path,
        using=using,
        steps=steps,
        input_defaults=_declared(table, "inputs", "default"),
        output_values=_declared(table, "outputs", "value"),
    )


def _raw(node: Node | None) -> Value:
    return None if node is None else raw(node)


def _declared(table: MapNode, key: str, field: str) -> dict[str, Value]:
    """`inputs.<name>.default` or `outputs.<name>.value`, by name."""
    declared = _raw(table.get(key))
    found: dict[str, Value] = {}
    if isinstance(declared, Mapping):
        for name, spec in declared.items():
            found[name] = spec.get(field) if isinstance(spec, Mapping) else None
    return found
