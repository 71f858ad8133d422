"""Finding a local tool (uv, node, pre-commit, trivy) the way the step's shell would.

The step's PATH is searched, skipping version-manager shims (pyenv, asdf, mise): a shim is
resolved to the executable it stands for (`pyenv which`), because shims choose a version from
the current folder instead of being one.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
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


def python_module_path(module: str, attribute: str, env: Mapping[str, str]) -> Path | None:
    """A path a module of the step's `python` reports, e.g. `uv.find_uv_bin()`."""
    python = find("python3", env) or find("python", env)
    if python is None:
        return None
    answer = probe.output(
        [python, "-c", f"import {module}; print({module}.{attribute}())"], env=dict(env)
    )
    return Path(answer) if answer else None
