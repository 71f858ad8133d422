"""astral-sh/setup-uv, natively: the local uv, checked against `version`.

Honoured inputs:
- `version` (`0.5.2`, a range like `>=0.5,<0.6`, or `latest`/empty) and `version-file`
  (`pyproject.toml` or `uv.toml`: `required-version`): the local uv must match; `latest`
  cannot be checked offline and is noted.
- `enable-cache` (`auto`, `true`, `false`): uv uses its own local cache; nothing is
  restored or saved, `cache-hit` is `false` and a note says so. `cache-local-path` sets
  `UV_CACHE_DIR`.
- `python-version`: resolved to a local interpreter (see `pythons`) and exported as
  `UV_PYTHON` with that interpreter's path (GitHub exports the version text; a path keeps uv
  from downloading or from picking a pyenv shim).
- `activate-environment` (+ `venv-path`, `working-directory`): `uv venv` and the venv on PATH,
  `VIRTUAL_ENV` and the `venv` output.
- `tool-dir`, `tool-bin-dir`: exported as `UV_TOOL_DIR` / `UV_TOOL_BIN_DIR`.
- Accepted without local effect: the cache tuning inputs, `github-token`, `checksum`,
  `manifest-file`, mirrors, problem matchers, `quiet`, `resolution-strategy`.

The local uv comes from the step's PATH (a pyenv shim is resolved), or `python -m uv`.
Outputs `uv-version`, `uv-path`, `uvx-path`, `cache-hit` (with caching), `python-version`,
`venv`.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from pitstop.actions import inputs, probe, pythons, setup_python, tools
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
    result.path.append(str(tools.private_bin(temp, "uv", uv_tools)))
    _cache(call, result)
    _tool_dirs(call, result)
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


def _python(call: ActionCall, result: ActionResult, uv: Path) -> None:
    wanted = inputs.text(call, "python-version")
    if wanted:
        found = sorted(pythons.discover(call.env), key=lambda i: i.version, reverse=True)
        interpreter = setup_python.resolve(call, wanted, False, found)
        if interpreter is None:
            setup_python.not_verified(wanted, False, found, result)
            return
        result.env["UV_PYTHON"] = str(interpreter.path)
        result.outputs["python-version"] = interpreter.version_text
    if not inputs.boolean(call, "activate-environment", False):
        return
    folder = call.workspace / inputs.text(call, "working-directory", ".")
    venv = folder / inputs.text(call, "venv-path", ".venv")
    argv = [str(uv), "venv", str(venv)]
    if "UV_PYTHON" in result.env:
        argv += ["--python", result.env["UV_PYTHON"]]
    if call.run_command(argv, env=dict(call.env), cwd=folder) != 0:
        raise inputs.error(call, f"uv venv {venv} failed")
    result.env["VIRTUAL_ENV"] = str(venv)
    result.path.append(str(venv / "bin"))
    result.outputs["venv"] = str(venv)
