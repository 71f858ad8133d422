"""Write the hash-pinned locks of the tools generated workflows install (maintainers only).

Usage: python scripts/lock_tools.py

For each entry of `pitstop.generate.tool_locks.LOCKS`, resolves the tool's release and every
dependency for all platforms and every Python from the lock's oldest on (`uv pip compile
--universal --generate-hashes`; pip itself is left out, since every venv has it and pip-api
only needs some pip), and writes `src/pitstop/generate/locks/<tool>.txt`. Needs PyPI; pitstop
itself never runs this, it ships the files.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from pitstop.generate.tool_locks import LOCKS, ToolLock  # noqa: E402

LOCKS_DIR = ROOT / "src" / "pitstop" / "generate" / "locks"


def header(lock: ToolLock) -> str:
    return (
        f"# {lock.requirement} and every dependency, pinned with hashes, for Python "
        f"{lock.oldest_python} and later on every platform.\n"
        "# Written by `pitstop init` (scripts/lock_tools.py in pitstop); Dependabot keeps it\n"
        f"# current. Installed with `pip install --require-hashes -r {lock.path}`.\n"
    )


def compile_lock(lock: ToolLock) -> str:
    with tempfile.TemporaryDirectory() as folder:
        wanted = Path(folder, f"{lock.tool}.in")  # named in the lock's "# via" comments
        wanted.write_text(f"{lock.requirement}\n")
        out = Path(folder, "out.txt")
        argv = ["uv", "pip", "compile", "--universal", "--generate-hashes", "--no-header"]
        argv += ["--python-version", lock.oldest_python, "--no-emit-package", "pip"]
        if lock.beside is not None:  # installed after it into the same venv: agree with it
            argv += ["--constraint", str(LOCKS_DIR / LOCKS[lock.beside].resource)]
        argv += ["--quiet", wanted.name, "-o", str(out)]
        subprocess.run(argv, check=True, cwd=folder)
        return header(lock) + out.read_text()


def main() -> None:
    for lock in LOCKS.values():  # a lock comes after the one it is installed beside
        target = LOCKS_DIR / lock.resource
        target.write_text(compile_lock(lock))
        print(f"wrote {target.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
