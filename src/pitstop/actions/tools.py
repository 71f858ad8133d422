"""Finding a local tool (uv, node, pre-commit, trivy) the way the step's shell would.

The step's PATH is searched, skipping version-manager shims (pyenv, asdf, mise): a shim is
resolved to the executable it stands for (`pyenv which`), because shims choose a version from
the current folder instead of being one.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path

from pitstop.actions import probe

SHIM_FOLDERS = ("shims",)


def find(name: str, env: Mapping[str, str]) -> Path | None:
    folders = env.get("PATH", "").split(os.pathsep)
    plain = os.pathsep.join(f for f in folders if Path(f).name not in SHIM_FOLDERS)
    found = probe.which(name, {"PATH": plain})
    if found:
        return Path(found)
    for folder in folders:
        if Path(folder).name in SHIM_FOLDERS and (Path(folder) / name).exists():
            resolved = probe.output(["pyenv", "which", name], env=dict(env), timeout=15)
            if resolved and Path(resolved).is_file():
                return Path(resolved)
    return None


def script_or_module(script: str, module: str, env: Mapping[str, str]) -> list[str] | None:
    """The argv that runs a Python tool the step could: its console script on the step's PATH,
    else `python -m <module>` when the step's Python imports it; None when neither does."""
    found = find(script, env)
    if found is not None:
        return [str(found)]
    python = find("python", env) or find("python3", env)
    if python and probe.output([python, "-c", f"import {module}"], env=dict(env)) is not None:
        return [str(python), "-m", module]
    return None


def python_module_path(module: str, attribute: str, env: Mapping[str, str]) -> Path | None:
    """A path a module of the step's `python` reports, e.g. `uv.find_uv_bin()`."""
    python = find("python3", env) or find("python", env)
    if python is None:
        return None
    answer = probe.output(
        [python, "-c", f"import {module}; print({module}.{attribute}())"], env=dict(env)
    )
    return Path(answer) if answer else None


def private_bin(temp: Path, tool: str, executables: Sequence[Path]) -> Path:
    """A folder holding only links to `executables`, for the step's PATH.

    A local tool often lives in a shared folder (`/usr/bin`, a pyenv version's `bin`):
    putting that folder first on PATH would shadow the job's Python and everything else, where
    GitHub's setup actions add a folder that holds only their tool.
    """
    folder = temp / f"pitstop-bin-{tool}"
    folder.mkdir(parents=True, exist_ok=True)
    for executable in executables:
        link = folder / executable.name
        if executable.exists() and not link.exists():
            link.symlink_to(executable.resolve())
    return folder
