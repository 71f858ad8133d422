from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from semantic_version import Version

from pitstop.actions import probe, pythons, setup_node, tools
from pitstop.actions.base import ActionCall
from pitstop.errors import PitstopError

MakeCall = Callable[..., ActionCall]


@pytest.fixture
def node(make_call: MakeCall) -> pythons.Version:
    found = tools.find("node", make_call("x").env)
    if found is None:
        pytest.skip("needs node")
    version = pythons.version_of(probe.output([found, "--version"]) or "")
    assert version is not None
    return version


def test_same_major_passes(make_call: MakeCall, node: pythons.Version) -> None:
    result = setup_node.run(make_call("actions/setup-node@v4", {"node-version": str(node[0])}))
    assert result.outputs["node-version"] == "v{}.{}.{}".format(*node)
    assert result.notes == []
    assert Path(result.path[0], "node").exists()
    assert not Path(result.path[0], "python3").exists()  # never /usr/bin itself on PATH


def test_other_major_is_not_verified_unless_allowed(
    make_call: MakeCall, node: pythons.Version
) -> None:
    other = str(node[0] + 2)
    missing = setup_node.run(make_call("actions/setup-node@v4", {"node-version": other}))
    assert not missing.verified  # GitHub would have it: no failure, and no green either
    assert missing.halts_job == f"no local Node {other}"  # later steps would run another node
    assert missing.notes[0].startswith(f"not verified (no local Node {other}): the local node")
    assert "PITSTOP_ALLOW_NODE_MISMATCH=1" in missing.notes[0]
    env = {"PITSTOP_ALLOW_NODE_MISMATCH": "1"}
    result = setup_node.run(make_call("actions/setup-node@v4", {"node-version": other}, env=env))
    assert result.annotations[0].level == "warning"
    assert "PITSTOP_ALLOW_NODE_MISMATCH=1" in result.notes[0]


def test_same_major_other_minor_is_noted(make_call: MakeCall, node: pythons.Version) -> None:
    wanted = f"{node[0]}.{node[1] + 1}.0"
    result = setup_node.run(make_call("actions/setup-node@v4", {"node-version": wanted}))
    assert "same major" in result.notes[0]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        (".nvmrc", "v{major}\n"),
        (".node-version", "# c\n{major}.x\n"),
        (".tool-versions", "python 3.12\nnodejs {major}.0.0\n"),
        ("package.json", '{{"engines": {{"node": ">={major}"}}}}'),
        ("package.json", '{{"volta": {{"node": "{major}.1.0"}}}}'),
    ],
)
def test_version_files(
    make_call: MakeCall, workspace: Path, node: pythons.Version, name: str, content: str
) -> None:
    (workspace / name).write_text(content.format(major=node[0]))
    result = setup_node.run(make_call("actions/setup-node@v4", {"node-version-file": name}))
    assert result.outputs["node-version"].startswith(f"v{node[0]}.")


def test_aliases_are_noted(make_call: MakeCall, node: pythons.Version) -> None:
    result = setup_node.run(make_call("actions/setup-node@v4", {"node-version": "lts/*"}))
    assert "cannot be resolved offline" in result.notes[0]


def test_npm_cache_needs_a_lock_file(
    make_call: MakeCall, workspace: Path, node: pythons.Version
) -> None:
    inputs = {"node-version": str(node[0]), "cache": "npm"}
    with pytest.raises(PitstopError, match="Dependencies lock file is not found"):
        setup_node.run(make_call("actions/setup-node@v4", inputs))
    (workspace / "package-lock.json").write_text("{}")
    result = setup_node.run(make_call("actions/setup-node@v4", inputs))
    assert result.outputs["cache-hit"] == "false"
    assert "npm uses its own local cache" in result.notes[0]


def test_registry_url_writes_npmrc(make_call: MakeCall, node: pythons.Version) -> None:
    inputs = {"registry-url": "https://npm.pkg.github.com", "always-auth": "true"}
    contexts = {"github": {"repository_owner": "Acme"}}
    result = setup_node.run(make_call("actions/setup-node@v4", inputs, contexts=contexts))
    npmrc = Path(result.env["NPM_CONFIG_USERCONFIG"]).read_text()
    assert "//npm.pkg.github.com/:_authToken=${NODE_AUTH_TOKEN}" in npmrc
    assert "@acme:registry=https://npm.pkg.github.com/" in npmrc
    assert "always-auth=true" in npmrc
    assert result.env["NODE_AUTH_TOKEN"] == "XXXXX-XXXXX-XXXXX-XXXXX"
    scoped = setup_node.run(
        make_call("actions/setup-node@v4", {"registry-url": "https://r.example/", "scope": "me"})
    )
    assert (
        "@me:registry=https://r.example/" in Path(scoped.env["NPM_CONFIG_USERCONFIG"]).read_text()
    )


@pytest.mark.parametrize(
    ("inputs", "text"),
    [
        ({"node-version": "twenty"}, "cannot read"),
        ({"node-version-file": ".nvmrc"}, "does not exist"),
        ({"cache": "yarn"}, "yarn is not supported"),
        ({"nodeversion": "20"}, "unsupported input 'nodeversion'"),
    ],
)
def test_bad_inputs(
    make_call: MakeCall, node: pythons.Version, inputs: dict[str, str], text: str
) -> None:
    with pytest.raises(PitstopError, match=text):
        setup_node.run(make_call("actions/setup-node@v4", inputs))


def test_bad_package_json_and_missing_node(
    make_call: MakeCall, workspace: Path, tmp_path: Path
) -> None:
    (workspace / "package.json").write_text("{")
    with pytest.raises(PitstopError, match="not JSON"):
        setup_node.run(make_call("actions/setup-node@v4", {"node-version-file": "package.json"}))
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(PitstopError, match="node is not installed"):
        setup_node.run(make_call("actions/setup-node@v4", env={"PATH": str(empty)}))


@pytest.mark.parametrize(
    ("wanted", "accepted", "refused"),
    [
        ("20", ["20.0.0", "20.11.1"], ["19.9.9", "21.0.0"]),
        ("v20.x", ["20.5.0"], ["21.0.0"]),
        ("^20.1.0", ["20.1.0", "20.9.9"], ["20.0.9", "21.0.0"]),
        ("~20.11", ["20.11.5"], ["20.12.0"]),
        (">= 18 < 21", ["18.0.0", "20.9.0"], ["17.9.9", "21.0.0"]),
        ("18 || 22", ["18.3.0", "22.1.0"], ["20.0.0"]),
        ("18.0.0 - 20.5", ["18.0.0", "20.5.9"], ["20.6.0"]),  # node-semver's hyphen range
        ("*", ["4.0.0", "22.0.0"], []),
    ],
)
def test_node_version_is_a_node_semver_range(
    wanted: str, accepted: list[str], refused: list[str]
) -> None:
    spec = setup_node.npm_range(wanted)
    assert spec is not None
    assert [version for version in accepted if not spec.match(Version(version))] == []
    assert [version for version in refused if spec.match(Version(version))] == []


@pytest.mark.parametrize("wanted", ["twenty", "20..1", ">=18, <21"])
def test_a_node_version_that_is_no_range_is_refused(wanted: str) -> None:
    assert setup_node.npm_range(wanted) is None


def test_a_hyphen_range_around_the_local_node_passes(
    make_call: MakeCall, node: pythons.Version
) -> None:
    wanted = f"{node[0] - 1}.0.0 - {node[0]}"
    result = setup_node.run(make_call("actions/setup-node@v4", {"node-version": wanted}))
    assert result.verified and result.notes == []
