from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from pitstop.checks import base
from tests.conftest import PIP_PROJECT, SHAPES, Files, make_repo, pitstop

GOOD = """\
name: good
on: push
permissions: {}
jobs:
  a:
    runs-on: ubuntu-24.04
    timeout-minutes: 5
    permissions: {}
    steps:
      - run: echo ok
"""


def with_workflow(root: Path, text: str, name: str = "extra.yml") -> Path:
    path = root / ".github/workflows" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def findings_on(out: str, file: str, line: int) -> list[str]:
    return [f for f in out.splitlines() if f.startswith(f".github/workflows/{file}:{line}:")]


def summary_line(out: str, check: str) -> str:
    return next(line for line in out.splitlines() if line.startswith(f"{check} "))


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_init_then_check_has_zero_findings(project: Callable[[Files], Path], shape: str) -> None:
    root = project(SHAPES[shape])
    pitstop("init", "--no-preflight", root).assert_success()
    done = pitstop("check", root)
    done.assert_success()
    assert done.out.rstrip().endswith("0 finding(s)")
    for check in ("schema", "model", "pinning", "zizmor", "drift"):
        assert summary_line(done.out, check).split()[1] == "ok", done.out


def test_the_reference_project_has_zero_findings(tmp_path: Path) -> None:
    source = Path(__file__).parents[2] / "examples" / "taskboard"
    if not source.is_dir():
        pytest.skip("examples/taskboard is not merged in this checkout")
    root = tmp_path / "taskboard"
    shutil.copytree(source, root, ignore=shutil.ignore_patterns(".github", "node_modules"))
    make_repo(root, {})
    pitstop("init", "--no-preflight", root).assert_success()
    done = pitstop("check", root)
    done.assert_success()
    assert "zizmor      ok" in done.out


def test_template_injection_is_a_zizmor_finding_at_file_line(
    project: Callable[[Files], Path],
) -> None:
    root = project(PIP_PROJECT)
    with_workflow(root, GOOD.replace("echo ok", 'echo "${{ github.event.head_commit.message }}"'))
    done = pitstop("check", root)
    assert done.code == 1
    [finding] = findings_on(done.out, "extra.yml", 10)
    assert "zizmor:template-injection" in finding
    assert "actionlint:expression" in finding  # the same problem, one finding


def test_schema_violation_is_found_at_its_line(project: Callable[[Files], Path]) -> None:
    root = project(PIP_PROJECT)
    with_workflow(
        root, GOOD.replace("      - run: echo ok", "      - run: echo ok\n        bogus: 1")
    )
    done = pitstop("check", root)
    assert done.code == 1
    [finding] = findings_on(done.out, "extra.yml", 11)
    assert finding.startswith(".github/workflows/extra.yml:11:9: [actionlint:syntax-check, ")
    assert ", model, schema] " in finding
    assert summary_line(done.out, "schema").split()[1] == "1"


def test_unknown_event_is_one_finding_from_three_checks(project: Callable[[Files], Path]) -> None:
    root = project(PIP_PROJECT)
    with_workflow(root, GOOD.replace("on: push", "on: [push, pusj]"))
    done = pitstop("check", root)
    assert done.code == 1
    [finding] = findings_on(done.out, "extra.yml", 2)
    assert "[actionlint:events, model, schema] " in finding
    assert '"pusj"' in finding


def test_broken_dependabot_is_a_schema_finding(project: Callable[[Files], Path]) -> None:
    root = project(PIP_PROJECT)
    pitstop("init", "--no-preflight", root).assert_success()
    (root / ".github/dependabot.yml").write_text("version: 2\nupdates:\n  - directory: /\n")
    done = pitstop("check", root)
    assert done.code == 1
    assert ".github/dependabot.yml:3:5: [schema]" in done.out
    assert "[drift] " in done.out


def test_unpinned_action_is_found(project: Callable[[Files], Path]) -> None:
    root = project(PIP_PROJECT)
    with_workflow(root, GOOD.replace("- run: echo ok", "- uses: actions/setup-python@v5"))
    done = pitstop("check", root)
    assert done.code == 1
    unpinned = [f for f in findings_on(done.out, "extra.yml", 10) if "not pinned" in f]
    assert unpinned == [
        ".github/workflows/extra.yml:10:15: [pinning, zizmor:unpinned-uses] "
        "actions/setup-python@v5 is not pinned to a full commit SHA (see `pitstop pins`)"
    ]
    assert "unpinned-uses (high)" not in done.out
    assert summary_line(done.out, "zizmor").split()[1] == "1"  # each tool still counts it
    assert "duplicate(s) merged" in done.out.splitlines()[-1]


def test_drift_is_found(project: Callable[[Files], Path]) -> None:
    root = project(PIP_PROJECT)
    pitstop("init", "--no-preflight", root).assert_success()
    pyproject = root / "pyproject.toml"
    pyproject.write_text(
        pyproject.read_text().replace('python = ["3.12", "3.13"]', 'python = ["3.13"]')
    )
    done = pitstop("check", root)
    assert done.code == 1
    assert ".github/workflows/ci.yml:1:1: [drift] differs from what pitstop init" in done.out
    (root / ".github/workflows/security.yml").unlink()
    assert "[drift] missing" in pitstop("check", root).out


def test_drift_is_not_checked_before_init(project: Callable[[Files], Path]) -> None:
    root = project(PIP_PROJECT)
    with_workflow(root, GOOD)
    done = pitstop("check", root)
    assert "drift       not checked: no [tool.pitstop]" in done.out


def test_model_error_is_found(project: Callable[[Files], Path]) -> None:
    root = project(PIP_PROJECT)
    with_workflow(root, GOOD.replace("runs-on: ubuntu-24.04", "runs-on: ${{ matrix.os"))
    done = pitstop("check", root)
    assert done.code == 1
    on_line = findings_on(done.out, "extra.yml", 6)
    syntax = [f for f in on_line if "expression" in f and "label" not in f]
    assert len(syntax) == 1, on_line
    assert "[model, actionlint:expression] invalid expression" in syntax[0]


def test_missing_actionlint_is_not_checked_never_passed(
    project: Callable[[Files], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    found = base.tool
    monkeypatch.setattr(
        base, "tool", lambda name: None if name != "check-jsonschema" else found(name)
    )
    root = project(PIP_PROJECT)
    with_workflow(root, GOOD)
    from pitstop.checks import actionlint, schema, zizmor

    monkeypatch.setattr(actionlint, "tool", base.tool)
    monkeypatch.setattr(actionlint, "bundled", lambda: None)
    monkeypatch.setattr(zizmor, "tool", base.tool)
    monkeypatch.setattr(schema, "tool", lambda name: None)
    done = pitstop("check", root)
    assert "actionlint  not checked: actionlint not found" in done.out
    assert "zizmor      not checked: zizmor not installed" in done.out
    assert "schema      not checked: check-jsonschema not installed" in done.out


def test_actionlint_finding(project: Callable[[Files], Path]) -> None:
    root = project(PIP_PROJECT)
    with_workflow(root, GOOD.replace("timeout-minutes: 5", "timeout-minutes: soon"))
    done = pitstop("check", root)
    assert ".github/workflows/extra.yml:7:22: [actionlint]" in done.out


def test_actionlint_runs_out_of_the_box(project: Callable[[Files], Path]) -> None:
    """An error only actionlint sees is reported by the default install, not "not checked"."""
    root = project(PIP_PROJECT)
    step = "- if: steps.build.outputs.wheel != ''\n        run: echo ok"
    with_workflow(root, GOOD.replace("- run: echo ok", step))
    done = pitstop("check", root)
    assert done.code == 1
    [finding] = findings_on(done.out, "extra.yml", 10)
    assert '[actionlint] expression: property "build" is not defined' in finding
    assert summary_line(done.out, "actionlint").split()[1:3] == ["1", "finding(s)"]


def test_no_workflows_is_a_user_error(tmp_path: Path) -> None:
    done = pitstop("check", tmp_path)
    assert done.code == 1
    assert "no workflows" in done.err
    assert pitstop("check", tmp_path / "missing").code == 1


def test_the_tools_run_as_real_processes() -> None:
    exe = base.tool("zizmor")
    assert exe is not None
    done = subprocess.run([exe, "--version"], capture_output=True, text=True, check=True)
    assert done.stdout.startswith("zizmor")
