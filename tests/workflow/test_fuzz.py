"""Random documents fed to the loader (and the planner): every failure is a positioned error."""

from __future__ import annotations

import io
import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from pitstop.errors import PitstopError
from pitstop.runner.plan import make_plan
from pitstop.workflow import load_workflow
from pitstop.workflow.schema import EVENTS, JOB_KEYS, STEP_KEYS, WORKFLOW_KEYS

VOCABULARY = sorted(
    WORKFLOW_KEYS
    | JOB_KEYS
    | STEP_KEYS
    | set(EVENTS)
    | {"matrix", "include", "exclude", "branches", "paths", "inputs", "type", "image", "a", "b"}
)
TEXTS = st.sampled_from(
    [
        "${{ github.ref }}",
        "${{ fromJSON('[1, 2]') }}",
        "${{ matrix.x",
        "${{ }}",
        "${{ 1 + }}",
        "success() && ",
        "ubuntu-latest",
        "a",
        "b",
    ]
)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 300),
    st.floats(allow_nan=False, allow_infinity=False),
    TEXTS,
    st.text(max_size=12),
)
KEYS = st.one_of(st.sampled_from(VOCABULARY), st.text(max_size=8))
DOCUMENTS = st.recursive(
    SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(KEYS, children, max_size=5)
    ),
    max_leaves=30,
)
SKELETON = st.fixed_dictionaries(
    {"on": DOCUMENTS, "jobs": st.dictionaries(KEYS, DOCUMENTS, max_size=3)},
    optional={"name": DOCUMENTS, "env": DOCUMENTS},
)


def _dump(document: object, block: bool) -> str:
    if not block:
        return json.dumps(document)
    out = io.StringIO()
    yaml = YAML()
    yaml.dump(document, out)
    return out.getvalue()


def _check(text: str) -> None:
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "wf.yml"
        path.write_text(text, encoding="utf-8")
        try:
            workflow = load_workflow(path, Path(directory))
            make_plan([workflow], root=directory)
        except PitstopError as error:
            assert error.location is not None, error.render()
            assert error.location.line >= 1 and error.location.column >= 1
            error.render()


FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(DOCUMENTS, st.booleans())
def test_random_documents(document: object, block: bool) -> None:
    _check(_dump(document, block))


@FUZZ
@given(SKELETON, st.booleans())
def test_random_workflow_shaped_documents(document: object, block: bool) -> None:
    _check(_dump(document, block))


@FUZZ
@given(st.text(alphabet=st.sampled_from(list("ab:-[]{}&*!|>'\"#,?\n\t ${}%@`")), max_size=60))
def test_random_text(text: str) -> None:
    _check(text)


@FUZZ
@given(st.text(max_size=80))
def test_random_unicode(text: str) -> None:
    _check(text)
