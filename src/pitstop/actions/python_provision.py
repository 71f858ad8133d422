"""Installing a Python this machine lacks, the way a user would: `uv python install`.

On GitHub `setup-python` with `3.14` gets a 3.14 whatever the runner has. Locally, when no
interpreter matches (see `setup_python.resolve`) and uv can download one, pitstop runs

    uv python install --no-bin --no-config --install-dir <pitstop cache>/python 3.14

into its own cache folder (`pythons.provisioned_folder`: `$PITSTOP_CACHE_DIR/python`, else
`~/.cache/pitstop/python`), never your uv folder, never your PATH. Later runs find it there
(it is one of the folders `pythons.discover` searches), so it is installed once.

uv downloads from GitHub (python-build-standalone), so it is tried only when the internet is
reachable (`runner.network`), or when your environment names another source uv reads
(`UV_PYTHON_DOWNLOADS_JSON_URL`, `UV_PYTHON_INSTALL_MIRROR`: a mirror, or a local folder).
`PITSTOP_PYTHON_INSTALL=0` turns it off (the test suite does, like PostgreSQL fetching).
Otherwise, or when the install fails, the step stays "not verified (no local Python 3.14)".

This module is the seam: `install` is the one place pitstop asks for a Python download.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from pitstop.actions import pythons, tools
from pitstop.actions.base import ActionCall
from pitstop.runner import network

SWITCH = "PITSTOP_PYTHON_INSTALL"  # "0": never install a missing Python
SOURCES = ("UV_PYTHON_DOWNLOADS_JSON_URL", "UV_PYTHON_INSTALL_MIRROR")
# The job's uv settings that would redirect or refuse this install: pitstop decides here
# (a workflow's `UV_PYTHON_DOWNLOADS: never` is for its own uv steps).
OVERRIDDEN = ("UV_PYTHON", "UV_PYTHON_INSTALL_DIR", "UV_PYTHON_DOWNLOADS")


def available(env: Mapping[str, str]) -> bool:
    """Whether a missing Python may be installed now: allowed, and a source within reach."""
    if os.environ.get(SWITCH, "").strip() == "0":
        return False
    return any(env.get(name) for name in SOURCES) or network.internet_reachable()


def install(call: ActionCall, version: str) -> bool:
    """`uv python install <version>` into pitstop's folder; True when it succeeded."""
    uv = tools.find("uv", call.env) or tools.python_module_path("uv", "find_uv_bin", call.env)
    if uv is None:
        call.log(f"Python {version} is not here and uv is not installed to install it")
        return False
    folder = pythons.provisioned_folder()
    folder.mkdir(parents=True, exist_ok=True)
    call.log(f"Python {version} is not here: installing it with uv into {folder}")
    argv = [str(uv), "python", "install", "--no-bin", "--no-config", "--install-dir", str(folder)]
    env = {k: v for k, v in call.env.items() if k not in OVERRIDDEN}
    return call.run_command([*argv, version], env=env, cwd=folder) == 0
