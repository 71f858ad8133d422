from __future__ import annotations

from types import MappingProxyType

import pytest

from pitstop.errors import PitstopError
from pitstop.runner.inputs import dispatch_inputs
from pitstop.workflow.model import EventFilter, Input, Triggers, Workflow


def workflow(*inputs: Input) -> Workflow:
    triggers = Triggers(
        events=MappingProxyType({"workflow_dispatch": EventFilter()}),
        dispatch_inputs=MappingProxyType({i.name: i for i in inputs}),
    )
    return Workflow(".github/workflows/deploy.yml", triggers, MappingProxyType({}))


def test_values_are_typed_and_defaults_fill_in() -> None:
    flow = workflow(
        Input("dry", "boolean", default=True),
        Input("count", "number", default=2),
        Input("ratio", "number"),
        Input("where", "choice", options=("staging", "production"), default="staging"),
        Input("note"),
        Input("force", "boolean"),
    )
    assert dispatch_inputs(flow, {"ratio": "0.5", "where": "production"}) == {
        "dry": True,
        "count": 2,
        "ratio": 0.5,
        "where": "production",
        "note": "",
        "force": False,
    }


@pytest.mark.parametrize(
    ("spec", "given", "message"),
    [
        (Input("target", required=True), {}, "required workflow_dispatch input 'target'"),
        (Input("dry", "boolean"), {"dry": "maybe"}, "expected true or false"),
        (Input("n", "number"), {"n": "many"}, "expected a number"),
        (Input("env", "choice", options=("a", "b")), {"env": "c"}, "expected one of a, b"),
    ],
)
def test_bad_inputs_are_clear_errors(spec: Input, given: dict[str, object], message: str) -> None:
    with pytest.raises(PitstopError, match=message):
        dispatch_inputs(workflow(spec), given)
