from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from pitstop.errors import PitstopError
from pitstop.runner.keys import JobKey
from pitstop.runner.plan import make_plan, select_jobs, stages
from pitstop.workflow import load_workflow
from pitstop.workflow.model import Workflow

CI = """\
on: push
jobs:
  lint:
    runs-on: x
    steps: [{run: echo}]
  test:
    needs: lint
    runs-on: x
    strategy:
      matrix:
        python: ['3.12', '3.13']
        db: [postgres]
    steps: [{run: echo}]
  build:
    needs: lint
    runs-on: x
    steps: [{run: echo}]
  deploy:
    name: Deploy ${{ github.ref }}
    needs: [test, build]
    runs-on: x
    steps: [{run: echo}]
  docs:
    runs-on: x
    steps: [{run: echo}]
"""


def _load(tmp_path: Path, text: str, name: str = "ci.yml") -> Workflow:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return load_workflow(path, tmp_path)


def test_cells_and_stages(tmp_path: Path) -> None:
    plan = make_plan([_load(tmp_path, CI)], {"github": {"ref": "refs/heads/main"}})
    names = [cell.display_name for cell in plan.cells]
    assert names == [
        "lint",
        "test (3.12, postgres)",
        "test (3.13, postgres)",
        "build",
        "Deploy refs/heads/main",
        "docs",
    ]
    assert [[cell.display_name for cell in stage] for stage in plan.stages] == [
        ["lint", "docs"],
        ["test (3.12, postgres)", "test (3.13, postgres)", "build"],
        ["Deploy refs/heads/main"],
    ]
    test_cells = plan.cells_of("ci.yml", "test")
    assert [cell.index for cell in test_cells] == [0, 1]
    assert dict(test_cells[1].matrix) == {"python": "3.13", "db": "postgres"}
    assert test_cells[0].needs == ("lint",) and test_cells[0].key == JobKey("ci.yml", "test")


def test_dash_j_selects_the_job_and_everything_it_needs(tmp_path: Path) -> None:
    workflow = _load(tmp_path, CI)
    plan = make_plan([workflow], jobs=["deploy"])
    assert sorted({cell.job for cell in plan.cells}) == ["build", "deploy", "lint", "test"]
    assert select_jobs([workflow], ["lint"]) == {JobKey("ci.yml", "lint")}


def test_dash_j_with_an_unknown_job_suggests_one(tmp_path: Path) -> None:
    with pytest.raises(PitstopError, match="no job 'deplo'") as caught:
        make_plan([_load(tmp_path, CI)], jobs=["deplo"])
    assert caught.value.hint == "did you mean 'deploy'?"


def test_workflows_are_independent_in_stages(tmp_path: Path) -> None:
    first = _load(tmp_path, CI)
    second = _load(
        tmp_path, "on: push\njobs:\n  lint:\n    runs-on: x\n    steps: [{run: x}]\n", "b.yml"
    )
    plan = make_plan([first, second])
    assert [cell.workflow for cell in plan.stages[0]] == ["ci.yml", "ci.yml", "b.yml"]


def test_a_matrix_over_needs_is_deferred(tmp_path: Path) -> None:
    text = CI + textwrap.indent(
        "late:\n  needs: lint\n  runs-on: x\n"
        "  strategy: {matrix: {v: '${{ fromJSON(needs.lint.outputs.v) }}'}}\n"
        "  steps: [{run: x}]\n",
        "  ",
    )
    plan = make_plan([_load(tmp_path, text)])
    (late,) = plan.cells_of("ci.yml", "late")
    assert late.deferred and late.display_name == "late" and dict(late.matrix) == {}


def test_a_bad_matrix_is_reported_at_its_job(tmp_path: Path) -> None:
    text = "on: push\njobs:\n  big:\n    runs-on: x\n    strategy:\n      matrix:\n"
    text += "        a: [" + ", ".join(str(n) for n in range(300)) + "]\n    steps: [{run: x}]\n"
    workflow = _load(tmp_path, text)
    with pytest.raises(PitstopError, match="job 'big': the matrix produces 300") as caught:
        make_plan([workflow], root=str(tmp_path))
    location = caught.value.location
    assert location is not None and (location.file, location.line) == ("ci.yml", 4)
    assert location.source_line == "    runs-on: x"


def test_stages_of_nothing() -> None:
    assert stages([]) == ()
