from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import MappingProxyType

import pytest

from pitstop.errors import PitstopError
from pitstop.workflow import load_workflow, load_workflows
from pitstop.workflow.model import EventFilter, ExpressionValue, LiteralValue, Service, Workflow

Loader = Callable[[str], Workflow]
Failer = Callable[[str], PitstopError]

FULL = """\
name: CI
run-name: Deploy by @${{ github.actor }}
on:
  push:
    branches: [main, 'releases/**']
    tags: ['v*']
    paths-ignore: [docs/**]
  pull_request:
    types: [opened, synchronize]
    branches-ignore: [wip/*]
  pull_request_target:
    paths: ['src/**']
  schedule:
    - cron: '30 5 * * 1-5'
  workflow_dispatch:
    inputs:
      level:
        type: choice
        description: how loud
        required: true
        default: info
        options: [info, debug]
      dry:
        type: boolean
  workflow_call:
    inputs:
      size:
        type: number
        default: 3
    outputs:
      url:
        description: where
        value: ${{ jobs.deploy.outputs.url }}
    secrets:
      token:
        required: true
      other:
env:
  LEVEL: info
  COUNT: 3
defaults:
  run:
    shell: bash
    working-directory: app
permissions:
  contents: read
  id-token: write
concurrency:
  group: ci-${{ github.ref }}
  cancel-in-progress: true
jobs:
  build:
    name: Build
    runs-on: [self-hosted, linux]
    if: github.event_name == 'push'
    timeout-minutes: 10
    continue-on-error: ${{ matrix.experimental }}
    environment:
      name: production
      url: https://example.com
    permissions: read-all
    concurrency: build
    strategy:
      fail-fast: false
      max-parallel: 2
      matrix:
        python: ['3.12', '3.13']
        experimental: [false]
    services:
      db:
        image: postgres:16
        env:
          POSTGRES_PASSWORD: pw
        ports: [5432, '6000:6000']
        options: --health-cmd pg_isready
        volumes: [/data]
        credentials:
          username: u
          password: ${{ secrets.PW }}
    container:
      image: python:3.12
    env:
      A: 1
    defaults:
      run:
        shell: sh
    outputs:
      url: ${{ steps.deploy.outputs.url }}
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0
      - id: deploy
        name: Deploy
        if: ${{ success() }}
        run: |
          echo "url=x" >> "$GITHUB_OUTPUT"
        env:
          B: two
        shell: python
        working-directory: sub
        continue-on-error: true
        timeout-minutes: 5
  call:
    needs: build
    uses: ./.github/workflows/reusable.yml
    with:
      size: 3
    secrets: inherit
  call-explicit:
    needs: [build, call]
    uses: org/repo/.github/workflows/r.yml@v1
    secrets:
      token: ${{ secrets.TOKEN }}
  plain:
    runs-on: ubuntu-latest
    container: node:20
    environment: staging
    runs-on-group: x
""".replace("    runs-on-group: x\n", "    steps:\n      - run: echo\n")


def _line_of(text: str) -> int:
    return FULL.splitlines().index(text) + 1


def test_a_full_workflow_is_read_into_records(load: Loader) -> None:
    workflow = load(FULL)
    assert workflow.name == "CI" and workflow.run_name == "Deploy by @${{ github.actor }}"
    assert workflow.path == "wf.yml" and workflow.file_name == "wf.yml"
    on = workflow.on
    assert on.names() == (
        "push",
        "pull_request",
        "pull_request_target",
        "schedule",
        "workflow_dispatch",
        "workflow_call",
    )
    assert on.events["push"] == EventFilter(
        branches=("main", "releases/**"), tags=("v*",), paths_ignore=("docs/**",)
    )
    assert on.events["pull_request"].types == ("opened", "synchronize")
    assert on.events["pull_request"].branches_ignore == ("wip/*",)
    assert on.schedule == ("30 5 * * 1-5",)
    level = on.dispatch_inputs["level"]
    assert (level.type, level.required, level.default, level.options) == (
        "choice",
        True,
        "info",
        ("info", "debug"),
    )
    assert on.dispatch_inputs["dry"].type == "boolean"
    assert on.call_inputs["size"].default == 3
    assert on.call_outputs["url"].value == "${{ jobs.deploy.outputs.url }}"
    assert on.call_secrets["token"].required and not on.call_secrets["other"].required
    assert dict(workflow.env) == {"LEVEL": "info", "COUNT": 3}
    assert workflow.defaults.shell == "bash" and workflow.defaults.working_directory == "app"
    assert workflow.permissions is not None
    assert dict(workflow.permissions.scopes) == {"contents": "read", "id-token": "write"}
    assert (
        workflow.concurrency is not None
        and workflow.concurrency.cancel_in_progress == LiteralValue(True)
    )

    build = workflow.jobs["build"]
    assert build.name == "Build" and build.runs_on == ("self-hosted", "linux")
    assert build.if_ == "github.event_name == 'push'"
    assert build.timeout_minutes == LiteralValue(10)
    assert build.continue_on_error == ExpressionValue("${{ matrix.experimental }}")
    assert build.environment is not None and build.environment.url == "https://example.com"
    assert build.permissions is not None and build.permissions.preset == "read-all"
    assert build.concurrency is not None and build.concurrency.group == "build"
    assert build.strategy is not None
    assert build.strategy.fail_fast == LiteralValue(
        False
    ) and build.strategy.max_parallel == LiteralValue(2)
    assert build.strategy.matrix == {"python": ("3.12", "3.13"), "experimental": (False,)}
    db = build.services["db"]
    assert db.image == "postgres:16" and db.ports == ("5432", "6000:6000")
    assert db.volumes == ("/data",) and db.options == "--health-cmd pg_isready"
    assert db.credentials is not None and db.credentials["username"] == "u"
    assert db.position is not None and db.position.line == _line_of("        image: postgres:16")
    assert build.container is not None and build.container.image == "python:3.12"
    assert build.defaults.shell == "sh" and dict(build.outputs) == {
        "url": "${{ steps.deploy.outputs.url }}"
    }
    checkout, deploy = build.steps
    assert checkout.uses == "actions/checkout@v4" and dict(checkout.with_) == {"fetch-depth": 0}
    assert checkout.display_name == "Run actions/checkout@v4"
    assert checkout.index == 0
    assert (checkout.position.line, checkout.position.column) == (
        _line_of("      - uses: actions/checkout@v4"),
        9,
    )
    assert deploy.id == "deploy" and deploy.if_ == "${{ success() }}"
    assert deploy.run == 'echo "url=x" >> "$GITHUB_OUTPUT"\n'
    assert deploy.shell == "python" and deploy.working_directory == "sub"
    assert deploy.continue_on_error == LiteralValue(
        True
    ) and deploy.timeout_minutes == LiteralValue(5)
    assert dict(deploy.env) == {"B": "two"}

    call = workflow.jobs["call"]
    assert call.uses == "./.github/workflows/reusable.yml" and call.secrets == "inherit"
    assert call.needs == ("build",) and dict(call.with_) == {"size": 3}
    explicit = workflow.jobs["call-explicit"]
    assert explicit.needs == ("build", "call")
    assert explicit.secrets == {"token": "${{ secrets.TOKEN }}"}
    plain = workflow.jobs["plain"]
    assert plain.container == Service("container", "node:20", position=plain.container.position)  # type: ignore[union-attr]
    assert plain.environment is not None and plain.environment.name == "staging"
    assert plain.steps[0].display_name == "Run echo"


@pytest.mark.parametrize(
    ("on", "events"),
    [
        ("push", ("push",)),
        ("[push, pull_request]", ("push", "pull_request")),
        ("{workflow_dispatch: }", ("workflow_dispatch",)),
        ("\n  push:\n  issues:\n    types: [opened]", ("push", "issues")),
    ],
)
def test_on_as_string_list_or_mapping(load: Loader, on: str, events: tuple[str, ...]) -> None:
    workflow = load(f"on: {on}\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: echo\n")
    assert workflow.on.names() == events


def test_on_stays_a_string_key_in_yaml_1_2(load: Loader) -> None:
    workflow = load("'on': push\njobs: {a: {runs-on: x, steps: [{run: echo}]}}\n")
    assert workflow.on.names() == ("push",)


def test_anchors_aliases_and_merge_keys(load: Loader) -> None:
    workflow = load(
        """\
        on: push
        env: &common
          A: 1
        jobs:
          a: &job
            runs-on: ubuntu-latest
            env: *common
            steps:
              - &hello
                run: echo hello
          b:
            <<: *job
            needs: a
            steps:
              - *hello
              - run: echo again
        """
    )
    assert dict(workflow.jobs["a"].env) == {"A": 1}
    b = workflow.jobs["b"]
    assert b.runs_on == "ubuntu-latest" and b.needs == ("a",)
    assert [step.run for step in b.steps] == ["echo hello", "echo again"]


def test_load_workflows_reads_yml_and_yaml_sorted(tmp_path: Path) -> None:
    directory = tmp_path / ".github" / "workflows"
    directory.mkdir(parents=True)
    body = "on: push\njobs: {a: {runs-on: x, steps: [{run: echo}]}}\n"
    for name in ("b.yaml", "a.yml", "notes.txt"):
        (directory / name).write_text(body, encoding="utf-8")
    paths = [workflow.path for workflow in load_workflows(tmp_path)]
    assert paths == [".github/workflows/a.yml", ".github/workflows/b.yaml"]
    assert load_workflows(tmp_path / "nowhere") == []


def test_a_path_outside_root_is_kept_as_given(tmp_path: Path) -> None:
    path = tmp_path / "wf.yml"
    path.write_text("on: push\njobs: {a: {runs-on: x, steps: [{run: echo}]}}\n", "utf-8")
    assert load_workflow(path, tmp_path / "elsewhere").path == str(path)
    assert load_workflow(path).path == str(path)


def test_a_missing_file_is_a_positioned_error(tmp_path: Path) -> None:
    with pytest.raises(PitstopError, match="cannot read") as caught:
        load_workflow(tmp_path / "missing.yml")
    assert caught.value.location is not None


def test_a_file_that_is_not_utf8_is_a_positioned_error(tmp_path: Path) -> None:
    path = tmp_path / "wf.yml"
    path.write_bytes(b"on: push\n\xff\xfe\n")
    with pytest.raises(PitstopError, match="not valid UTF-8") as caught:
        load_workflow(path)
    assert caught.value.location is not None


JOB = "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: echo\n"

# (workflow text, message part, line, column, quoted line, hint part)
ERRORS = [
    (
        "on: push\njobs:\n  a:\n    runs-on: x\n    step:\n      - run: echo\n",
        "unknown key 'step' in the job 'a'",
        5,
        5,
        "    step:",
        "did you mean 'steps'?",
    ),
    (
        "nme: x\n" + JOB,
        "unknown key 'nme' in the workflow",
        1,
        1,
        "nme: x",
        "did you mean 'name'?",
    ),
    (
        JOB + "        shel: bash\n",
        "unknown key 'shel' in a step",
        7,
        9,
        "        shel: bash",
        "did you mean 'shell'?",
    ),
    (
        "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: echo\n"
        "        uses: a/b@v1\n",
        "a step cannot have both 'run' and 'uses'",
        7,
        9,
        "        uses: a/b@v1",
        "split",
    ),
    (
        "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - name: nothing\n",
        "a step needs either 'run' or 'uses'",
        6,
        9,
        "      - name: nothing",
        "add 'run:'",
    ),
    (
        "on: push\njobs:\n  a:\n    runs-on: x\n    needs: [bild]\n    steps: [{run: echo}]\n"
        "  build:\n    runs-on: x\n    steps: [{run: echo}]\n",
        "job 'a' needs 'bild', which is not a job in this workflow",
        5,
        13,
        "    needs: [bild]",
        "did you mean 'build'?",
    ),
    (
        "on: push\njobs:\n  a:\n    runs-on: x\n    needs: b\n    steps: [{run: echo}]\n"
        "  b:\n    runs-on: x\n    needs: a\n    steps: [{run: echo}]\n",
        "the jobs' needs form a cycle: a -> b -> a",
        5,
        12,
        "    needs: b",
        "remove one",
    ),
    (
        "on: push\njobs:\n  a:\n    runs-on: x\n    steps: [{run: echo}]\n  a:\n    runs-on: y\n",
        "duplicate key 'a' (first defined on line 3)",
        6,
        3,
        "  a:",
        "only once",
    ),
    (
        JOB + "      - run: echo ${{ github.sha == }}\n",
        "invalid expression",
        7,
        34,
        "      - run: echo ${{ github.sha == }}",
        "expressions look like",
    ),
    (
        "on: push\njobs:\n  a:\n    runs-on: x\n    if: github.ref ==\n    steps: [{run: echo}]\n",
        "invalid expression",
        5,
        20,
        "    if: github.ref ==",
        "expressions look like",
    ),
    (
        "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - if: ${{ (1 }}\n"
        "        run: x\n",
        "invalid expression",
        6,
        18,
        "      - if: ${{ (1 }}",
        "expressions",
    ),
    (
        JOB + "      - run: |\n          echo one\n          echo ${{ matrix.os ) }}\n",
        "invalid expression",
        9,
        30,
        "          echo ${{ matrix.os ) }}",
        "expressions",
    ),
    (
        JOB + "      - run: echo ${{ github.sha\n",
        "not closed",
        7,
        19,
        "      - run: echo ${{ github.sha",
        "expressions",
    ),
    (
        JOB + "      - run: echo '${{ }}'\n",
        "empty expression",
        7,
        20,
        "      - run: echo '${{ }}'",
        "expressions",
    ),
    (
        "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - id: one\n        run: x\n"
        "      - id: one\n        run: y\n",
        "the step id 'one' is used twice in the job 'a'",
        8,
        13,
        "      - id: one",
        "unique",
    ),
    (
        "on: push\njobs:\n  1a:\n    runs-on: x\n    steps: [{run: echo}]\n",
        "invalid job id '1a'",
        3,
        3,
        "  1a:",
        "starts with a letter",
    ),
    (
        JOB + "      - id: 'my step'\n        run: x\n",
        "invalid step id 'my step'",
        7,
        13,
        "      - id: 'my step'",
        "starts with a letter",
    ),
    (
        "on: push\njobs:\n  a:\n    runs-on: x\n    steps: echo\n",
        "the steps of 'a' must be a list, not a string",
        5,
        12,
        "    steps: echo",
        "write",
    ),
    (
        "on: push\njobs:\n  a:\n    runs-on: x\n    timeout-minutes: soon\n"
        "    steps: [{run: echo}]\n",
        "'timeout-minutes' must be a number or a ${{ }} expression, not a string",
        5,
        22,
        "    timeout-minutes: soon",
        "write",
    ),
    (
        "on: push\njobs:\n  a:\n    runs-on: x\n    continue-on-error: maybe\n"
        "    steps: [{run: echo}]\n",
        "'continue-on-error' must be true, false or a ${{ }} expression",
        5,
        24,
        "    continue-on-error: maybe",
        "write",
    ),
    (
        "on: pushh\njobs: {}\n",
        "unknown event 'pushh'",
        1,
        5,
        "on: pushh",
        "did you mean 'push'?",
    ),
    (
        "on:\n  push:\n    branch: [main]\n" + JOB[9:],
        "unknown key 'branch' in the 'push' trigger",
        3,
        5,
        "    branch: [main]",
        "did you mean 'branches'?",
    ),
    (
        "on:\n  push:\n    branches: [main]\n    branches-ignore: [dev]\n" + JOB[9:],
        "'push' cannot have both 'branches' and 'branches-ignore'",
        4,
        5,
        "    branches-ignore: [dev]",
        "'!' patterns",
    ),
    (
        "on: push\n",
        "the workflow is missing the required key 'jobs'",
        1,
        1,
        "on: push",
        "add 'jobs:'",
    ),
    (
        "on: push\njobs:\n  a:\n    steps: [{run: echo}]\n",
        "the job 'a' has no 'runs-on'",
        4,
        5,
        "    steps: [{run: echo}]",
        "runs-on",
    ),
    (
        "on: push\njobs:\n  a:\n    uses: ./x.yml\n    runs-on: y\n",
        "'runs-on' is not allowed in a job that calls a reusable workflow",
        5,
        5,
        "    runs-on: y",
        "allowed",
    ),
    (
        "on: push\njobs:\n  a:\n    runs-on: x\n    with: {a: 1}\n    steps: [{run: echo}]\n",
        "'with' is only valid in a job that calls a reusable workflow",
        5,
        5,
        "    with: {a: 1}",
        "uses",
    ),
    (
        "on: push\njobs:\n  a:\n    runs-on: x\n    strategy:\n      matrix:\n        os: ubuntu\n"
        "    steps: [{run: echo}]\n",
        "the matrix dimension 'os' must be a list, not a string",
        7,
        13,
        "        os: ubuntu",
        "write",
    ),
    (
        "on: push\njobs:\n  a:\n    runs-on: x\n    permissions:\n      contents: admin\n"
        "    steps: [{run: echo}]\n",
        "unknown permission level 'admin'",
        6,
        17,
        "      contents: admin",
        "read, write or none",
    ),
    (
        "on: push\njobs:\n  a:\n    runs-on: x\n    permissions:\n      content: read\n"
        "    steps: [{run: echo}]\n",
        "unknown key 'content' in 'permissions'",
        6,
        7,
        "      content: read",
        "did you mean 'contents'?",
    ),
    (
        "on: push\njobs:\n  a:\n    runs-on: x\n    steps: [{run: echo}]\n    services:\n"
        "      db:\n        imag: postgres\n",
        "unknown key 'imag' in the service 'db'",
        8,
        9,
        "        imag: postgres",
        "did you mean 'image'?",
    ),
    (
        "on:\n  workflow_dispatch:\n    inputs:\n      x:\n        type: text\n" + JOB[9:],
        "unknown input type 'text'",
        5,
        15,
        "        type: text",
        "expected one of",
    ),
    (
        "on:\n  schedule:\n    - cron: '* * *'\n" + JOB[9:],
        "invalid cron expression '* * *': expected 5 fields",
        3,
        13,
        "    - cron: '* * *'",
        "minute hour",
    ),
    (
        "on: push\njobs:\n  a:\n    runs-on: x\n    env: [A]\n    steps: [{run: echo}]\n",
        "the env of 'a' must be a mapping, not a sequence",
        5,
        10,
        "    env: [A]",
        "write",
    ),
    (
        "on: push\njobs:\n  a: [x]\n",
        "the job 'a' must be a mapping, not a sequence",
        3,
        6,
        "  a: [x]",
        "write",
    ),
    (
        "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n    - run: echo\n  b:\n    runs-on: x\n"
        "    needs: [a, a]\n    steps: [{run: echo}]\n",
        "'needs' lists 'a' twice",
        9,
        16,
        "    needs: [a, a]",
        "remove",
    ),
    (
        "on: push\njobs: {}\n",
        "'jobs' is empty",
        2,
        7,
        "jobs: {}",
        "at least one job",
    ),
    (
        "",
        "the workflow file is empty",
        1,
        1,
        None,
        "'on:'",
    ),
    (
        "on: push\njobs:\n  a:\n    runs-on: x\n  steps: [{run: echo}]\n",
        "the job 'steps' must be a mapping, not a sequence",  # `steps` is mis-indented
        5,
        10,
        "  steps: [{run: echo}]",
        "write",
    ),
    (
        "on: push\njobs:\n  __a:\n    runs-on: x\n",
        "invalid job id '__a'",
        3,
        3,
        "  __a:",
        "not '__'",
    ),
    (
        "on: push\njobs:\n  my-job:\n    runs-on: x\n  MY-JOB:\n    runs-on: x\n",
        "the job id 'MY-JOB' is already defined as 'my-job'",
        5,
        3,
        "  MY-JOB:",
        "case-insensitive",
    ),
    (
        JOB + "      - uses: badrepo@v1\n",
        "invalid 'uses': 'badrepo@v1'",
        7,
        15,
        "      - uses: badrepo@v1",
        "{owner}/{repo}[/path]@ref",
    ),
    (
        "on: push\njobs:\n  a:\n    runs-on: !!bool maybe\n",
        "the value 'maybe' is not a valid bool",
        4,
        14,
        "    runs-on: !!bool maybe",
        "explicit tag",
    ),
    (
        "on: push\njobs:\n  a:\n    runs-on: x\n    timeout-minutes: !!int ten\n",
        "the value 'ten' is not a valid int",
        5,
        22,
        "    timeout-minutes: !!int ten",
        "explicit tag",
    ),
    (
        "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: echo\n     bad: 1\n",
        "invalid YAML",
        7,
        6,
        "     bad: 1",
        "indentation",
    ),
    (
        "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: echo\n\tx: 1\n",
        "invalid YAML",
        7,
        1,
        "\tx: 1",
        "indentation",
    ),
]


@pytest.mark.parametrize(
    ("text", "message", "line", "column", "quoted", "hint"),
    ERRORS,
    ids=[f"{index}-{case[1][:30]}" for index, case in enumerate(ERRORS)],
)
def test_bad_input_gets_a_compiler_like_error(
    fail: Failer, text: str, message: str, line: int, column: int, quoted: str | None, hint: str
) -> None:
    error = fail(text)
    assert message in error.message
    assert error.location is not None
    assert (error.location.line, error.location.column) == (line, column)
    assert error.location.source_line == quoted
    assert hint in (error.hint or "")
    rendered = error.render()
    assert f"wf.yml:{line}:{column}" in rendered
    if quoted is not None:
        assert quoted in rendered


def test_the_caret_underlines_the_unknown_key(fail: Failer) -> None:
    error = fail("nme: x\n" + JOB)
    assert error.render().splitlines()[4] == "  | ^^^"


def test_records_are_frozen(load: Loader) -> None:
    workflow = load(JOB)
    with pytest.raises(AttributeError):
        workflow.name = "x"  # type: ignore[misc]
    assert isinstance(workflow.jobs, MappingProxyType)


def test_what_githubs_parser_accepts_is_accepted(load: Loader) -> None:
    workflow = load(
        """\
        name: lenient
        description: GitHub's parser accepts a description
        on:
          workflow_dispatch:
            unknown-key: ignored by GitHub
        jobs:
          nosteps:
            runs-on: x
            if: ""
            cancel-timeout-minutes: 5
            concurrency: {group: g, queue: max}
            services:
              redis: redis:7
          empty-if:
            runs-on: x
            if:
            steps:
              - uses: docker://alpine:3.8
              - uses: ./.github/actions/mine
              - uses: actions/aws/ec2@main
              - uses: org with space/repo with space@v2
        """
    )
    nosteps = workflow.jobs["nosteps"]
    assert nosteps.steps == () and nosteps.if_ == ""
    assert nosteps.services["redis"].image == "redis:7"
    assert workflow.jobs["empty-if"].if_ is None
    assert len(workflow.jobs["empty-if"].steps) == 4
