from __future__ import annotations

import json
import platform
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from pitstop.errors import PitstopError
from pitstop.runner import contexts

Git = Callable[..., str]


def github(repo: Path, event_name: str = "push", **kwargs: object) -> dict[str, object]:
    ids = contexts.RunIds("1700000000000", "7")
    return contexts.github_context(
        repo,
        event_name=event_name,
        workspace=Path("/ws"),
        run_ids=ids,
        **kwargs,  # type: ignore[arg-type]
    )


def test_push_context(repo: Path, git: Git) -> None:
    git(repo, "remote", "add", "origin", "git@github.com:acme/shop.git")
    git(repo, "config", "user.name", "Ada")
    ctx = github(repo, workflow="CI", workflow_file=".github/workflows/ci.yml")
    sha = git(repo, "rev-parse", "HEAD")
    assert ctx["sha"] == sha
    assert (ctx["ref"], ctx["ref_name"], ctx["ref_type"]) == ("refs/heads/main", "main", "branch")
    assert (ctx["repository"], ctx["repository_owner"]) == ("acme/shop", "acme")
    assert (ctx["server_url"], ctx["api_url"]) == ("https://github.com", "https://api.github.com")
    assert ctx["actor"] == ctx["triggering_actor"] == "Ada"
    assert (ctx["run_id"], ctx["run_number"], ctx["run_attempt"]) == ("1700000000000", "7", "1")
    assert ctx["workspace"] == "/ws"
    assert ctx["base_ref"] == "" and ctx["head_ref"] == ""
    assert ctx["workflow_ref"] == "acme/shop/.github/workflows/ci.yml@refs/heads/main"
    event = ctx["event"]
    assert isinstance(event, dict)
    assert event["ref"] == "refs/heads/main" and event["after"] == sha
    assert event["repository"]["full_name"] == "acme/shop"
    assert event["head_commit"]["message"] == "first commit"
    assert event["before"] == "0" * 40


def test_pull_request_context(repo: Path, git: Git) -> None:
    git(repo, "checkout", "-q", "-b", "feature")
    ctx = github(repo, "pull_request", actor="octocat")
    assert (ctx["ref"], ctx["ref_name"]) == ("refs/pull/1/merge", "1/merge")
    assert (ctx["head_ref"], ctx["base_ref"]) == ("feature", "main")
    assert ctx["actor"] == "octocat"
    event = ctx["event"]
    assert isinstance(event, dict)
    assert event["pull_request"]["head"]["ref"] == "feature"
    assert event["pull_request"]["base"]["sha"] == git(repo, "rev-parse", "main")
    assert event["pull_request"]["title"] == "first commit"
    missing_base = github(repo, "pull_request", base_ref="gone")
    assert missing_base["base_ref"] == "gone"


def test_event_file_payload_drives_pull_request_fields(repo: Path, tmp_path: Path) -> None:
    path = tmp_path / "event.json"
    path.write_text(
        json.dumps({"number": 42, "pull_request": {"head": {"ref": "fix"}, "base": {"ref": "dev"}}})
    )
    ctx = github(repo, "pull_request", event=contexts.load_event_file(path))
    assert (ctx["ref"], ctx["head_ref"], ctx["base_ref"]) == ("refs/pull/42/merge", "fix", "dev")


def test_dispatch_and_schedule_payloads(repo: Path) -> None:
    dispatch = contexts.event_payload(repo, "workflow_dispatch", actor="a", inputs={"x": "1"})
    assert dispatch["inputs"] == {"x": "1"} and dispatch["ref"] == "refs/heads/main"
    schedule = contexts.event_payload(repo, "schedule", actor="a")
    assert set(schedule) == {"repository", "sender"}
    assert schedule["repository"]["full_name"] == "local/shop"


def test_enterprise_urls(repo: Path, git: Git) -> None:
    git(repo, "remote", "add", "origin", "https://ghe.example.com/acme/shop.git")
    ctx = github(repo)
    assert ctx["server_url"] == "https://ghe.example.com"
    assert ctx["api_url"] == "https://ghe.example.com/api/v3"


@pytest.mark.parametrize(
    ("content", "message"),
    [("{not json", "not valid JSON"), ("[1]", "must hold a JSON object"), (None, "cannot read")],
)
def test_bad_event_files(tmp_path: Path, content: str | None, message: str) -> None:
    path = tmp_path / "event.json"
    if content is not None:
        path.write_text(content)
    with pytest.raises(PitstopError, match=message):
        contexts.load_event_file(path)


def test_run_numbers_persist_per_workflow(tmp_path: Path) -> None:
    state = tmp_path / "state"
    assert contexts.next_run_ids(state, "ci.yml").run_number == "1"
    assert contexts.next_run_ids(state, "ci.yml").run_number == "2"
    assert contexts.next_run_ids(state, "deploy.yml").run_number == "1"
    numbers: list[str] = []
    threads = [
        threading.Thread(
            target=lambda: numbers.append(contexts.next_run_ids(state, "x").run_number)
        )
        for _ in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(numbers, key=int) == [str(n) for n in range(1, 9)]
    (state / "run_numbers.json").write_text("garbage")
    assert contexts.next_run_ids(state, "ci.yml").run_number == "1"


def test_runner_context_and_default_env(repo: Path, tmp_path: Path) -> None:
    runner = contexts.runner_context(tmp_path / "temp", tmp_path / "tools")
    assert runner["os"] == "Linux"
    expected_arch = {"x86_64": "X64", "aarch64": "ARM64"}.get(platform.machine())
    assert runner["arch"] == expected_arch
    assert runner["environment"] == "github-hosted"
    env = contexts.default_env(github(repo), runner)
    assert env["CI"] == "true" and env["GITHUB_ACTIONS"] == "true"
    assert env["GITHUB_REF"] == "refs/heads/main"
    assert env["GITHUB_REF_PROTECTED"] == "false"
    assert env["GITHUB_REPOSITORY"] == "local/shop"
    assert env["RUNNER_TEMP"] == str(tmp_path / "temp")
    assert env["RUNNER_OS"] == "Linux"
