"""astral-sh/setup-uv, natively: the local uv, checked against `version`.

Honoured inputs:
- `version` (`0.5.2`, a range like `>=0.5,<0.6`, or `latest`/empty) and `version-file`
  (`pyproject.toml` or `uv.toml`: `required-version`): the local uv must match; `latest`
  cannot be checked offline and is noted.
- `enable-cache` (`auto`, `true`, `false`): uv uses its own local cache; nothing is
  restored or saved, `cache-hit` is `false` and a note says so. `cache-local-path` sets
  `UV_CACHE_DIR`.
- `UV_PYTHON_INSTALL_DIR` is the job's own `$RUNNER_TEMP/uv-python-dir`, as on a
  GitHub-hosted runner, and on PATH (a value the workflow set inside the job's folder is
  kept). It starts empty, as there, then holds links to the interpreter `python-version`
  chose, else to the local match of the workflow's `UV_PYTHON` or of the working
  directory's `.python-version` (which uv would download on GitHub; see `uv_pythons`), so
  uv finds it as a managed install, never downloads it, and a job's `uv python install`
  never writes into your uv folder.
- `python-version`: exported as `UV_PYTHON` with the text as written (`3.12`), as GitHub
  does; the local interpreter for it (see `pythons`; installed with uv when missing and
  online, see `python_provision`) is linked into the job's uv Python folder, so
  `uv python find 3.12`, `uv venv`, `uv sync` pick it.
- `activate-environment` (+ `venv-path`, `working-directory`): `uv venv` and the venv on PATH,
  `VIRTUAL_ENV` and the `venv` output.
- `tool-dir`, `tool-bin-dir`: exported as `UV_TOOL_DIR` / `UV_TOOL_BIN_DIR`; without
  `tool-bin-dir`, the job home's `~/.local/bin` (where `uv tool install` puts scripts) is on
  PATH, as setup-uv adds it.
- Accepted without local effect: the cache tuning inputs, `github-token`, `checksum`,
  `manifest-file`, mirrors, problem matchers, `quiet`, `resolution-strategy`.

The local uv comes from the step's PATH (a pyenv shim is resolved), or `python -m uv`.
Outputs `uv-version`, `uv-path`, `uvx-path`, `cache-hit` (with caching), `python-version`
(the input as written, else the version of what `uv python find` reports, else `unknown`,
as setup-uv does), `venv`.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

from pitstop.actions import inputs, probe, pythons, setup_python, tools, uv_pythons, uv_system
from pitstop.actions.base import ActionCall, ActionResult

INPUTS = (
    "version", "version-file", "python-version", "activate-environment", "venv-path",
    "no-project", "working-directory", "checksum", "github-token", "enable-cache",
    "cache-dependency-glob", "restore-cache", "save-cache", "cache-suffix", "cache-local-path",
    "prune-cache", "cache-python", "ignore-nothing-to-cache", "ignore-empty-workdir",
    "tool-dir", "tool-bin-dir", "manifest-file", "download-from-astral-mirror",
    "add-problem-matchers", "quiet", "resolution-strategy", "server-url", "pyproject-file",
    "uv-file",
)  # fmt: skip


def run(call: ActionCall) -> ActionResult:
    inputs.check_inputs(call, INPUTS)
    uv = find_uv(call)
    version_text = probe.output([uv, "--version"], env=dict(call.env)) or ""
    version = pythons.version_of(version_text)
    if version is None:
        raise inputs.error(call, f"{uv} --version did not report a version")
    result = ActionResult()
    _check_version(call, result, wanted_version(call), version)
    result.outputs |= {
        "uv-version": ".".join(map(str, version)),
        "uv-path": str(uv),
        "uvx-path": str(uv.with_name("uvx")),
    }
    temp = Path(call.env.get("RUNNER_TEMP") or call.stores.tool_cache)
    uv_tools = [uv, uv.with_name("uvx")]
    _tool_dirs(call, result)
    folder = tools.private_bin(temp, "uv", uv_tools)
    uv_system.write(folder, uv)
    result.path.append(str(folder))
    _cache(call, result)
    _python(call, result, uv)
    return result


def find_uv(call: ActionCall) -> Path:
    uv = tools.find("uv", call.env) or tools.python_module_path("uv", "find_uv_bin", call.env)
    if uv is None:
        raise inputs.error(
            call,
            "uv is not installed",
            hint="install it: `pipx install uv`, `pip install uv` or see docs.astral.sh/uv",
        )
    return uv


def wanted_version(call: ActionCall) -> str:
    version = inputs.text(call, "version")
    file = inputs.text(call, "version-file")
    if version or not file:
        return version
    path = call.workspace / file
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise inputs.error(call, f"cannot read version-file {file}: {exc}") from None
    table = data.get("tool", {}).get("uv", {}) if path.name == "pyproject.toml" else data
    return str(table.get("required-version", ""))


def _check_version(
    call: ActionCall, result: ActionResult, wanted: str, version: pythons.Version
) -> None:
    local = ".".join(map(str, version))
    if wanted in ("", "latest"):
        if wanted:
            result.notes.append(f"setup-uv version latest: not checked offline; local uv {local}")
        return
    spec = pythons.parse_spec(wanted)
    if spec is None:
        raise inputs.error(call, f"cannot read the uv version {wanted!r}")
    if not spec.matches(version):
        raise inputs.error(
            call,
            f"uv {wanted} was requested but the local uv is {local}",
            hint=f"install it: `pipx install uv=={wanted}` (or `pip install uv=={wanted}`)",
        )


def _cache(call: ActionCall, result: ActionResult) -> None:
    enabled = inputs.text(call, "enable-cache", "auto")
    if enabled not in ("auto", "true", "false"):
        raise inputs.error(call, f"enable-cache: {enabled!r}", hint="use auto, true or false")
    local_path = inputs.text(call, "cache-local-path")
    if local_path:
        result.env["UV_CACHE_DIR"] = str(call.workspace / local_path)
    if enabled == "false":
        return
    result.outputs["cache-hit"] = "false"
    result.notes.append(
        "setup-uv cache: uv uses its own local cache; nothing restored or saved (cache-hit false)"
    )


def _tool_dirs(call: ActionCall, result: ActionResult) -> None:
    for name, variable in (("tool-dir", "UV_TOOL_DIR"), ("tool-bin-dir", "UV_TOOL_BIN_DIR")):
        value = inputs.text(call, name)
        if value:
            result.env[variable] = str(call.workspace / value)
    bin_dir = inputs.text(call, "tool-bin-dir")
    if bin_dir:
        result.path.append(str(call.workspace / bin_dir))
    elif call.env.get("XDG_BIN_HOME"):
        result.path.append(call.env["XDG_BIN_HOME"])
    elif call.env.get("XDG_DATA_HOME"):
        result.path.append(str(Path(call.env["XDG_DATA_HOME"]).parent / "bin"))
    elif call.env.get("HOME"):
        result.path.append(str(Path(call.env["HOME"]) / ".local" / "bin"))


def _python(call: ActionCall, result: ActionResult, uv: Path) -> None:
    folder = _install_dir(call)
    folder.mkdir(parents=True, exist_ok=True)
    result.env["UV_PYTHON_INSTALL_DIR"] = str(folder)
    result.path.append(str(folder))
    found = sorted(pythons.discover(call.env), key=lambda i: i.version, reverse=True)
    wanted = inputs.text(call, "python-version")
    if not wanted:
        _link_requested(call, folder, found)
    else:
        interpreter = setup_python.local_python(call, wanted, False, found, result)
        if interpreter is None:
            setup_python.not_verified(wanted, False, found, result)
            return
        uv_pythons.link(folder, interpreter)
        result.env["UV_PYTHON"] = wanted
        result.outputs["python-version"] = wanted  # as GitHub: the input as written
    env = _step_env(call, result)
    if "python-version" not in result.outputs:
        result.outputs["python-version"] = _found_version(call, uv, env)
    if inputs.boolean(call, "activate-environment", False):
        _activate(call, result, uv, env)


def _link_requested(call: ActionCall, folder: Path, found: list[pythons.Interpreter]) -> None:
    """uv reads `UV_PYTHON` (set by the workflow) or `.python-version` and on GitHub downloads
    that Python when the runner lacks it: link the local one, so uv finds it instead of a
    download or a shim."""
    file = call.workspace / inputs.text(call, "working-directory", ".") / ".python-version"
    lines = file.read_text(encoding="utf-8").split() if file.is_file() else []
    request = call.env.get("UV_PYTHON") or (lines[0] if lines else "")
    spec = pythons.parse_spec(request) if request else None
    interpreter = pythons.best(spec, found) if spec is not None else None
    if interpreter is not None:
        uv_pythons.link(folder, interpreter)


def _install_dir(call: ActionCall) -> Path:
    """The job's `uv-python-dir`; one the workflow set inside the job's folder is kept."""
    given = call.env.get("UV_PYTHON_INSTALL_DIR", "")
    roots = [r for r in (call.job_dir, call.workspace) if r is not None]
    if given and any(Path(given).is_relative_to(root) for root in roots):
        return Path(given)
    temp = Path(call.env.get("RUNNER_TEMP") or call.stores.tool_cache)
    return temp / uv_pythons.FOLDER


def _step_env(call: ActionCall, result: ActionResult) -> dict[str, str]:
    """The environment the next step will see (this step's variables and PATH added)."""
    env = dict(call.env) | result.env
    env["PATH"] = os.pathsep.join([*reversed(result.path), call.env.get("PATH", "")])
    return env


def _found_version(call: ActionCall, uv: Path, env: dict[str, str]) -> str:
    """setup-uv's `python-version` output without the input: `uv python find`'s Python."""
    folder = call.workspace / inputs.text(call, "working-directory", ".")
    found = probe.output([uv, "python", "find", "--directory", folder], env=env)
    answer = probe.output([found, "--version"], env=env) if found else None
    return answer.split()[-1] if answer else "unknown"


def _activate(call: ActionCall, result: ActionResult, uv: Path, env: dict[str, str]) -> None:
    folder = call.workspace / inputs.text(call, "working-directory", ".")
    venv = folder / inputs.text(call, "venv-path", ".venv")
    if call.run_command([str(uv), "venv", str(venv)], env=env, cwd=folder) != 0:
        raise inputs.error(call, f"uv venv {venv} failed")
    result.env["VIRTUAL_ENV"] = str(venv)
    result.path.append(str(venv / "bin"))
    result.outputs["venv"] = str(venv)
