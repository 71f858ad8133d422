from __future__ import annotations

from pathlib import Path

import pytest

from pitstop.runner.triggers import Event, select_workflows, triggered_by
from pitstop.workflow import load_workflow
from pitstop.workflow.model import Workflow


def _workflow(tmp_path: Path, on: str) -> Workflow:
    path = tmp_path / "wf.yml"
    path.write_text(f"on:\n{on}\njobs:\n  a:\n    runs-on: x\n    steps: [{{run: x}}]\n", "utf-8")
    return load_workflow(path, tmp_path)


BRANCH = "refs/heads/"


@pytest.mark.parametrize(
    ("on", "event", "expected"),
    [
        ("  push:", Event("push", f"{BRANCH}any"), True),
        ("  push:", Event("pull_request"), False),
        ("  push:\n    branches: [main]", Event("push", f"{BRANCH}main"), True),
        ("  push:\n    branches: [main]", Event("push", f"{BRANCH}dev"), False),
        ("  push:\n    branches: [main]", Event("push"), True),  # ref unknown: not applied
        ("  push:\n    branches: [refs/heads/main]", Event("push", f"{BRANCH}main"), True),
        ("  push:\n    branches-ignore: ['wip/**']", Event("push", f"{BRANCH}wip/a/b"), False),
        ("  push:\n    branches-ignore: ['wip/**']", Event("push", f"{BRANCH}main"), True),
        ("  push:\n    branches: [main]", Event("push", "refs/tags/v1"), False),
        ("  push:\n    tags: ['v*']", Event("push", "refs/tags/v1"), True),
        ("  push:\n    tags: ['v*']", Event("push", f"{BRANCH}main"), False),
        ("  push:\n    tags-ignore: ['v*']", Event("push", "refs/tags/v1"), False),
        ("  push:", Event("push", "refs/tags/v1"), True),
        (
            "  push:\n    paths: ['src/**']",
            Event("push", f"{BRANCH}main", changed_files=("src/a.py", "README.md")),
            True,
        ),
        (
            "  push:\n    paths: ['src/**']",
            Event("push", f"{BRANCH}main", changed_files=("README.md",)),
            False,
        ),
        (
            "  push:\n    paths: ['src/**', '!src/**.md']",
            Event("push", f"{BRANCH}main", changed_files=("src/x.md",)),
            False,
        ),
        (
            "  push:\n    paths-ignore: ['docs/**']",
            Event("push", f"{BRANCH}main", changed_files=("docs/a.md",)),
            False,
        ),
        (
            "  push:\n    paths-ignore: ['docs/**']",
            Event("push", f"{BRANCH}main", changed_files=("docs/a.md", "app.py")),
            True,
        ),
        (
            "  push:\n    tags: ['v*']\n    paths: ['src/**']",
            Event("push", "refs/tags/v1", changed_files=("README.md",)),
            True,  # paths filters are not evaluated for tags
        ),
        ("  pull_request:\n    branches: [main]", Event("pull_request", base_ref="main"), True),
        ("  pull_request:\n    branches: [main]", Event("pull_request", base_ref="dev"), False),
        (
            "  pull_request:\n    branches-ignore: [dev]",
            Event("pull_request", base_ref="refs/heads/dev"),
            False,
        ),
        ("  pull_request:", Event("pull_request", action="closed"), False),
        ("  pull_request:", Event("pull_request", action="opened"), True),
        ("  pull_request:\n    types: [closed]", Event("pull_request", action="closed"), True),
        (
            "  pull_request:\n    paths: ['*.py']",
            Event("pull_request", base_ref="main", changed_files=("a.py",)),
            True,
        ),
        ("  workflow_dispatch:", Event("workflow_dispatch"), True),
        ("  schedule:\n    - cron: '0 0 * * *'", Event("schedule"), True),
        ("  issues:\n    types: [opened]", Event("issues", action="closed"), False),
        ("  issues:\n    types: [opened]", Event("issues", action="opened"), True),
    ],
)
def test_triggers(tmp_path: Path, on: str, event: Event, expected: bool) -> None:
    assert triggered_by(_workflow(tmp_path, on), event) is expected


def test_select_workflows_keeps_the_triggered_ones(tmp_path: Path) -> None:
    push = _workflow(tmp_path, "  push:")
    dispatch = _workflow(tmp_path, "  workflow_dispatch:")
    assert select_workflows([push, dispatch], Event("workflow_dispatch")) == [dispatch]
