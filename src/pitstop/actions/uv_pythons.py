"""The job's own uv Python folder: local interpreters laid out as uv-managed installs.

astral-sh/setup-uv exports `UV_PYTHON_INSTALL_DIR` (on a GitHub-hosted runner
`$RUNNER_TEMP/uv-python-dir`) and `UV_PYTHON` as the requested version text (`3.12`), and uv
finds or downloads a Python for it. Locally uv must find the interpreter pitstop chose without
downloading and without tripping over pyenv's shims (`~/.pyenv/shims/python3.12` fails when
3.12 is not pyenv's global version, and uv stops there). So the job's folder holds, for each
interpreter pitstop knows, an entry named as uv names its installs
(`cpython-3.12.1-linux-x86_64-gnu`) with `bin/python3.12`, `bin/python3` and `bin/python` as
links to the real executable: `uv python find 3.12`, `uv venv`, `uv sync` and even
`uv python install 3.12` (already installed) find it, offline.

Nothing of yours is written: `lib/python3.X/` is a folder of the job's own with a copy of the
interpreter's `_sysconfigdata_*.py`, because `uv python install` marks an install
`EXTERNALLY-MANAGED` and patches that file; Python itself reads its library from the real
install (it follows the link of its executable).
"""

from __future__ import annotations

import platform
import shutil
import sys
from pathlib import Path

from pitstop.actions.pythons import Interpreter

FOLDER = "uv-python-dir"  # setup-uv's name under RUNNER_TEMP
ARCHES = {"amd64": "x86_64", "arm64": "aarch64"}


def key(interpreter: Interpreter) -> str:
    """uv's name for an install: `cpython-3.12.1-linux-x86_64-gnu`."""
    machine = platform.machine().lower()
    arch = ARCHES.get(machine, machine)
    system, libc = ("macos", "none") if sys.platform == "darwin" else ("linux", "gnu")
    return f"cpython-{interpreter.version_text}-{system}-{arch}-{libc}"


def link(folder: Path, interpreter: Interpreter) -> Path:
    """Make `interpreter` an install uv finds in `folder` (once); its `bin/python3.X`."""
    major, minor, _ = interpreter.version
    entry = folder / key(interpreter)
    versioned = entry / "bin" / f"python{major}.{minor}"
    if versioned.is_symlink():
        return versioned
    real = interpreter.path.resolve()
    (entry / "bin").mkdir(parents=True, exist_ok=True)
    for name in (versioned.name, f"python{major}", "python"):
        target = entry / "bin" / name
        if not target.is_symlink():
            target.symlink_to(real)
    library = entry / "lib" / f"python{major}.{minor}"
    library.mkdir(parents=True, exist_ok=True)
    for data in (interpreter.prefix / "lib" / library.name).glob("_sysconfigdata_*.py"):
        shutil.copyfile(data, library / data.name)
    return versioned


def python_bin(folder: Path, interpreter: Interpreter) -> Path:
    """A folder holding only `python`, `python3` and `python3.X` linked to the interpreter
    itself (not a venv), as setup-python's toolcache `bin` is: uv skips venvs when it
    needs a base interpreter (`uv venv --python python`, `uv sync --python 3.12`)."""
    major, minor, _ = interpreter.version
    folder.mkdir(parents=True, exist_ok=True)
    real = interpreter.path.resolve()
    for name in ("python", f"python{major}", f"python{major}.{minor}"):
        target = folder / name
        if not target.is_symlink():
            target.symlink_to(real)
        elif target.readlink() != real:
            target.unlink()
            target.symlink_to(real)
    return folder
