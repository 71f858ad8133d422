"""j178/prek-action, natively: `prek run --show-diff-on-failure --color=always <extra-args>`.

prek (on PyPI) is the fast reimplementation of pre-commit; its action installs prek and runs
it. Honoured inputs: `extra-args` (and the deprecated `extra_args`; default `--all-files`),
`working-directory` (default `.`), `install-only`, `prek-version` (the local prek runs; a
note names both versions when they differ), `cache` and `show-verbose-logs` (accepted: the
hooks' environments live in your usual prek cache). Output: `prek-version`.

The prek on the step's PATH is used, or else `python -m prek` with the step's python, or else
the prek installed beside pitstop (`pip install prek` in pitstop's environment). Like
pre-commit's stand-in (pre_commit.py), offline-honest: when the internet is unreachable, the
remote repositories missing from prek's cache (`<PREK_HOME or ~/.cache/prek>/repos/*/
.prek-repo.json`) cannot be cloned, so the hooks run from a copy of the config without them and
the step is "not verified (offline)", naming the skipped hooks, unless a hook that did run
failed. `local`, `meta` and `builtin` hooks, and cached repositories, run for real.
"""

from __future__ import annotations

import json
import shlex
import sys
import tempfile
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pitstop.actions import inputs, pre_commit, probe, tools
from pitstop.actions.base import ActionCall, ActionResult, Annotation
from pitstop.runner import network

INPUTS = (
    "extra-args",
    "extra_args",
    "working-directory",
    "install-only",
    "prek-version",
    "cache",
    "show-verbose-logs",
)
# prek reads the first of these in a folder (prek.j178.dev, "Configuration").
CONFIGS = ("prek.toml", ".pre-commit-config.yaml", ".pre-commit-config.yml")
NO_FETCH = ("local", "meta", "builtin")  # hooks prek runs without cloning anything


def run(call: ActionCall) -> ActionResult:
    inputs.check_inputs(call, INPUTS)
    result = ActionResult()
    prek = command(call)
    version = _version(prek, call.env)
    result.outputs["prek-version"] = f"v{version}" if version else ""
    wanted = inputs.text(call, "prek-version", "latest").removeprefix("v")
    if wanted != "latest" and version and wanted != version:
        result.notes.append(f"prek-action: ran the local prek {version} (the step asks {wanted})")
    if inputs.boolean(call, "install-only", default=False):
        return result
    folder = call.workspace / inputs.text(call, "working-directory", ".")
    extra = inputs.text(call, "extra_args") or inputs.text(call, "extra-args", "--all-files")
    argv = [*prek, "run", "--show-diff-on-failure", "--color=always", *shlex.split(extra)]
    with tempfile.TemporaryDirectory(prefix="pitstop-prek-") as temp:
        skipped = [] if network.internet_reachable() else _without_uncached(call, folder, temp)
        if skipped:
            argv += ["--config", str(Path(temp) / pre_commit.CONFIG)]
            result.notes.append(
                f"not verified (offline): prek hooks not in the cache: {', '.join(skipped)}"
            )
        code = call.run_command(argv, env=dict(call.env), cwd=folder)
    if code != 0:
        result.conclusion = "failure"
        result.annotations.append(Annotation("error", f"prek exited with code {code}"))
    elif skipped:
        result.verified = False
    return result


def _without_uncached(call: ActionCall, folder: Path, temp: str) -> list[str]:
    """Write the config without the uncached remote repositories; their hooks' ids."""
    cached = _cached(home(call.env))
    return pre_commit.without_uncached(load(folder), cached, Path(temp), NO_FETCH)


def load(folder: Path) -> dict[str, Any]:
    """The project's configuration (prek.toml or the pre-commit YAML), as a mapping."""
    for name in CONFIGS:
        path = folder / name
        if not path.is_file():
            continue
        if name.endswith(".toml"):
            try:
                return tomllib.loads(path.read_text(encoding="utf-8"))
            except (OSError, tomllib.TOMLDecodeError):
                return {}  # prek reports a broken config itself
        return pre_commit.load(path)
    return {}


def home(env: Mapping[str, str]) -> Path:
    """prek's cache folder, as prek finds it: PREK_HOME, else the XDG cache folder."""
    if env.get("PREK_HOME"):
        return Path(env["PREK_HOME"]).expanduser()
    cache = env.get("XDG_CACHE_HOME")
    if cache and Path(cache).is_absolute():
        return Path(cache) / "prek"
    return Path(env.get("HOME", "~")).expanduser() / ".cache" / "prek"


def _cached(folder: Path) -> set[tuple[object, object]]:
    """The (repository, rev) pairs prek has already cloned."""
    found: set[tuple[object, object]] = set()
    for marker in (folder / "repos").glob("*/.prek-repo.json"):
        try:
            record = json.loads(marker.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(record, dict):
            found.add((record.get("repo"), record.get("rev")))
    return found


def _version(prek: list[str], env: Mapping[str, str]) -> str:
    answer = probe.output([*prek, "--version"], env=dict(env)) or ""
    return answer.split()[-1] if answer.startswith("prek ") else ""


def command(call: ActionCall) -> list[str]:
    found = tools.script_or_module("prek", "prek", call.env)
    if found is not None:
        return found
    beside_pitstop = Path(sys.executable).parent / "prek"  # `pip install prek` next to pitstop
    if beside_pitstop.is_file():
        return [str(beside_pitstop)]
    raise inputs.error(
        call,
        "prek is not installed",
        hint="`uv tool install prek` or `pipx install prek`, or `pip install prek` in a step "
        "before this one",
    )
