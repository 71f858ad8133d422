"""The `github` and `runner` contexts of a local run, and the default GITHUB_* / RUNNER_*
environment variables that mirror them.

Choices where a local run cannot match GitHub exactly:
- `pull_request`: GitHub tests a merge commit (`refs/pull/<n>/merge`); pitstop tests HEAD as it
  is, so `sha` is HEAD's and `ref` is `refs/pull/<n>/merge` with n = 1 unless the event payload
  says otherwise. `head_ref` is the current branch and `base_ref` the base branch (default:
  the repository's default branch).
- `run_id` is unique per run (milliseconds since the epoch); `run_number` counts the runs of
  each workflow in the state directory; `run_attempt` is "1". They are strings, as on GitHub.
- `runner.environment` is "github-hosted": pitstop stands in for the `ubuntu-latest` runner
  the workflows target, so workflows take their GitHub-hosted code path.
- `token` is empty: a local run has no GITHUB_TOKEN unless given as `--secret GITHUB_TOKEN=...`.
"""

from __future__ import annotations

import fcntl
import json
import platform
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pitstop.errors import PitstopError
from pitstop.github import git

_ARCH = {"x86_64": "X64", "amd64": "X64", "aarch64": "ARM64", "arm64": "ARM64", "armv7l": "ARM"}


@dataclass(frozen=True)
class RunIds:
    run_id: str
    run_number: str
    run_attempt: str = "1"


def next_run_ids(state_dir: Path, workflow: str) -> RunIds:
    """A fresh run id and the next run number of `workflow` (persisted, safe across processes)."""
    state_dir.mkdir(parents=True, exist_ok=True)
    path = state_dir / "run_numbers.json"
    with open(state_dir / "run_numbers.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            numbers: dict[str, int] = json.loads(path.read_text())
        except (OSError, ValueError):
            numbers = {}
        numbers[workflow] = numbers.get(workflow, 0) + 1
        path.write_text(json.dumps(numbers, indent=2, sort_keys=True))
    return RunIds(str(time.time_ns() // 1_000_000), str(numbers[workflow]))


def load_event_file(path: Path) -> dict[str, Any]:
    """An `--event-file` payload: a JSON object."""
    try:
        payload = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise PitstopError(f"cannot read event file {path}: {error.strerror}") from None
    except ValueError as error:
        raise PitstopError(
            f"event file {path} is not valid JSON: {error}", hint="pass a JSON object"
        ) from None
    if not isinstance(payload, dict):
        raise PitstopError(f"event file {path} must hold a JSON object")
    return payload


def _repository_payload(repo: Path, host: str) -> dict[str, Any]:
    full_name = git.repository(repo)
    owner, name = full_name.split("/", 1)
    url = f"https://{host}/{full_name}"
    return {
        "name": name,
        "full_name": full_name,
        "owner": {"login": owner, "name": owner},
        "default_branch": git.default_branch(repo),
        "html_url": url,
        "clone_url": f"{url}.git",
        "private": True,
    }


def event_payload(
    repo: Path,
    event_name: str,
    *,
    actor: str,
    base_ref: str | None = None,
    inputs: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """A plausible webhook payload for `event_name`, built from the repository."""
    host = _host(repo)
    repository = _repository_payload(repo, host)
    sender = {"login": actor, "type": "User"}
    common: dict[str, Any] = {"repository": repository, "sender": sender}
    head = git.commit_info(repo)
    ref = git.current_ref(repo)
    if event_name == "push":
        before = git.commit_info(repo, "HEAD~1").get("id", "0" * 40)
        commit = _commit_payload(head) if head else None
        after = head.get("id", "0" * 40)
        compare = f"{repository['html_url']}/compare/{before[:12]}...{after[:12]}"
        return {
            **common,
            "ref": ref.ref,
            "before": before,
            "after": after,
            "created": False,
            "deleted": False,
            "forced": False,
            "base_ref": None,
            "compare": compare,
            "commits": [commit] if commit else [],
            "head_commit": commit,
            "pusher": {"name": actor},
        }
    if event_name in ("pull_request", "pull_request_target"):
        return {
            **common,
            "action": "synchronize",
            "number": 1,
            "pull_request": _pull_request(repo, repository, sender, base_ref),
        }
    if event_name == "workflow_dispatch":
        return {**common, "ref": ref.ref, "inputs": dict(inputs or {})}
    return dict(common)


def _commit_payload(info: Mapping[str, str]) -> dict[str, Any]:
    author = {"name": info["author_name"], "email": info["author_email"]}
    return {
        "id": info["id"],
        "tree_id": info["tree_id"],
        "message": info["message"],
        "timestamp": info["timestamp"],
        "author": author,
        "committer": author,
        "distinct": True,
    }


def _pull_request(
    repo: Path, repository: Mapping[str, Any], sender: Mapping[str, Any], base_ref: str | None
) -> dict[str, Any]:
    base = base_ref or str(repository["default_branch"])
    head_branch = git.current_branch(repo) or "HEAD"
    try:
        base_sha = git.resolve_base(repo, base)
    except PitstopError:
        base_sha = "0" * 40
    head = git.commit_info(repo)
    title = head.get("message", "").splitlines()[0] if head.get("message") else head_branch
    return {
        "number": 1,
        "state": "open",
        "title": title,
        "body": None,
        "draft": False,
        "merged": False,
        "user": dict(sender),
        "html_url": f"{repository['html_url']}/pull/1",
        "head": {"ref": head_branch, "sha": head.get("id", "0" * 40), "repo": dict(repository)},
        "base": {"ref": base, "sha": base_sha, "repo": dict(repository)},
    }


def _host(repo: Path) -> str:
    found = git.remote(repo)
    return found.host if found else "github.com"


def _urls(host: str) -> tuple[str, str, str]:
    server = f"https://{host}"
    if host == "github.com":
        return server, "https://api.github.com", "https://api.github.com/graphql"
    return server, f"{server}/api/v3", f"{server}/api/graphql"  # GitHub Enterprise Server


def github_context(
    repo: Path,
    *,
    event_name: str,
    workspace: Path,
    run_ids: RunIds,
    workflow: str = "",
    workflow_file: str = "",
    event: Mapping[str, Any] | None = None,
    base_ref: str | None = None,
    actor: str | None = None,
    inputs: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """The `github` context. `event` is the payload (from --event-file) or None to build one."""
    who = actor or git.actor(repo)
    payload = (
        dict(event)
        if event is not None
        else event_payload(repo, event_name, actor=who, base_ref=base_ref, inputs=inputs)
    )
    repository = git.repository(repo)
    sha = git.head_sha(repo) or "0" * 40
    ref = git.current_ref(repo)
    head_ref = base = ""
    if event_name in ("pull_request", "pull_request_target"):
        pull = payload.get("pull_request") or {}
        number = payload.get("number", pull.get("number", 1))
        ref = git.Ref(f"refs/pull/{number}/merge", f"{number}/merge", "branch")
        head_ref = str((pull.get("head") or {}).get("ref") or git.current_branch(repo) or "")
        base = str((pull.get("base") or {}).get("ref") or base_ref or git.default_branch(repo))
    server_url, api_url, graphql_url = _urls(_host(repo))
    return {
        "action": "",
        "action_path": "",
        "action_ref": "",
        "action_repository": "",
        "actor": who,
        "actor_id": "0",
        "api_url": api_url,
        "base_ref": base,
        "env": "",
        "event": payload,
        "event_name": event_name,
        "event_path": "",
        "graphql_url": graphql_url,
        "head_ref": head_ref,
        "job": "",
        "path": "",
        "ref": ref.ref,
        "ref_name": ref.name,
        "ref_protected": False,
        "ref_type": ref.type,
        "repository": repository,
        "repository_id": "0",
        "repository_owner": repository.split("/", 1)[0],
        "repository_owner_id": "0",
        "repositoryUrl": f"git://{_host(repo)}/{repository}.git",
        "retention_days": "90",
        "run_attempt": run_ids.run_attempt,
        "run_id": run_ids.run_id,
        "run_number": run_ids.run_number,
        "secret_source": "None",
        "server_url": server_url,
        "sha": sha,
        "token": "",
        "triggering_actor": who,
        "workflow": workflow,
        "workflow_ref": f"{repository}/{workflow_file}@{ref.ref}" if workflow_file else "",
        "workflow_sha": sha,
        "workspace": str(workspace),
    }


def runner_context(temp: Path, tool_cache: Path, name: str = "pitstop") -> dict[str, str]:
    """The `runner` context (Linux only: pitstop runs natively on the host)."""
    machine = platform.machine().lower()
    return {
        "name": name,
        "os": "Linux",
        "arch": _ARCH.get(machine, machine.upper()),
        "temp": str(temp),
        "tool_cache": str(tool_cache),
        "environment": "github-hosted",
    }


_GITHUB_ENV = (
    "action", "actor", "actor_id", "api_url", "base_ref", "event_name", "event_path",
    "graphql_url", "head_ref", "job", "ref", "ref_name", "ref_protected", "ref_type",
    "repository", "repository_id", "repository_owner", "repository_owner_id", "retention_days",
    "run_attempt", "run_id", "run_number", "server_url", "sha", "triggering_actor", "workflow",
    "workflow_ref", "workflow_sha", "workspace",
)  # fmt: skip


def default_env(github: Mapping[str, Any], runner: Mapping[str, str]) -> dict[str, str]:
    """CI, GITHUB_* and RUNNER_* variables every step sees (GitHub's default variables)."""
    env = {"CI": "true", "GITHUB_ACTIONS": "true"}
    for key in _GITHUB_ENV:
        value = github.get(key, "")
        env[f"GITHUB_{key.upper()}"] = str(value).lower() if isinstance(value, bool) else str(value)
    for key, value in runner.items():
        env[f"RUNNER_{key.upper()}"] = value
    return env
