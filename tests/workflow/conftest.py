from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from pitstop.errors import PitstopError
from pitstop.workflow import load_workflow
from pitstop.workflow.model import Workflow

Loader = Callable[[str], Workflow]
Failer = Callable[[str], PitstopError]


@pytest.fixture
def load(tmp_path: Path) -> Loader:
    def _load(text: str) -> Workflow:
        path = tmp_path / "wf.yml"
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return load_workflow(path, tmp_path)

    return _load


@pytest.fixture
def fail(load: Loader) -> Failer:
    def _fail(text: str) -> PitstopError:
        with pytest.raises(PitstopError) as caught:
            load(text)
        error = caught.value
        assert error.location is not None
        assert error.location.file == "wf.yml"
        return error

    return _fail
