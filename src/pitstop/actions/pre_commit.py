"""pre-commit/action, natively: `pre-commit run --show-diff-on-failure --color=always <extra_args>`.

Honoured input: `extra_args` (default `--all-files`), split like a shell would.

The real action pip-installs pre-commit and caches `~/.cache/pre-commit`; locally the
pre-commit on the step's PATH is used (a pyenv shim is resolved), or else `python -m
pre_commit` with the step's python (e.g. the venv of setup-python), and hook environments
live in the step's `PRE_COMMIT_HOME`: in `pitstop run`, pitstop's pre-commit store for this
repository, seeded once by copying your `~/.cache/pre-commit` (runner/pre_commit_seed.py), so
the hooks you have keep working offline and your own store is never written.

Hooks of remote repositories must be cloned the first time. When the internet is unreachable
(runner/network.py), the repositories missing from pre-commit's cache cannot be: the hooks run
from a copy of the config without them (pre-commit clones every repository of its config
before it looks at SKIP), and the step is "not verified (offline)", naming the skipped hooks,
unless a hook that did run failed: then it fails. Cached, `local` and `meta` hooks run for real.
The step fails when pre-commit exits non-zero.
"""

from __future__ import annotations

import shlex
import sqlite3
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from pitstop.actions import inputs, tools
from pitstop.actions.base import ActionCall, ActionResult, Annotation
from pitstop.runner import network

INPUTS = ("extra_args",)
CONFIG = ".pre-commit-config.yaml"
NO_FETCH = ("local", "meta")


def run(call: ActionCall) -> ActionResult:
    inputs.check_inputs(call, INPUTS)
    extra = shlex.split(call.inputs.get("extra_args", "--all-files"))
    argv = [*command(call), "run", "--show-diff-on-failure", "--color=always", *extra]
    result = ActionResult()
    with tempfile.TemporaryDirectory(prefix="pitstop-pre-commit-") as temp:
        skipped = [] if network.internet_reachable() else _without_uncached(call, Path(temp))
        if skipped:
            argv += ["--config", str(Path(temp) / CONFIG)]
            note = (
                f"not verified (offline): pre-commit hooks not in the cache: {', '.join(skipped)}"
            )
            result.notes.append(note)
        code = call.run_command(argv, env=dict(call.env), cwd=call.workspace)
    if code != 0:
        result.conclusion = "failure"
        result.annotations.append(Annotation("error", f"pre-commit failed (exit code {code})"))
    elif skipped:
        result.verified = False
    return result


def _without_uncached(call: ActionCall, temp: Path) -> list[str]:
    return without_uncached(load(call.workspace / CONFIG), _cached(_home(call.env)), temp)


def without_uncached(
    config: Mapping[str, Any],
    cached: set[tuple[object, object]],
    temp: Path,
    no_fetch: tuple[str, ...] = NO_FETCH,
) -> list[str]:
    """Write `config` without the remote repositories missing from the cache into
    `temp/.pre-commit-config.yaml`; the ids of their hooks (none: nothing left out, nothing
    written). Shared with prek's stand-in: prek reads the same configuration format."""
    kept: list[Any] = []
    skipped: list[str] = []
    for repo in config.get("repos") or []:
        if not isinstance(repo, dict):
            return []  # pre-commit reports a malformed config itself
        if repo.get("repo") in no_fetch or (repo.get("repo"), repo.get("rev")) in cached:
            kept.append(repo)
        else:
            skipped += [str(hook.get("id")) for hook in repo.get("hooks") or []]
    if skipped:
        yaml = YAML(typ="safe")
        with (temp / CONFIG).open("w", encoding="utf-8") as file:
            yaml.dump({**config, "repos": kept}, file)
    return skipped


def load(path: Path) -> dict[str, Any]:
    try:
        loaded = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    except (OSError, YAMLError):
        return {}  # pre-commit reports a missing or broken config itself
    return loaded if isinstance(loaded, dict) else {}


def _home(env: Mapping[str, str]) -> Path:
    """pre-commit's store, as pre-commit finds it."""
    if env.get("PRE_COMMIT_HOME"):
        return Path(env["PRE_COMMIT_HOME"])
    cache = env.get("XDG_CACHE_HOME")
    base = Path(cache) if cache else Path(env.get("HOME", "~")).expanduser() / ".cache"
    return base / "pre-commit"


def _cached(home: Path) -> set[tuple[object, object]]:
    """The (repository, rev) pairs already cloned into pre-commit's store."""
    database = home / "db.db"
    if not database.is_file():
        return set()
    connection = sqlite3.connect(database)
    try:
        return set(connection.execute("SELECT repo, ref FROM repos"))
    except sqlite3.Error:
        return set()
    finally:
        connection.close()


def command(call: ActionCall) -> list[str]:
    found = tools.script_or_module("pre-commit", "pre_commit", call.env)
    if found is not None:
        return found
    raise inputs.error(
        call,
        "pre-commit is not installed",
        hint="`pipx install pre-commit`, or `pip install pre-commit` in a step before this one",
    )
