"""The `inputs` context of a `workflow_dispatch` run: `--input` values over the defaults.

As on GitHub, a `boolean` input is a boolean in `inputs` (and a string in
`github.event.inputs`), a `number` input a number; an undeclared `--input` is ignored for
that workflow, a missing required input or a value outside a `choice`'s options is an error.
"""

from __future__ import annotations

from collections.abc import Mapping

from pitstop.errors import PitstopError
from pitstop.workflow.model import Input, Workflow


def dispatch_inputs(workflow: Workflow, given: Mapping[str, object]) -> dict[str, object]:
    inputs: dict[str, object] = {}
    for name, spec in workflow.on.dispatch_inputs.items():
        if name in given:
            inputs[name] = typed(spec, str(given[name]), workflow)
        elif spec.default is not None:
            inputs[name] = typed(spec, _text(spec.default), workflow)
        elif spec.required:
            raise PitstopError(
                f"{workflow.file_name}: the required workflow_dispatch input {name!r} is not given",
                hint=f"pass --input {name}=VALUE",
            )
        else:
            inputs[name] = False if spec.type == "boolean" else ""
    return inputs


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def typed(spec: Input, text: str, workflow: Workflow) -> object:
    if spec.type == "boolean":
        if text.lower() not in ("true", "false"):
            raise _invalid(spec, text, workflow, "true or false")
        return text.lower() == "true"
    if spec.type == "number":
        try:
            number = float(text)
        except ValueError:
            raise _invalid(spec, text, workflow, "a number") from None
        return int(number) if number.is_integer() else number
    if spec.type == "choice" and spec.options and text not in spec.options:
        raise _invalid(spec, text, workflow, "one of " + ", ".join(spec.options))
    return text


def _invalid(spec: Input, text: str, workflow: Workflow, expected: str) -> PitstopError:
    return PitstopError(
        f"{workflow.file_name}: input {spec.name!r} is {text!r}, expected {expected}",
        hint=f"pass --input {spec.name}=VALUE with a valid value",
    )
