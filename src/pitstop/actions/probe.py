"""Short read-only queries of local tools (`python --version`, `git rev-parse`, ...).

Work that a step does (creating a venv, running pre-commit, trivy, node) goes through
`ActionCall.run_command` so the runner logs, masks and times it. A probe only asks a tool a
question and reads its answer, so it captures output here, with a timeout and no stdin.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Mapping, Sequence
from pathlib import Path


def output(
    argv: Sequence[str | Path],
    *,
    cwd: Path | None = None,
    env: Mapping[str, str] | None = None,
    timeout: float = 30,
) -> str | None:
    """The tool's stdout, stripped, or None when it is missing, fails or hangs."""
    try:
        done = subprocess.run(
            [str(a) for a in argv],
            cwd=cwd,
            env=dict(env) if env is not None else None,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def which(name: str, env: Mapping[str, str]) -> str | None:
    """`name` on the step's PATH (not pitstop's own)."""
    return shutil.which(name, path=env.get("PATH", ""))
