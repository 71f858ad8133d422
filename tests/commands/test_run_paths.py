"""`paths` filters are matched against the files a push or pull request would change."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from pitstop import cli

DOCS = (
    "on:\n  push:\n    paths: ['docs/**']\n"
    "jobs:\n  docs:\n    runs-on: x\n    steps: [{run: echo}]\n"
)
CODE = (
    "on:\n  push:\n    paths-ignore: ['docs/**']\n  pull_request:\n    paths: ['src/**']\n"
    "jobs:\n  code:\n    runs-on: x\n    steps: [{run: echo}]\n"
)
GIT = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com"]


def commit(repo: Path, files: dict[str, str], message: str) -> None:
    for name, text in files.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(text, encoding="utf-8")
    subprocess.run([*GIT, "add", "-A"], cwd=repo, check=True)
    subprocess.run([*GIT, "commit", "-qm", message], cwd=repo, check=True)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    subprocess.run(["git", "init", "-q", "-b", "main", str(tmp_path)], check=True)
    files = {".github/workflows/docs.yml": DOCS, ".github/workflows/code.yml": CODE}
    commit(tmp_path, {**files, "src/app.py": "", "docs/index.md": ""}, "first")
    return tmp_path


def listed(repo: Path, capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert cli.main(["run", "-C", str(repo), "--list", *args]) == 0
    return capsys.readouterr().out


def test_a_push_is_compared_with_the_previous_commit(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    commit(repo, {"docs/index.md": "more"}, "docs only")
    out = listed(repo, capsys)
    assert "docs.yml" in out and "code.yml" not in out
    commit(repo, {"src/app.py": "x = 1"}, "code only")
    out = listed(repo, capsys)
    assert "code.yml" in out and "docs.yml" not in out


def test_uncommitted_changes_count(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    commit(repo, {"src/app.py": "x = 1"}, "code")
    (repo / "docs" / "new.md").write_text("draft", encoding="utf-8")
    out = listed(repo, capsys)
    assert "docs.yml" in out and "code.yml" in out


def test_a_pull_request_is_compared_with_its_base(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    subprocess.run(["git", "switch", "-q", "-c", "feature"], cwd=repo, check=True)
    commit(repo, {"docs/guide.md": "x"}, "docs")
    assert cli.main(["run", "-C", str(repo), "--list", "--event", "pull_request"]) == 1
    assert "no workflow is triggered by 'pull_request'" in capsys.readouterr().err
    commit(repo, {"src/more.py": "x"}, "code")
    assert "code.yml" in listed(repo, capsys, "--event", "pull_request")


def test_explicit_changed_files_win(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = listed(repo, capsys, "--changed", "docs/a.md")
    assert "docs.yml" in out and "code.yml" not in out
