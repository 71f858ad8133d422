"""The action stand-ins' cost against the plain tools they replace (one run, side by side).

Usage: python bench/bench_actions.py [--files 2000] [--file-kb 8]

- cache: actions/cache/save + actions/cache/restore of a synthetic `~/.cache/pip`-like tree,
  against `tar czf` + `tar xzf` of the same tree (what the real action does around its upload).
- setup-python: the stand-in (interpreter discovery + a job venv), against a bare
  `python -m venv` of the same interpreter.
It prints the times and the ratios.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from pitstop.actions import cache, setup_python
from pitstop.actions.base import ActionCall, Stores
from pitstop.workflow.model import Position


def make_call(root: Path, uses: str, inputs: dict[str, str]) -> ActionCall:
    def run_command(
        argv: list[str], env: dict[str, str] | None = None, cwd: Path | None = None
    ) -> int:
        return subprocess.run(argv, env=env, cwd=cwd, capture_output=True, check=False).returncode

    temp = root / "runner-temp"
    temp.mkdir(exist_ok=True)
    env = {"PATH": os.environ["PATH"], "HOME": str(root / "home"), "RUNNER_TEMP": str(temp)}
    return ActionCall(
        uses=uses,
        inputs=inputs,
        workspace=root / "ws",
        env=env,
        contexts={"github": {"job": "bench"}},
        stores=Stores(root / "cache", root / "artifacts", root / "tools"),
        position=Position(str(root / "ci.yml"), 1, 1),
        log=lambda line: None,
        run_command=run_command,
    )


def make_tree(folder: Path, files: int, size_kb: int) -> None:
    for i in range(files):
        path = folder / f"{i % 50:02d}" / f"wheel-{i}.bin"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(os.urandom(size_kb * 512) + bytes(size_kb * 512))


def timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def bench_cache(root: Path, files: int, size_kb: int) -> tuple[float, float]:
    tree = root / "home/.cache/pip"
    make_tree(tree, files, size_kb)
    (root / "ws").mkdir()
    inputs = {"path": "~/.cache/pip", "key": "pip-bench"}

    def stand_in() -> None:
        cache.save.run(make_call(root, "actions/cache/save@v4", inputs))
        shutil.rmtree(tree)
        cache.restore.run(make_call(root, "actions/cache/restore@v4", inputs))

    archive = root / "baseline.tar.gz"

    def baseline() -> None:
        subprocess.run(["tar", "czf", str(archive), "-C", str(tree.parent), "pip"], check=True)
        shutil.rmtree(tree)
        subprocess.run(["tar", "xzf", str(archive), "-C", str(tree.parent)], check=True)

    return timed(stand_in), timed(baseline)


def bench_setup_python(root: Path) -> tuple[float, float]:
    call = make_call(root, "actions/setup-python@v5", {"python-version": "3.x"})
    stand_in = timed(lambda: setup_python.run(call))
    venv = root / "bare-venv"
    baseline = timed(lambda: subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True))
    return stand_in, baseline


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--file-kb", type=int, default=8)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        mine, base = bench_cache(Path(temp), args.files, args.file_kb)
        size = args.files * args.file_kb / 1024
        print(f"cache save+restore, {args.files} files ({size:.0f} MiB):")
        print(f"  pitstop {mine:.2f} s   tar czf+xzf {base:.2f} s   ratio {mine / base:.2f}")
    with tempfile.TemporaryDirectory() as temp:
        mine, base = bench_setup_python(Path(temp))
        print("setup-python (discovery + job venv) vs python -m venv:")
        print(f"  pitstop {mine:.2f} s   python -m venv {base:.2f} s   ratio {mine / base:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
