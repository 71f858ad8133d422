"""The environment steps inherit from the host: yours, minus what belongs to pitstop itself.

Steps run natively, so they see your PATH, HOME and tools. Removed: `PITSTOP_SECRET_*`
(secrets reach steps only through `secrets.*`), and the Python environment pitstop may be
running in (an activated virtualenv and its `bin` on PATH, PYTHONPATH, PYTHONHOME), so that a
step's `pip install` never lands in pitstop's own environment.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from pitstop.runner.secrets import ENV_PREFIX

PYTHON_VARIABLES = ("VIRTUAL_ENV", "VIRTUAL_ENV_PROMPT", "PYTHONPATH", "PYTHONHOME")


def host_environment(environ: Mapping[str, str]) -> dict[str, str]:
    env = {
        key: value
        for key, value in environ.items()
        if not key.startswith(ENV_PREFIX) and key not in PYTHON_VARIABLES
    }
    venv = environ.get("VIRTUAL_ENV")
    if venv and "PATH" in env:
        own = str(Path(venv) / "bin")
        env["PATH"] = os.pathsep.join(p for p in env["PATH"].split(os.pathsep) if p != own)
    return env
