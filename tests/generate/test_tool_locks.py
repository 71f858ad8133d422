"""pip-audit installs from a hash-pinned lock init writes: every dependency pinned, reusable."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from pitstop.generate import ci, config, tool_locks, tool_versions
from pitstop.runner import installs
from tests.conftest import SHAPES, Files, pitstop
from tests.generate.test_tool_versions import python_3_8_poetry_project

LOCK = tool_locks.LOCKS["pip-audit"]
REQUIREMENT = re.compile(r"^([A-Za-z0-9._-]+)==(\S+)(?: ;[^\\]+)? \\$")


def _entries(text: str) -> list[tuple[str, list[str]]]:
    """(requirement line, its hashes) for each requirement of a pip lock."""
    entries: list[tuple[str, list[str]]] = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line.startswith(" "):
            entries.append((line, []))
        else:
            entries[-1][1].append(line.strip())
    return entries


def _pins(lock: tool_locks.ToolLock) -> dict[str, str]:
    """name -> version (the first, when markers pin two)."""
    pins: dict[str, str] = {}
    for line, _ in _entries(lock.text()):
        found = REQUIREMENT.match(line)
        assert found is not None, line
        pins.setdefault(found[1], found[2])
    return pins


@pytest.mark.parametrize("lock", tool_locks.LOCKS.values(), ids=tool_locks.LOCKS)
def test_every_shipped_lock_pins_every_package_with_a_hash(lock: tool_locks.ToolLock) -> None:
    entries = _entries(lock.text())
    names = set()
    for line, hashes in entries:
        found = REQUIREMENT.match(line)
        assert found is not None, line  # name==version, optionally a marker, nothing else
        names.add(found[1])
        assert hashes and all(re.fullmatch(r"--hash=sha256:[0-9a-f]{64}( \\)?", h) for h in hashes)
    assert f"{lock.tool}=={lock.version} \\" in [line for line, _ in entries]
    assert "pip" not in names  # every venv has a pip, and pip-api takes any


def test_the_locks_hold_their_tools_dependencies() -> None:
    assert {"pip-audit", "pip-api", "requests", "cyclonedx-python-lib"} <= set(_pins(LOCK))
    bandit = tool_locks.LOCKS["bandit"]
    assert bandit.requirement == "bandit[sarif]==1.9.4"
    assert {"bandit", "sarif-om", "jschema-to-python", "pyyaml", "stevedore"} <= set(_pins(bandit))


def test_bandit_installed_beside_pip_audit_pins_what_both_need_alike() -> None:
    """security.yml installs pip-audit's lock, then bandit's, into one venv: a package both
    need (rich, pygments) must have one version, or the second install would replace it."""
    audit, bandit = (_pins(lock) for lock in (LOCK, tool_locks.LOCKS["bandit"]))
    shared = set(audit) & set(bandit)
    assert {"rich", "pygments", "markdown-it-py"} <= shared
    assert {name: bandit[name] for name in shared} == {name: audit[name] for name in shared}


def test_the_lock_is_for_the_release_the_newest_pythons_get() -> None:
    assert LOCK.version == tool_versions.NEWEST["pip-audit"]
    assert tool_locks.lock_for("pip-audit", LOCK.version) == LOCK
    assert tool_locks.lock_for("pip-audit", "2.9.0") is None
    assert tool_locks.lock_for("bandit", tool_versions.NEWEST["bandit"]) is not None
    assert tool_locks.lock_for("bandit", "1.8.6") is None
    assert tool_locks.lock_for("black", tool_versions.NEWEST["black"]) is None


@pytest.mark.parametrize("shape", ["pip", "uv", "poetry"])
def test_init_writes_the_lock_and_installs_pip_audit_from_it(
    shape: str, project: Callable[[Files], Path]
) -> None:
    root = project(SHAPES[shape])
    pitstop("init", "--no-preflight", root).assert_success()
    assert (root / LOCK.path).read_text() == LOCK.text()
    yaml = YAML(typ="safe")
    bandit = tool_locks.LOCKS["bandit"]
    audit = yaml.load((root / ".github/workflows/security.yml").read_text())
    installs = [step.get("run", "") for step in audit["jobs"]["audit"]["steps"]]
    if shape == "poetry":  # its lock pins bandit 1.8.3: pitstop has no lock of that release
        assert not (root / bandit.path).exists()
        assert 'python -m pip install "bandit[sarif]==1.8.3"' in installs
    else:  # after pip-audit's lock, whose versions it agrees with
        assert (root / bandit.path).read_text() == bandit.text()
        assert installs.index(bandit.install()) > installs.index(LOCK.install())
    for workflow, job in (("ci.yml", "security"), ("security.yml", "audit")):
        steps = yaml.load((root / ".github/workflows" / workflow).read_text())["jobs"][job]["steps"]
        runs = [step.get("run", "") for step in steps]
        assert any(LOCK.install() in run or LOCK.path in run for run in runs), workflow
        assert not any('"pip-audit==' in run for run in runs), workflow
    dependabot = yaml.load((root / ".github/dependabot.yml").read_text())
    tools = [u for u in dependabot["updates"] if u["directory"] == "/.github"]
    assert [u["package-ecosystem"] for u in tools] == ["pip"]  # its `requirements` folder


def test_the_install_is_one_pitstop_run_can_reuse(tmp_path: Path) -> None:
    workspace, temp = tmp_path / "workspace", tmp_path / "temp"
    venv = temp / "python-3.13-abc"
    (venv / "bin").mkdir(parents=True)
    (venv / "pyvenv.cfg").write_text("home = /usr/bin\n")
    (venv / "bin" / "python").write_text("#!/bin/sh\n")
    (venv / "bin" / "python").chmod(0o755)
    lock = workspace / LOCK.path
    lock.parent.mkdir(parents=True)
    lock.write_text(LOCK.text())
    env = {"PATH": f"{venv / 'bin'}:/usr/bin"}
    found = installs.recognise(LOCK.install(), workspace, env, workspace, temp)
    assert found is not None
    assert [name for name, _ in found.files] == [LOCK.path]


def test_an_older_pythons_pip_audit_has_no_lock_and_init_writes_none(
    project: Callable[[Files], Path],
) -> None:
    root = project(python_3_8_poetry_project())
    old = config.load(root)
    assert ci.pip_audit_lock(old) is None
    pitstop("init", "--no-preflight", root).assert_success()
    assert not (root / LOCK.path).exists()
    assert not (root / tool_locks.LOCKS["bandit"].path).exists()
    dependabot = YAML(typ="safe").load((root / ".github/dependabot.yml").read_text())
    assert all(u["directory"] != "/.github" for u in dependabot["updates"])
