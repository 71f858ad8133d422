from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from pitstop.actions import javascript, registry
from pitstop.actions.base import ActionCall

MakeCall = Callable[..., ActionCall]

ACTION_YML = """\
name: greet
inputs:
  who-to-greet:
    default: world
  token:
    default: ${{ github.token }}
  repo:
    default: ${{ github.repository }}
  fancy:
    default: ${{ format('{0}', 'x') }}
  plain: {}
runs:
  using: node20
  pre: pre.js
  main: main.js
  post: post.js
  post-if: success()
"""

PRE = """
const fs = require('fs');
fs.appendFileSync(process.env.GITHUB_STATE, 'started=yes\\n');
fs.appendFileSync(process.env.GITHUB_ENV, 'FROM_PRE=1\\n');
"""

MAIN = """
const fs = require('fs');
const env = process.env;
if (env.INPUT_FAIL === 'true') process.exit(2);
const seen = {who: env['INPUT_WHO-TO-GREET'], token: env.INPUT_TOKEN, repo: env.INPUT_REPO,
  fancy: env.INPUT_FANCY, plain: env.INPUT_PLAIN, state: env.STATE_started, pre: env.FROM_PRE,
  path: env.GITHUB_ACTION_PATH};
fs.appendFileSync(env.GITHUB_OUTPUT, 'greeting=hello ' + seen.who + '\\n');
fs.appendFileSync(env.GITHUB_OUTPUT, 'seen<<EOF\\n' + JSON.stringify(seen) + '\\nEOF\\n');
fs.appendFileSync(env.GITHUB_PATH, '/opt/greet/bin\\n');
fs.appendFileSync(env.GITHUB_STEP_SUMMARY, '# greeted\\n');
fs.appendFileSync(env.GITHUB_STATE, 'greeted=' + seen.who + '\\n');
"""

POST = """
const fs = require('fs');
fs.writeFileSync(process.env.INPUT_PLAIN || '/dev/null', 'post saw ' + process.env.STATE_greeted);
"""


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "actions-cache"
    folder = root / "acme/greet/v1"
    folder.mkdir(parents=True)
    (folder / "action.yml").write_text(ACTION_YML)
    for name, text in (("pre.js", PRE), ("main.js", MAIN), ("post.js", POST)):
        (folder / name).write_text(text)
    monkeypatch.setenv(javascript.CACHE_VARIABLE, str(root))
    return root


def test_runs_pre_main_post_with_inputs_state_and_files(
    make_call: MakeCall, cache: Path, tmp_path: Path
) -> None:
    action = registry.lookup("acme/greet@v1")
    assert isinstance(action, javascript.JavaScriptAction)
    assert action.INPUTS == ("who-to-greet", "token", "repo", "fancy", "plain")
    marker = tmp_path / "post.txt"
    contexts = {"github": {"token": "ghs_secret", "repository": "acme/app"}}
    call = make_call("acme/greet@v1", {"plain": str(marker), "extra": "x"}, contexts=contexts)
    result = action.run(call)
    assert result.conclusion == "success"
    assert result.outputs["greeting"] == "hello world"
    seen = json.loads(result.outputs["seen"])
    assert seen == {
        "who": "world", "token": "ghs_secret", "repo": "acme/app", "fancy": "",
        "plain": str(marker), "state": "yes", "pre": "1", "path": str(cache / "acme/greet/v1"),
    }  # fmt: skip
    assert result.path == ["/opt/greet/bin"]
    assert result.env == {"FROM_PRE": "1"}
    assert result.summary == "# greeted\n"
    assert "Unexpected input(s) extra" in result.annotations[0].message
    assert any("fancy" in note for note in result.notes)
    assert result.post is not None
    assert result.post("failure") is None  # post-if: success()
    assert not marker.exists()
    post = result.post("success")
    assert post is not None and post.conclusion == "success"
    assert marker.read_text() == "post saw world"


def test_a_failing_main_fails_the_step(make_call: MakeCall, cache: Path) -> None:
    action = registry.lookup("acme/greet@v1")
    assert action is not None
    folder = cache / "acme/greet/v1"
    (folder / "action.yml").write_text(ACTION_YML.replace("  plain: {}", "  plain: {}\n  fail: {}"))
    action = registry.lookup("acme/greet@v1")
    assert action is not None
    result = action.run(make_call("acme/greet@v1", {"fail": "true"}))
    assert result.conclusion == "failure"
    assert "main exited with code 2" in result.annotations[-1].message


def test_unknown_actions(cache: Path) -> None:
    assert registry.lookup("acme/unknown@v1") is None
    assert registry.lookup("acme/greet@v2") is None
    assert registry.lookup("./.github/actions/local") is None
    assert registry.lookup("docker://alpine:3") is None
    message, hint = registry.not_found("acme/unknown@v1  # v1.0")
    assert "acme/unknown" in message and str(cache) in message
    assert f"git clone https://github.com/acme/unknown {cache}/acme/unknown/v1" in hint


def test_composite_and_broken_metadata_are_not_javascript(cache: Path) -> None:
    folder = cache / "acme/comp/v1"
    folder.mkdir(parents=True)
    (folder / "action.yml").write_text("runs:\n  using: composite\n  steps: []\n")
    assert javascript.find("acme/comp@v1") is None
    (folder / "action.yml").write_text("runs: [\n")
    assert javascript.find("acme/comp@v1") is None
    assert javascript.find("nonsense") is None


def test_registry_keys_and_versions() -> None:
    assert (
        registry.lookup("actions/setup-python@0b93645e9fea7318ecaed2b359559ac225c90a2b")
        is (registry.ACTIONS["actions/setup-python"])
    )
    assert (
        registry.lookup("actions/cache/restore@v4  # v4.2.0")
        is registry.ACTIONS["actions/cache/restore"]
    )
    for key, action in registry.ACTIONS.items():
        assert callable(action.run), key
        assert all(isinstance(name, str) for name in action.INPUTS)


def fake_node(tmp_path: Path, version: str) -> dict[str, str]:
    """A PATH whose `node` reports `version` and runs scripts with the real node."""
    import os
    import shutil

    real = shutil.which("node")
    assert real is not None
    folder = tmp_path / f"node-{version}"
    folder.mkdir()
    script = folder / "node"
    script.write_text(
        f'#!/bin/sh\nif [ "$1" = --version ]; then echo {version}; exit 0; fi\nexec {real} "$@"\n'
    )
    script.chmod(0o755)
    return {"PATH": f"{folder}{os.pathsep}{os.environ['PATH']}"}


@pytest.mark.parametrize(
    ("using", "local", "runs"),
    [
        ("node24", "v20.11.0", False),
        ("node20", "v20.11.0", True),
        ("node16", "v20.11.0", True),  # GitHub runs node12/node16 actions on Node 20
        ("node20", "v18.19.0", False),
    ],
)
def test_a_missing_node_major_is_not_verified(
    make_call: MakeCall, tmp_path: Path, using: str, local: str, runs: bool
) -> None:
    folder = tmp_path / "act"
    folder.mkdir()
    (folder / "action.yml").write_text(f"runs:\n  using: {using}\n  main: main.js\n")
    (folder / "main.js").write_text("console.log('main ran');\n")
    action = javascript.at(folder, "./act", "", local=True)
    assert action is not None
    result = action.run(make_call("./act", env=fake_node(tmp_path, local)))
    assert result.verified is runs
    if not runs:
        major = 20 if using in ("node12", "node16") else int(using.removeprefix("node"))
        assert result.halts_job == f"no local Node {major}"
        assert result.notes[0].startswith(f"not verified (no local Node {major}): ./act uses")
