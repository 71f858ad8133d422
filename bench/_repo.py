"""A scratch git repository with one workflow, committed, for the benchmarks."""

from __future__ import annotations

import subprocess
from pathlib import Path


def workflow_repo(root: Path, name: str, workflow: str) -> Path:
    """`root` as a git repository whose one commit holds `.github/workflows/<name>`."""
    workflows = root / ".github" / "workflows"
    workflows.mkdir(parents=True)
    (workflows / name).write_text(workflow)
    (root / "README.md").write_text("bench\n")
    for args in (
        ["init", "-q"],
        ["add", "-A"],
        ["-c", "user.name=b", "-c", "user.email=b@b", "commit", "-qm", "bench"],
    ):
        subprocess.run(["git", *args], cwd=root, check=True)
    return root
