"""The seam between a job and its steps: frozen scope in, frozen changes out."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from pitstop.actions.base import Annotation
from pitstop.errors import Location, PitstopError
from pitstop.runner.masking import Masker
from pitstop.runner.run_state import Outcome
from pitstop.runner.step_io import Contexts, StepChanges, StepScope, error_annotation
from pitstop.workflow.loader import load_workflow


def scope(tmp_path: Path) -> StepScope:
    path = tmp_path / "ci.yml"
    path.write_text(
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: x\n"
    )
    workflow = load_workflow(path, tmp_path)
    contexts = Contexts.of({"github": {"sha": "abc"}, "steps": {}})
    return StepScope(
        contexts=contexts,
        job_contexts=contexts,
        env={"A": "1"},
        path=("/one",),
        home_env={},
        failed=False,
        halted=None,
        workspace=tmp_path / "workspace",
        temp=tmp_path / "temp",
        files_dir=tmp_path / "files",
        workflow=workflow,
        job=workflow.jobs["a"],
    )


def test_contexts_are_copies_taken_when_the_step_starts() -> None:
    steps: dict[str, object] = {}
    contexts = Contexts.of({"steps": steps, "env": {"A": "1"}})
    steps["later"] = {"outcome": "success"}
    assert contexts.steps == {}
    assert contexts.as_dict()["env"] == {"A": "1"}
    assert contexts.as_dict()["matrix"] == {}  # every context is there, empty when absent
    with pytest.raises(dataclasses.FrozenInstanceError):
        contexts.steps = {}  # type: ignore[misc]


def test_changes_follow_one_another_as_the_job_would_apply_them() -> None:
    first = StepChanges(env={"A": "1", "B": "1"}, path=("/a",), notes=("one",), halted="gap")
    later = StepChanges(
        step_id="s",
        outcome=Outcome.FAILURE,
        conclusion=Outcome.SUCCESS,
        env={"B": "2"},
        path=("/b",),
        notes=("two",),
        summary="## s\n",
        failed=True,
    )
    both = first.then(later)
    assert both.env == {"A": "1", "B": "2"}
    assert both.path == ("/a", "/b")
    assert both.notes == ("one", "two")
    assert (both.halted, both.failed, both.step_id) == ("gap", True, "s")
    assert both.steps_entry() == {"outputs": {}, "outcome": "failure", "conclusion": "success"}
    assert json.dumps(both.steps_entry()["outcome"]) == '"failure"'


def test_a_composite_action_passes_on_its_steps_effects_but_not_their_results() -> None:
    inner = StepChanges(
        step_id="inner",
        outcome=Outcome.FAILURE,
        conclusion=Outcome.FAILURE,
        outputs={"x": "1"},
        env={"A": "1"},
        annotations=(Annotation("error", "boom"),),
        failed=True,
    )
    passed = inner.effects()
    assert (passed.step_id, passed.outputs, passed.failed) == (None, {}, False)
    assert passed.env == {"A": "1"} and passed.annotations == inner.annotations


def test_the_scope_after_a_step_sees_its_env_path_failure_and_halt(tmp_path: Path) -> None:
    before = scope(tmp_path)
    changes = StepChanges(env={"B": "2"}, path=("/two", "/one"), failed=True, halted="no 3.14")
    after = before.after(changes)
    assert after.env == {"A": "1", "B": "2"}
    assert after.path == ("/two", "/one")  # a re-added directory moves last (GitHub's order)
    assert (after.failed, after.halted) == (True, "no 3.14")
    assert before.env == {"A": "1"} and not before.failed  # the scope itself never changes


def test_an_error_annotation_points_at_the_error_and_masks_it() -> None:
    masker = Masker()
    masker.add("hunter2")
    error = PitstopError(
        "bad hunter2", location=Location.in_file("a.yml", 3, 1), hint="not hunter2"
    )
    annotation, lines = error_annotation(masker, "ci.yml", error.message, error)
    assert (annotation.file, annotation.line) == ("a.yml", 3)
    assert annotation.message == "bad ***" and annotation.hint == "not ***"
    assert lines == ["##[error]bad ***", "  = hint: not ***"]
    plain, plain_lines = error_annotation(masker, "ci.yml", "failed", None)
    assert (plain.file, plain.line, plain_lines) == ("ci.yml", None, ["##[error]failed"])
