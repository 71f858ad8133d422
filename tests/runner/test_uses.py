"""`uses:` through the plug-in seam: a stand-in registered in ACTIONS, errors for the rest."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import ClassVar

import pytest

from pitstop import cli
from pitstop.actions.base import ActionCall, ActionResult, Annotation, JobStatus
from pitstop.actions.registry import ACTIONS
from tests.scenarios.test_scenarios import make_repo


class Greeter:
    INPUTS = ("who",)
    post_statuses: ClassVar[list[str]] = []

    def run(self, call: ActionCall) -> ActionResult:
        code = call.run_command(["sh", "-c", f"echo hello {call.inputs['who']}"])
        call.log("a line from the stand-in")
        result = ActionResult(
            outputs={"greeting": f"hello {call.inputs['who']}", "code": str(code)},
            env={"GREETED": "yes"},
            path=["/opt/greeter/bin"],
            summary="## greeted\n",
            notes=["not verified (offline): greeting"],
        )

        def post(status: JobStatus) -> ActionResult | None:
            Greeter.post_statuses.append(status)
            return ActionResult(conclusion="failure", notes=["post ran"])

        result.post = post
        return result


class Failing:
    INPUTS = ()

    def run(self, call: ActionCall) -> ActionResult:
        return ActionResult(conclusion="failure")


class Annotating:
    INPUTS = ()

    def run(self, call: ActionCall) -> ActionResult:
        return ActionResult(
            conclusion="failure", annotations=[Annotation("error", "lint found 3 problems")]
        )


class Sleeper:
    INPUTS = ()

    def run(self, call: ActionCall) -> ActionResult:
        call.run_command(["sleep", "30"])
        return ActionResult()


class Crashing:
    INPUTS = ()

    def run(self, call: ActionCall) -> ActionResult:
        def post(status: JobStatus) -> None:
            raise RuntimeError("boom")

        return ActionResult(post=post)


WORKFLOW = """
on: push
jobs:
  greet:
    runs-on: ubuntu-latest
    outputs:
      greeting: ${{ steps.g.outputs.greeting }}
      seen: ${{ steps.after.outputs.seen }}
    steps:
      - id: g
        uses: test/greeter@v1
        with:
          who: pitstop
      - id: after
        run: echo "seen=$GREETED:$(echo "$PATH" | cut -d':' -f1)" >> "$GITHUB_OUTPUT"
  failing:
    runs-on: ubuntu-latest
    steps:
      - uses: test/failing@v1
  annotating:
    runs-on: ubuntu-latest
    steps:
      - uses: test/annotating@v1
  sleeping:
    runs-on: ubuntu-latest
    timeout-minutes: 0.02
    steps:
      - uses: test/sleeper@v1
  crashing:
    runs-on: ubuntu-latest
    steps:
      - uses: test/crashing@v1
  step-timeout:
    runs-on: ubuntu-latest
    steps:
      - uses: test/sleeper@v1
        timeout-minutes: 0.01
"""


def test_stand_ins_run_through_the_seam(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for key, action in {
        "test/greeter": Greeter(),
        "test/failing": Failing(),
        "test/annotating": Annotating(),
        "test/sleeper": Sleeper(),
        "test/crashing": Crashing(),
    }.items():
        monkeypatch.setitem(ACTIONS, key, action)
    source = tmp_path / "source" / ".github" / "workflows"
    source.mkdir(parents=True)
    (source / "ci.yml").write_text(textwrap.dedent(WORKFLOW))
    repo = make_repo(tmp_path / "source", tmp_path / "repo")
    result = tmp_path / "result.json"
    run_dir = tmp_path / "run"
    argv = ["run", "-C", str(repo), "--run-dir", str(run_dir), "--json", str(result)]
    assert cli.main([*argv, "--keep-going"]) == 1
    out = capsys.readouterr().out
    jobs = {job["id"]: job for job in json.loads(result.read_text())["jobs"]}
    greet = jobs["greet"]
    assert greet["outputs"] == {"greeting": "hello pitstop", "seen": "yes:/opt/greeter/bin"}
    assert greet["result"] == "failure"  # its post step failed
    assert "not verified (offline): greeting" in greet["notes"] and "post ran" in greet["notes"]
    assert Greeter.post_statuses == ["success"]
    assert "hello pitstop" in out and "a line from the stand-in" in out
    assert (run_dir / "summaries" / "ci-greet.md").read_text() == "## greeted\n"
    assert jobs["failing"]["annotations"][0]["message"] == "test/failing failed"
    assert jobs["annotating"]["annotations"][0]["message"] == "lint found 3 problems"
    assert jobs["sleeping"]["result"] == "failure"
    assert jobs["sleeping"]["steps"][0]["outcome"] == "cancelled"
    assert "boom" in jobs["crashing"]["annotations"][0]["message"]
    timed_out = jobs["step-timeout"]
    assert timed_out["steps"][0]["outcome"] == "failure"
    assert "timed out after 0.01 minutes" in timed_out["annotations"][0]["message"]
