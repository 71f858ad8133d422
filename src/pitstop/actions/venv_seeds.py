"""Reusing jobs' virtual environments from one run in the next: `pitstop prove` only.

`prove` runs the same jobs many times, on copies of the project that differ by one defect.
When `PITSTOP_VENV_SEEDS` names a folder, setup-python:

- starts a job's venv as a clone of `<folder>/<key>` when one is there (the key names the
  interpreter, the job and its matrix cell), instead of an empty venv. The workflow's own
  install step still runs; it finds its pinned packages installed and installs only what
  differs. A clone hardlinks the libraries and rewrites the venv's own path in `bin/` and
  `pyvenv.cfg`, so it takes a second, not a download and an install;
- otherwise creates the venv fresh and, when the job succeeds, saves it as `<folder>/<key>`.

Without the variable (every ordinary `pitstop run`) each job's venv starts empty, as a fresh
runner's Python does.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping
from pathlib import Path

ENV = "PITSTOP_VENV_SEEDS"
ORIGIN = ".pitstop-origin"  # the path the template was built at, rewritten in clones
REWRITTEN = ("bin", "pyvenv.cfg")


def folder(env: Mapping[str, str]) -> Path | None:
    value = env.get(ENV, "").strip()
    return Path(value) if value else None


def clone(template: Path, venv: Path) -> None:
    """Make `venv` a working copy of `template`: hardlinks, and its own paths in scripts."""
    origin = (template / ORIGIN).read_text(encoding="utf-8").encode()
    venv.mkdir(parents=True)
    for source in sorted(template.rglob("*")):
        relative = source.relative_to(template)
        target = venv / relative
        if relative.as_posix() == ORIGIN:
            continue
        if source.is_symlink():
            target.parent.mkdir(parents=True, exist_ok=True)
            target.symlink_to(source.readlink())
        elif source.is_dir():
            target.mkdir(parents=True, exist_ok=True)
        elif relative.parts[0] in REWRITTEN:
            data = source.read_bytes().replace(origin, str(venv).encode())
            target.write_bytes(data)
            shutil.copymode(source, target)
        else:
            _link_or_copy(source, target)


def _link_or_copy(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:  # another file system
        shutil.copy2(source, target)


def save(venv: Path, template: Path) -> None:
    """Keep `venv` as `template` (once; the first successful job of its key wins)."""
    if template.exists():
        return
    staging = template.with_name(f"{template.name}.{os.getpid()}.partial")
    shutil.copytree(venv, staging, symlinks=True)
    (staging / ORIGIN).write_text(str(venv), encoding="utf-8")
    try:
        staging.rename(template)
    except OSError:  # another job saved it first
        shutil.rmtree(staging, ignore_errors=True)
