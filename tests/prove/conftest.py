from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pitstop.detect.project import Project, detect

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "taskboard"


@pytest.fixture
def example(tmp_path: Path) -> tuple[Path, Project]:
    """A scratch copy of the reference project and what pitstop detects in it."""
    root = tmp_path / "taskboard"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("node_modules", ".venv"))
    return root, detect(root)
