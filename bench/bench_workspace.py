"""Time `pitstop.runner.workspace.materialize` against `cp -a` on a 50,000-file repository.

Usage: python bench/bench_workspace.py [--files N]
Builds a temporary git repository (N files in nested directories, committed, plus some
modified and untracked files), then times, side by side in one run:
  cp -a of the whole checkout (the baseline), the working-tree copy, and the committed copy.
Prints each time and its ratio to cp -a (below 1.0 is faster than cp -a). A second baseline
copies the files without `.git` (a tar pipe), because cp -a also copies every git object.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from pitstop.runner.workspace import materialize


def build_repo(root: Path, count: int) -> None:
    for index in range(count):
        directory = root / f"pkg{index % 50}" / f"mod{index % 1000 // 50}"
        directory.mkdir(parents=True, exist_ok=True)
        (directory / f"file{index}.py").write_text(f"VALUE = {index}\n" * 20)
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "b",
        "GIT_AUTHOR_EMAIL": "b@x",
        "GIT_COMMITTER_NAME": "b",
        "GIT_COMMITTER_EMAIL": "b@x",
    }
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    subprocess.run(["git", "-C", str(root), "config", "gc.auto", "0"], check=True)
    subprocess.run(["git", "-C", str(root), "add", "-A"], check=True)
    subprocess.run(["git", "-C", str(root), "commit", "-qm", "bench"], check=True, env=env)
    for index in range(0, count, 100):  # 1% modified, plus untracked files
        (root / f"pkg{index % 50}" / f"mod{index % 1000 // 50}" / f"file{index}.py").write_text(
            "X = 1\n"
        )
        (root / f"pkg{index % 50}" / f"new{index}.py").write_text("NEW = 1\n")


def timed(argv_or_call: list[str] | Callable[[], object]) -> float:
    start = time.perf_counter()
    if callable(argv_or_call):
        argv_or_call()
    else:
        subprocess.run(argv_or_call, check=True)
    return time.perf_counter() - start


def one_round(repo: Path, target: Path) -> dict[str, float]:
    target.mkdir()
    times = {
        "cp -a": timed(["cp", "-a", str(repo), str(target / "cp")]),
        # A fairer baseline too: the files alone, without .git's objects.
        "tar without .git": timed(
            [
                "bash",
                "-c",
                f"mkdir {target}/tar && tar -C {repo} --exclude=./.git -cf - . "
                f"| tar -C {target}/tar -xf -",
            ]
        ),
        "working tree": timed(lambda: materialize(repo, target / "wt")),
        "committed": timed(lambda: materialize(repo, target / "ci", committed=True)),
    }
    shutil.rmtree(target)
    return times


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=50_000)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        base = Path(temp)
        repo = base / "repo"
        repo.mkdir()
        print(f"building a {args.files}-file repository ...", flush=True)
        build_repo(repo, args.files)
        subprocess.run(["sync"], check=False)
        results: dict[str, list[float]] = {}
        for round_ in range(args.rounds):
            for name, seconds in one_round(repo, base / f"r{round_}").items():
                results.setdefault(name, []).append(seconds)
        baseline = min(results["cp -a"])
        for name, times in results.items():
            best = min(times)
            print(f"{name:>14}: {best:6.2f} s  ratio to cp -a: {best / baseline:5.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
