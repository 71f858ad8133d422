from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import ClassVar

import pytest

from tests.conftest import PIP_PROJECT, Files, git, pitstop


@pytest.fixture
def initialized(project: Callable[[Files], Path]) -> Path:
    root = project(PIP_PROJECT)
    pitstop("init", "--no-preflight", root).assert_success()
    git(root, "remote", "add", "origin", "git@github.com:acme/mysite.git")
    return root


class FakeGitHub(BaseHTTPRequestHandler):
    received: ClassVar[list[tuple[str, str, dict[str, object]]]] = []
    status = 201

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        FakeGitHub.received.append((self.path, self.headers["Authorization"], body))
        self.send_response(FakeGitHub.status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b'{"id": 42}')

    def log_message(self, format: str, *args: object) -> None:
        del format, args


@pytest.fixture
def github(monkeypatch: pytest.MonkeyPatch) -> Iterator[type[FakeGitHub]]:
    server = HTTPServer(("127.0.0.1", 0), FakeGitHub)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setenv("PITSTOP_GITHUB_API", f"http://127.0.0.1:{server.server_port}")
    FakeGitHub.received = []
    FakeGitHub.status = 201
    yield FakeGitHub
    server.shutdown()
    server.server_close()
    thread.join()


def test_without_a_token_prints_the_command_and_fails(
    initialized: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("GITHUB_TOKEN", raising=False)
    done = pitstop("protect", initialized)
    assert done.code == 1
    assert (
        "gh api --method POST repos/acme/mysite/rulesets --input .github/rulesets/main.json"
        in done.out
    )
    assert "not applied: GITHUB_TOKEN is not set" in done.out


def test_offline_says_it_could_not_apply(
    initialized: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GITHUB_TOKEN", "t0ken-value")
    monkeypatch.setenv("PITSTOP_GITHUB_API", "http://127.0.0.1:9")
    done = pitstop("protect", initialized)
    assert done.code == 1
    assert "not applied: could not reach" in done.out
    assert "t0ken-value" not in done.out + done.err


def test_applies_with_a_token(
    initialized: Path, monkeypatch: pytest.MonkeyPatch, github: type[FakeGitHub]
) -> None:
    monkeypatch.setenv("GITHUB_TOKEN", "t0ken-value")
    done = pitstop("protect", "--repo", "acme/other", initialized)
    done.assert_success()
    assert "applied: ruleset 42 on acme/other" in done.out
    path, auth, body = github.received[0]
    assert path == "/repos/acme/other/rulesets"
    assert auth == "Bearer t0ken-value"
    assert body == json.loads((initialized / ".github/rulesets/main.json").read_text())
    assert "t0ken-value" not in done.out


def test_rejected_by_github(
    initialized: Path, monkeypatch: pytest.MonkeyPatch, github: type[FakeGitHub]
) -> None:
    monkeypatch.setenv("GITHUB_TOKEN", "t")
    github.status = 403
    done = pitstop("protect", initialized)
    assert done.code == 1
    assert "not applied: GitHub answered 403" in done.out


def test_needs_init_and_a_github_remote(project: Callable[[Files], Path]) -> None:
    root = project(PIP_PROJECT)
    done = pitstop("protect", root)
    assert done.code == 1
    assert "run `pitstop init` first" in done.err
    pitstop("init", "--no-preflight", root).assert_success()
    done = pitstop("protect", root)
    assert done.code == 1
    assert "pass --repo OWNER/NAME" in done.err
