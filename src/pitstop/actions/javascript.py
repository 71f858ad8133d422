"""Any other JavaScript action, run with the local node from a local copy of its repository.

Nothing is downloaded: the action must be in the actions cache, `$PITSTOP_ACTIONS_CACHE`
(default `~/.cache/pitstop/actions`), as `<owner>/<repo>/<ref>/` (a clone checked out at the
ref used in `uses:`; `owner/repo/path@ref` uses the `path` folder of it). `clone_hint` says
how to fill it while online.

The action runs as GitHub runs a `node12|16|20|24` action: `pre` (when `pre-if` allows),
`main`, and `post` at the end of the job (by `post-if`, default `always()`), each as
`node <file>` with `INPUT_<NAME>` for every input (the name upper-cased, spaces as `_`;
defaults from action.yml, where `${{ github.x }}`/`${{ runner.x }}`/`${{ env.x }}` defaults
are filled from the contexts and any other expression default is left empty and noted),
`GITHUB_ACTION_PATH` and fresh `GITHUB_OUTPUT`, `GITHUB_ENV`, `GITHUB_PATH`, `GITHUB_STATE`
and `GITHUB_STEP_SUMMARY` files. State saved by pre/main reaches later phases as `STATE_<name>`.
Deviations: `pre` runs right before `main`, not at the start of the job; an input the
action does not declare is a warning (as on GitHub), not an error; `pre-if`/`post-if`
conditions other than the status functions are not evaluated (noted).
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from pitstop.actions import inputs, probe, tools
from pitstop.actions.base import ActionCall, ActionResult, Annotation, JobStatus
from pitstop.github import envfiles

NODE_RUNTIMES = ("node12", "node16", "node20", "node24")
CACHE_VARIABLE = "PITSTOP_ACTIONS_CACHE"
_CONTEXT_DEFAULT = re.compile(r"^\$\{\{\s*(github|runner|env)\.([A-Za-z_][\w-]*)\s*\}\}$")


def cache_root(env: Mapping[str, str] | None = None) -> Path:
    env = os.environ if env is None else env
    given = env.get(CACHE_VARIABLE)
    return Path(given) if given else Path.home() / ".cache/pitstop/actions"


@dataclass(frozen=True)
class Reference:
    owner: str
    repo: str
    path: str  # inside the repository, "" for the top
    ref: str

    @classmethod
    def parse(cls, uses: str) -> Reference | None:
        name, _, ref = uses.split("#", 1)[0].strip().partition("@")
        parts = name.split("/")
        if len(parts) < 2 or not ref or not all(parts):
            return None
        return cls(parts[0], parts[1], "/".join(parts[2:]), ref)

    def folder(self, root: Path) -> Path:
        return root / self.owner / self.repo / self.ref / self.path


def clone_hint(uses: str) -> str:
    """How to put the action of `uses:` into the actions cache (run by the user, online)."""
    ref = Reference.parse(uses)
    if ref is None:
        return "write uses: as owner/repo[/path]@ref"
    target = cache_root() / ref.owner / ref.repo / ref.ref
    return (
        f"git clone https://github.com/{ref.owner}/{ref.repo} {target} && "
        f"git -C {target} checkout {ref.ref}"
    )


def find(uses: str) -> JavaScriptAction | None:
    """The cached node action for `uses:`, or None (not cached, or not a node action)."""
    ref = Reference.parse(uses)
    if ref is None:
        return None
    return at(ref.folder(cache_root()), f"{ref.owner}/{ref.repo}", ref.ref)


def at(folder: Path, repository: str, ref: str, local: bool = False) -> JavaScriptAction | None:
    """The node action whose action.yml is in `folder`; `local` for a `uses: ./path`."""
    metadata = _metadata(folder)
    runs = metadata.get("runs") if metadata else None
    if not isinstance(runs, dict) or runs.get("using") not in NODE_RUNTIMES:
        return None
    declared = metadata.get("inputs") if metadata else None
    defaults = {
        str(name): ""
        if not isinstance(spec, dict) or spec.get("default") is None
        else str(spec["default"])
        for name, spec in (declared or {}).items()
    }
    return JavaScriptAction(repository, folder, ref, defaults, dict(runs), local)


def _metadata(folder: Path) -> dict[str, Any] | None:
    for name in ("action.yml", "action.yaml"):
        file = folder / name
        if file.is_file():
            try:
                data = YAML(typ="safe").load(file.read_text(encoding="utf-8"))
            except YAMLError:
                return None
            return data if isinstance(data, dict) else None
    return None


@dataclass(frozen=True)
class JavaScriptAction:
    repository: str
    folder: Path
    ref: str
    defaults: Mapping[str, str]  # every declared input -> its default
    runs: Mapping[str, Any] = field(default_factory=dict)
    # A local action (`uses: ./path`): GitHub runs no `pre` for it (actions/runner
    # ActionManager.cs registers `pre` only for actions not in the workflow's repository).
    local: bool = False

    @property
    def INPUTS(self) -> tuple[str, ...]:
        return tuple(self.defaults)

    def run(self, call: ActionCall) -> ActionResult:
        result = ActionResult()
        unexpected = sorted(set(call.inputs) - set(self.defaults))
        if unexpected:
            valid = list(self.defaults)
            message = f"Unexpected input(s) {', '.join(unexpected)}, valid inputs are {valid}"
            result.annotations.append(Annotation("warning", message))
        node = tools.find("node", call.env)
        if node is None:
            raise inputs.error(call, "node is not installed; JavaScript actions need it")
        if not self._node_matches(call, node, result):
            return result
        env = {**call.env, **self._inputs_env(call, result)}
        env["GITHUB_ACTION_PATH"] = str(self.folder)
        env["GITHUB_ACTION_REPOSITORY"] = "" if self.local else self.repository
        env["GITHUB_ACTION_REF"] = self.ref
        state: dict[str, str] = {}
        if self.runs.get("pre") and self.local:
            call.log(f"{self.repository}: `pre` is not run for a local action (as on GitHub)")
        elif self.runs.get("pre") and _allowed(
            str(self.runs.get("pre-if", "always()")), "success", result
        ):
            self._phase(call, node, "pre", env, state, result)
            if result.conclusion == "failure":
                return result
        self._phase(call, node, "main", env, state, result)
        if self.runs.get("post"):
            result.post = lambda status: self._post(call, node, env, state, status)
        return result

    def _node_matches(self, call: ActionCall, node: Path, result: ActionResult) -> bool:
        """GitHub runs `nodeN` on Node N (node12/node16 on Node 20 since 2024); without that
        major here, the action and the job's later steps are "not verified"."""
        using = str(self.runs.get("using"))
        major = 20 if using in ("node12", "node16") else int(using.removeprefix("node"))
        local = probe.output([node, "--version"], env=dict(call.env)) or ""
        if local.removeprefix("v").split(".")[0] == str(major):
            return True
        result.verified = False
        result.halts_job = f"no local Node {major}"
        result.notes.append(
            f"not verified (no local Node {major}): {self.repository} uses {using}, the local "
            f"node is {local or 'unknown'}, so it and the job's later steps did not run; "
            f"install it (nvm install {major})"
        )
        return False

    def _post(
        self,
        call: ActionCall,
        node: Path,
        env: dict[str, str],
        state: dict[str, str],
        status: JobStatus,
    ) -> ActionResult | None:
        post = ActionResult()
        if not _allowed(str(self.runs.get("post-if", "always()")), status, post):
            return None
        self._phase(call, node, "post", env, state, post)
        return post

    def _inputs_env(self, call: ActionCall, result: ActionResult) -> dict[str, str]:
        values = {**{k: self._default(call, v, k, result) for k, v in self.defaults.items()}}
        values |= dict(call.inputs)
        return {f"INPUT_{name.replace(' ', '_').upper()}": value for name, value in values.items()}

    def _default(self, call: ActionCall, default: str, name: str, result: ActionResult) -> str:
        if "${{" not in default:
            return default
        m = _CONTEXT_DEFAULT.match(default.strip())
        source = call.env if m and m[1] == "env" else call.contexts.get(m[1]) if m else None
        if m and isinstance(source, Mapping) and m[2] in source:
            return str(source[m[2]])
        result.notes.append(
            f"{self.repository}: default of input {name} ({default}) not evaluated; empty"
        )
        return ""

    def _phase(
        self,
        call: ActionCall,
        node: Path,
        phase: str,
        env: dict[str, str],
        state: dict[str, str],
        result: ActionResult,
    ) -> None:
        base = Path(call.env.get("RUNNER_TEMP") or call.stores.tool_cache)
        base.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix=f"pitstop-{phase}-", dir=base) as temp:
            files = {
                name: Path(temp) / name.lower()
                for name in (
                    "GITHUB_OUTPUT",
                    "GITHUB_ENV",
                    "GITHUB_PATH",
                    "GITHUB_STATE",
                    "GITHUB_STEP_SUMMARY",
                )
            }
            for file in files.values():
                file.touch()
            phase_env = {**env, **{k: str(v) for k, v in files.items()}}
            phase_env |= {f"STATE_{k}": v for k, v in state.items()}
            phase_env["PATH"] = os.pathsep.join([*reversed(result.path), env.get("PATH", "")])
            phase_env |= result.env
            script = self.folder / str(self.runs[phase])
            code = call.run_command([str(node), str(script)], env=phase_env, cwd=call.workspace)
            self._collect(files, state, env, result)
        if code != 0:
            result.conclusion = "failure"
            result.annotations.append(
                Annotation("error", f"{self.repository} {phase} exited with code {code}")
            )

    @staticmethod
    def _collect(
        files: dict[str, Path], state: dict[str, str], env: dict[str, str], result: ActionResult
    ) -> None:
        result.outputs |= envfiles.parse_env_file(files["GITHUB_OUTPUT"])
        new_env = envfiles.parse_env_file(files["GITHUB_ENV"])
        result.env |= new_env
        env |= new_env
        result.path += envfiles.parse_path_file(files["GITHUB_PATH"])
        state |= envfiles.parse_env_file(files["GITHUB_STATE"])
        result.summary += envfiles.read_summary(files["GITHUB_STEP_SUMMARY"])


def _allowed(condition: str, status: str, result: ActionResult) -> bool:
    text = condition.strip().removeprefix("${{").removesuffix("}}").strip()
    known = {"always()": True, "success()": status == "success", "failure()": status == "failure"}
    known["cancelled()"] = status == "cancelled"
    if text in known:
        return known[text]
    result.notes.append(f"condition {condition!r} not evaluated; the phase runs")
    return True
