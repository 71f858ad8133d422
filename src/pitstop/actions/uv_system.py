"""`uv pip ... --system` lands in the job's Python, never in an interpreter of this machine.

On a GitHub-hosted runner, setup-python's interpreter is a toolcache install the job may
change, and `uv pip install --system` (or `UV_SYSTEM_PYTHON=1`) installs into it: the first
Python on PATH that is not a virtual environment. pitstop's setup-python gives the job a venv
of your interpreter instead, and uv skips venvs there, so `--system` would install into your
own interpreter (a pyenv version, /usr/bin/python3).

So the `uv` a job finds first (in setup-python's interpreter folder and in setup-uv's tool
folder) is a small wrapper: for `uv pip` with `--system` (or `UV_SYSTEM_PYTHON` set) and a
setup-python environment (`pythonLocation`), it runs the real uv with `--python` pointing at
that environment instead, where `python` sees the packages as on GitHub; everything else goes
to the real uv unchanged. Not covered: a uv the workflow installs itself (`pip install uv`,
then the venv's `uv`), see docs/security.md.
"""

from __future__ import annotations

import shlex
from pathlib import Path

_SCRIPT = """#!/usr/bin/env bash
# pitstop: `uv pip --system` goes to the job's setup-python environment (see
# pitstop.actions.uv_system); everything else to the real uv.
real={real}
if [ "$1" = pip ] && [ $# -ge 2 ] && [ -n "${{pythonLocation:-}}" ] \\
    && [ -x "$pythonLocation/bin/python" ]; then
  system=
  case "${{UV_SYSTEM_PYTHON:-}}" in 1|true|True|TRUE|yes|on) system=1 ;; esac
  args=()
  for arg in "${{@:3}}"; do
    if [ "$arg" = --system ]; then system=1; else args+=("$arg"); fi
  done
  if [ -n "$system" ]; then
    unset UV_SYSTEM_PYTHON
    echo "pitstop: uv pip --system: into the job's Python ($pythonLocation), not this machine's" >&2
    exec "$real" pip "$2" --python "$pythonLocation/bin/python" "${{args[@]}}"
  fi
fi
exec "$real" "$@"
"""


_MARKER = "# pitstop: `uv pip --system`"


def write(folder: Path, uv: Path) -> Path:
    """Put the wrapper as `folder/uv` (replacing a link there); its path. `uv` may be a
    wrapper already (a second setup step in the job found it first on PATH)."""
    real = real_uv(uv)
    folder.mkdir(parents=True, exist_ok=True)
    wrapper = folder / "uv"
    if wrapper.is_symlink() or wrapper.exists():
        wrapper.unlink()
    wrapper.write_text(_SCRIPT.format(real=shlex.quote(str(real))), encoding="utf-8")
    wrapper.chmod(0o755)
    return wrapper


def real_uv(uv: Path) -> Path:
    """The uv a wrapper stands for (or `uv` itself, resolved)."""
    resolved = uv.resolve()
    try:
        lines = resolved.read_bytes()[:4096].decode("utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return resolved  # a binary: the real uv
    if len(lines) < 4 or not lines[1].startswith(_MARKER):
        return resolved
    return Path(shlex.split(lines[3].removeprefix("real="))[0])
