"""The `github` and `runner` contexts of a local run, from the git repository."""

from __future__ import annotations

import getpass
import platform
import re
import subprocess
from collections.abc import Mapping
from pathlib import Path


def _git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=False)
    return done.stdout.strip() if done.returncode == 0 else ""


def repository_from_url(url: str) -> str:
    match = re.search(r"[:/]([^/:]+/[^/]+?)(?:\\.git)?/?$", url)
    return match.group(1) if match else ""


def github_context(
    repo: Path, event_name: str, payload: Mapping[str, object], *, run_id: str, run_dir: Path
) -> dict[str, object]:
    sha = _git(repo, "rev-parse", "HEAD")
    ref = _git(repo, "symbolic-ref", "-q", "HEAD")
    repository = (
        repository_from_url(_git(repo, "remote", "get-url", "origin")) or f"local/{repo.name}"
    )
    actor = _git(repo, "config", "user.name") or getpass.getuser()
    event_path = run_dir / "event.json"
    import json

    event_path.write_text(json.dumps(dict(payload)), encoding="utf-8")
    return {
        "event_name": event_name,
        "event": dict(payload),
        "event_path": str(event_path),
        "sha": sha,
        "ref": ref,
        "ref_name": ref.removeprefix("refs/heads/"),
        "ref_type": "branch",
        "repository": repository,
        "repository_owner": repository.split("/")[0],
        "actor": actor,
        "triggering_actor": actor,
        "run_id": run_id,
        "run_number": "1",
        "run_attempt": "1",
        "server_url": "https://github.com",
        "api_url": "https://api.github.com",
        "graphql_url": "https://api.github.com/graphql",
        "base_ref": "",
        "head_ref": "",
        "workflow": "",
        "token": "",
        "action": "",
        "action_path": "",
        "retention_days": "90",
    }


def runner_context(run_dir: Path, tool_cache: Path) -> dict[str, object]:
    arch = {"x86_64": "X64", "aarch64": "ARM64", "arm64": "ARM64"}.get(platform.machine(), "X64")
    return {
        "os": "Linux",
        "arch": arch,
        "name": "pitstop",
        "temp": str(run_dir / "tmp"),
        "tool_cache": str(tool_cache),
        "environment": "self-hosted",
        "debug": "",
    }
