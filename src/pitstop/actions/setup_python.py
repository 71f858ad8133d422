"""actions/setup-python, natively: a local interpreter, isolated in a virtual environment.

Honoured inputs:
- `python-version`: one version a line (the last one is the default), read as setup-python
  reads it (see `pitstop.actions.pythons`): `3.12`, `3.12.1`, `3.x`, `>=3.11 <3.13`,
  `3.13-dev`.
- `python-version-file`: `.python-version` (one version a line), `.tool-versions` (the
  `python` line) or `pyproject.toml` (`project.requires-python`, else poetry's
  `tool.poetry.dependencies.python`). With neither input, `.python-version` is read when it
  exists; otherwise the step changes nothing, as setup-python does.
- `allow-prereleases`, `update-environment`, `pip-version` (installs that pip into the venv).
- `cache: pip|pipenv|poetry`: the tools use their usual local cache (pip's is
  `~/.cache/pip`, your own); nothing is restored or saved, `cache-hit` is `false` and a note
  says so. As on GitHub, the dependency files must exist (`cache-dependency-path`, default
  `**/requirements.txt` or else `**/pyproject.toml` for pip, `**/Pipfile.lock`,
  `**/poetry.lock`), or the step fails.
- Accepted, with no local effect: `architecture` (must be the machine's), `check-latest`,
  `token`, `freethreaded: false`.

A Python this machine lacks (but some CPython release could be) is installed with uv into
pitstop's cache when uv can download it (`python_provision`), as GitHub would provide it.
Otherwise (offline) it is not a failure: the step is "not verified (no local Python 3.14)",
says how to get one, and halts the job (`ActionResult.halts_job`): its later steps would run
on another Python, so they do not run. A version no release could have (`4.2`) is an error.

Deviation, on purpose: GitHub hands the job a throw-away interpreter, so `pip install` is
harmless there. Locally the interpreter is yours (pyenv, uv, ...), so the step creates a
virtual environment from it in the temp folder (`RUNNER_TEMP/python-<version>-<job key>`,
one per job and matrix cell) and puts that venv's
`bin` first on PATH: `python`, `pip` and installed scripts resolve to the venv and your
install is never modified. Right after the venv on PATH comes a folder holding only
`python`, `python3` and `python3.X` linked to the interpreter itself, where GitHub's
toolcache `bin` is: uv skips venvs when it needs a base interpreter, so `uv venv --python
python` and `uv sync --python 3.12` find the requested Python there, not a pyenv shim.
`python-path` is the venv's python; `pythonLocation`, `Python_ROOT_DIR`, `Python2_ROOT_DIR`,
`Python3_ROOT_DIR` name the venv; `PKG_CONFIG_PATH` and `LD_LIBRARY_PATH` point into the real
install, where the headers and libpython live.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import re
import tomllib
from collections.abc import Callable
from pathlib import Path

from pitstop.actions import (
    inputs,
    python_provision,
    pythons,
    tools,
    uv_pythons,
    uv_system,
    venv_seeds,
)
from pitstop.actions.base import ActionCall, ActionResult, JobStatus

INPUTS = (
    "python-version",
    "python-version-file",
    "cache",
    "cache-dependency-path",
    "architecture",
    "check-latest",
    "token",
    "update-environment",
    "allow-prereleases",
    "freethreaded",
    "pip-version",
)

CACHES = {"pip": "~/.cache/pip", "pipenv": "~/.cache/pip", "poetry": "~/.cache/pypoetry"}
# The files setup-python hashes into the cache key; without any, it fails the step.
DEPENDENCY_FILES = {
    "pip": "**/requirements.txt",
    "pipenv": "**/Pipfile.lock",
    "poetry": "**/poetry.lock",
}
PIP_BACKUP_FILES = "**/pyproject.toml"
ARCHITECTURES = {"x86_64": "x64", "amd64": "x64", "aarch64": "arm64", "arm64": "arm64"}


def run(call: ActionCall) -> ActionResult:
    inputs.check_inputs(call, INPUTS)
    result = ActionResult()
    _check_accepted_inputs(call, result)
    update_environment = inputs.boolean(call, "update-environment", True)
    _cache_note(call, result)
    specs = requested_versions(call)
    if not specs:
        result.notes.append("setup-python: no python-version given; the Python on PATH is used")
        return result
    allow = inputs.boolean(call, "allow-prereleases", False)
    found = sorted(pythons.discover(call.env), key=lambda i: i.version, reverse=True)
    chosen = [(text, local_python(call, text, allow, found, result)) for text in specs]
    for text, interpreter in chosen:
        if interpreter is None:
            return not_verified(text, allow, found, result)
    for _, interpreter in chosen:
        assert interpreter is not None
        venv = _venv(call, interpreter, result)
        _describe(call, result, interpreter, venv, update_environment)
    return result


def requested_versions(call: ActionCall) -> list[str]:
    versions = inputs.lines(call, "python-version")
    file = inputs.text(call, "python-version-file")
    if versions:
        if file:
            call.log("warning: both python-version and python-version-file given; using the first")
        return versions
    if file:
        return versions_from_file(call, call.workspace / file)
    default = call.workspace / ".python-version"
    return versions_from_file(call, default) if default.exists() else []


def versions_from_file(call: ActionCall, file: Path) -> list[str]:
    if not file.is_file():
        raise inputs.error(call, f"the python-version-file {file} does not exist")
    content = file.read_text(encoding="utf-8")
    if file.name == ".tool-versions":
        found = [
            line.split()[1:] for line in content.splitlines() if line.split()[:1] == ["python"]
        ]
        versions = [v for words in found for v in words[:1]]
    elif file.suffix == ".toml":
        versions = _from_pyproject(call, file, content)
    else:
        versions = [s.strip() for s in content.splitlines() if s.strip() and s[0] != "#"]
    if not versions:
        raise inputs.error(call, f"no Python version found in {file}")
    return versions


def _from_pyproject(call: ActionCall, file: Path, content: str) -> list[str]:
    try:
        data = tomllib.loads(content)
    except tomllib.TOMLDecodeError as exc:
        raise inputs.error(call, f"{file} is not valid TOML: {exc}") from None
    if "project" in data:
        value = data["project"].get("requires-python")
    else:
        value = data.get("tool", {}).get("poetry", {}).get("dependencies", {}).get("python")
    return [str(value)] if value else []


def resolve(
    call: ActionCall, text: str, allow_prereleases: bool, found: list[pythons.Interpreter]
) -> pythons.Interpreter | None:
    """The local interpreter for `text`; None when there is none but a CPython release could
    match (the machine lacks it); an error when no release ever could (a mistake)."""
    spec = pythons.parse_spec(text, allow_prereleases)
    if spec is None:
        raise inputs.error(
            call,
            f"cannot read the Python version specification {text!r}",
            hint="use e.g. 3.12, 3.12.1, 3.x, '>=3.11 <3.13' or 3.13-dev (PyPy is not offered)",
        )
    chosen = pythons.best(spec, found)
    if chosen is None and pythons.release_line(spec) is None:
        listing = "; ".join(str(i) for i in found) or "none"
        raise inputs.error(
            call,
            f"no Python release matches {text!r} (found here: {listing})",
            hint="use a real version, e.g. 3.12, 3.12.1, 3.x or '>=3.11 <3.13'",
        )
    return chosen


def local_python(
    call: ActionCall,
    text: str,
    allow_prereleases: bool,
    found: list[pythons.Interpreter],
    result: ActionResult,
) -> pythons.Interpreter | None:
    """`resolve`, and when the machine lacks that Python, install it with uv when it can be
    downloaded (see `python_provision`); None when it still is not here."""
    interpreter = resolve(call, text, allow_prereleases, found)
    if interpreter is not None or not python_provision.available(call.env):
        return interpreter
    wanted = wanted_version(text, allow_prereleases)
    if not python_provision.install(call, wanted):
        result.notes.append(f"uv python install {wanted} failed (see the step log)")
        return None
    interpreter = resolve(call, text, allow_prereleases, pythons.discover(call.env))
    if interpreter is not None:
        result.notes.append(f"Python {interpreter.version_text} installed with uv ({text!r})")
    return interpreter


def wanted_version(text: str, allow_prereleases: bool) -> str:
    """What to ask for: the version as written when it is one (`3.14`, `3.12.4`), else the
    first release line the specification accepts (`>=3.13` -> `3.13`)."""
    spec = pythons.parse_spec(text, allow_prereleases)
    line = pythons.release_line(spec) if spec is not None else None
    plain = re.fullmatch(r"\d+\.\d+(?:\.\d+)?", text.strip()) is not None
    return text.strip() if plain or line is None else line


def not_verified(
    text: str, allow_prereleases: bool, found: list[pythons.Interpreter], result: ActionResult
) -> ActionResult:
    """No local Python for `text`: on GitHub the job would get one, so nothing after this
    step can be verified here (it would run on another Python)."""
    spec = pythons.parse_spec(text, allow_prereleases)
    line = pythons.release_line(spec) if spec is not None else None
    wanted = wanted_version(text, allow_prereleases)
    listing = ", ".join(i.version_text for i in found) or "none"
    result.verified = False
    result.halts_job = f"no local Python {wanted}"
    result.notes.append(
        f"not verified (no local Python {wanted}): no interpreter here matches {text!r} "
        f"(here: {listing}), so the job's later steps did not run; get it with "
        f"`pyenv install {wanted}`, `uv python install {wanted}` (online) or "
        f"`apt install python{line or wanted}` where your distribution has it"
    )
    return result


def _venv(call: ActionCall, interpreter: pythons.Interpreter, result: ActionResult) -> Path:
    """A job-local virtual environment made from `interpreter` (created once per job)."""
    temp = call.env.get("RUNNER_TEMP")
    base = Path(temp) if temp else call.stores.tool_cache / "pitstop-venvs"
    name = f"python-{interpreter.version_text}-{job_key(call)}"
    venv = base / name
    seeds = venv_seeds.folder(call.env)
    if seeds is not None and (seeds / name).is_dir() and not venv.exists():
        venv_seeds.clone(seeds / name, venv)
        call.log(f"venv seeded from {seeds / name} ({venv_seeds.ENV})")
    elif seeds is not None:
        result.post = _saver(venv, seeds / name)
    if not (venv / "bin" / "python").exists():
        code = _create_venv(call, interpreter, venv)
        if code != 0:
            raise inputs.error(call, f"creating a virtual environment from {interpreter} failed")
    pip_version = inputs.text(call, "pip-version")
    if pip_version:
        argv = [str(venv / "bin/python"), "-m", "pip", "install", f"pip=={pip_version}"]
        if call.run_command([*argv, "--disable-pip-version-check"]) != 0:
            raise inputs.error(call, f"installing pip {pip_version} failed")
    return venv


def _saver(venv: Path, template: Path) -> Callable[[JobStatus], None]:
    def save(status: JobStatus) -> None:
        if status == "success":
            venv_seeds.save(venv, template)

    return save


def _create_venv(call: ActionCall, interpreter: pythons.Interpreter, venv: Path) -> int:
    """`uv venv --seed` when uv is here (about 1 s, and a current pip, as GitHub's Pythons
    have); else `python -m venv` (ensurepip's bundled pip, several seconds)."""
    uv = tools.find("uv", call.env)
    if uv is not None:
        argv = [str(uv), "venv", "--quiet", "--seed", "--python", str(interpreter.path), str(venv)]
        if call.run_command(argv, env=None) == 0:
            return 0
        call.log("uv venv failed; falling back to python -m venv")
    return call.run_command([str(interpreter.path), "-m", "venv", str(venv)], env=None)


def job_key(call: ActionCall) -> str:
    """Tells jobs (and matrix cells) apart, the same in every run of the same job cell: the
    workflow, the job id and the matrix values (not `strategy`, whose job-index changes when
    a run selects fewer cells)."""
    github = call.contexts.get("github")
    github = github if isinstance(github, dict) else {}
    identity = {
        "workflow": github.get("workflow"),
        "job": github.get("job"),
        "matrix": call.contexts.get("matrix"),
    }
    text = json.dumps(identity, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:10]


def _describe(
    call: ActionCall,
    result: ActionResult,
    interpreter: pythons.Interpreter,
    venv: Path,
    update_environment: bool,
) -> None:
    call.log(f"Using Python {interpreter.version_text} from {interpreter.path} in venv {venv}")
    result.outputs["python-version"] = interpreter.version_text
    result.outputs["python-path"] = str(venv / "bin" / "python")
    if not update_environment:
        return
    for name in ("pythonLocation", "Python_ROOT_DIR", "Python2_ROOT_DIR", "Python3_ROOT_DIR"):
        result.env[name] = str(venv)
    result.env["PKG_CONFIG_PATH"] = str(interpreter.prefix / "lib" / "pkgconfig")
    lib = str(interpreter.prefix / "lib")
    current = result.env.get("LD_LIBRARY_PATH", call.env.get("LD_LIBRARY_PATH", ""))
    if lib not in current.split(os.pathsep):
        result.env["LD_LIBRARY_PATH"] = os.pathsep.join(p for p in (lib, current) if p)
    interpreter_bin = uv_pythons.python_bin(venv.with_name(f"{venv.name}-bin"), interpreter)
    uv = tools.find("uv", call.env)
    if uv is not None:
        uv_system.write(interpreter_bin, uv)
    result.path += [str(interpreter_bin), str(venv / "bin")]


def _cache_note(call: ActionCall, result: ActionResult) -> None:
    tool = inputs.text(call, "cache")
    if not tool:
        return
    if tool not in CACHES:
        raise inputs.error(
            call, f"cache {tool!r} is not supported", hint="use pip, pipenv or poetry"
        )
    _check_dependency_files(call, tool)
    result.outputs["cache-hit"] = "false"
    result.notes.append(
        f"setup-python cache: {tool} uses its own local cache ({CACHES[tool]}); "
        "nothing restored or saved (cache-hit is false)"
    )


def _check_dependency_files(call: ActionCall, tool: str) -> None:
    patterns = inputs.lines(call, "cache-dependency-path") or [DEPENDENCY_FILES[tool]]
    choices = [patterns, [PIP_BACKUP_FILES]] if tool == "pip" else [patterns]
    for lines in choices:
        if any(not path.is_dir() for path in inputs.glob_paths(call, lines)):
            return
    shown = ",".join(patterns) + (f" or {PIP_BACKUP_FILES}" if tool == "pip" else "")
    raise inputs.error(
        call,
        f"No file in {call.workspace} matched to [{shown}], "
        "make sure you have checked out the target repository",
    )


def _check_accepted_inputs(call: ActionCall, result: ActionResult) -> None:
    arch = inputs.text(call, "architecture")
    machine = ARCHITECTURES.get(platform.machine().lower(), platform.machine())
    if arch and arch != machine:
        raise inputs.error(call, f"architecture {arch!r} is not this machine's ({machine})")
    if inputs.boolean(call, "freethreaded", False):
        raise inputs.error(call, "free-threaded Python builds are not offered locally")
    if inputs.boolean(call, "check-latest", False):
        result.notes.append("setup-python check-latest: only local interpreters are considered")
