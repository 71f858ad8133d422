"""trivy is not installed here: a fake `trivy` script on PATH is the seam for these tests."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from pitstop.actions import trivy
from pitstop.actions.base import ActionCall
from pitstop.errors import PitstopError

MakeCall = Callable[..., ActionCall]

FAKE = """#!/bin/sh
echo "$@" >> "{calls}"
case "$1" in
  --version) printf 'Version: 0.56.2\\nVulnerability DB:\\n  Version: 2\\n' ;;
  *) case "$*" in
       *--download-db-only*) exit {download_exit} ;;
       *) exit {scan_exit} ;;
     esac ;;
esac
"""


def fake_trivy(tmp_path: Path, download_exit: int = 1, scan_exit: int = 0) -> dict[str, str]:
    folder = tmp_path / "fake-bin"
    folder.mkdir(exist_ok=True)
    script = folder / "trivy"
    calls = tmp_path / "calls.txt"
    script.write_text(FAKE.format(calls=calls, download_exit=download_exit, scan_exit=scan_exit))
    script.chmod(0o755)
    return {"PATH": f"{folder}{os.pathsep}/usr/bin:/bin", "HOME": str(tmp_path / "home")}


def calls(tmp_path: Path) -> list[str]:
    return (tmp_path / "calls.txt").read_text().splitlines()


def test_missing_trivy_never_reports_green(make_call: MakeCall, tmp_path: Path) -> None:
    env = {"PATH": str(tmp_path)}
    for action, inputs in ((trivy.scan, {"scan-type": "fs"}), (trivy.setup, {})):
        with pytest.raises(PitstopError, match="trivy is not installed") as caught:
            action.run(make_call("aquasecurity/trivy-action@0.28.0", inputs, env=env))
        assert "install trivy" in caught.value.render()


def test_version_is_checked(make_call: MakeCall, tmp_path: Path) -> None:
    env = fake_trivy(tmp_path)
    with pytest.raises(
        PitstopError, match=r"trivy v0\.57\.0 was requested but the local trivy is v0\.56\.2"
    ):
        trivy.setup.run(
            make_call("aquasecurity/setup-trivy@v0.2.2", {"version": "v0.57.0"}, env=env)
        )
    ok = trivy.setup.run(
        make_call("aquasecurity/setup-trivy@v0.2.2", {"version": "v0.56.2"}, env=env)
    )
    assert ok.path == [str(tmp_path / "fake-bin")]
    assert ok.notes == []
    latest = trivy.setup.run(
        make_call("aquasecurity/setup-trivy@v0.2.2", {"version": "latest"}, env=env)
    )
    assert "not checked offline" in latest.notes[0]


def test_no_db_offline_is_a_loud_failure(make_call: MakeCall, tmp_path: Path) -> None:
    env = fake_trivy(tmp_path, download_exit=1)
    inputs = {"scan-type": "fs", "version": "0.56.2", "format": "sarif", "output": "t.sarif"}
    result = trivy.scan.run(make_call("aquasecurity/trivy-action@0.28.0", inputs, env=env))
    assert result.conclusion == "failure"
    assert trivy.NO_DB_NOTE in result.notes
    assert "--download-db-only" in calls(tmp_path)[-1]


def test_scan_with_a_cached_db(make_call: MakeCall, tmp_path: Path) -> None:
    env = fake_trivy(tmp_path, scan_exit=0)
    db = tmp_path / "home/.cache/trivy/db"
    db.mkdir(parents=True)
    (db / "trivy.db").write_text("db")
    (db / "metadata.json").write_text('{"UpdatedAt": "2026-11-20T00:00:00Z"}')
    inputs = {
        "scan-type": "fs", "scan-ref": "src", "format": "sarif", "output": "trivy.sarif",
        "severity": "HIGH,CRITICAL", "exit-code": "1", "ignore-unfixed": "true",
        "skip-dirs": "node_modules, .venv", "version": "v0.56.2",
    }  # fmt: skip
    result = trivy.scan.run(make_call("aquasecurity/trivy-action@0.28.0", inputs, env=env))
    assert result.conclusion == "success"
    assert "2026-11-20T00:00:00Z" in result.notes[0]
    argv = calls(tmp_path)[-1].split()
    assert argv[0] == "fs"
    assert argv[-2:] == ["--skip-db-update", "src"]
    assert argv[argv.index("--severity") + 1] == trivy.ALL_SEVERITIES  # sarif: all, as the action
    assert "--ignore-unfixed" in argv
    assert argv.count("--skip-dirs") == 2


def test_findings_fail_via_exit_code(make_call: MakeCall, tmp_path: Path) -> None:
    env = fake_trivy(tmp_path, download_exit=0, scan_exit=1)
    inputs = {"scan-type": "fs", "exit-code": "1", "format": "table", "severity": "CRITICAL"}
    result = trivy.scan.run(make_call("aquasecurity/trivy-action@0.28.0", inputs, env=env))
    assert result.conclusion == "failure"
    assert "exited with code 1" in result.annotations[0].message
    argv = calls(tmp_path)[-1].split()
    assert argv[argv.index("--severity") + 1] == "CRITICAL"
    assert "no version pinned" in result.notes[0]


def test_config_scan_needs_no_db(make_call: MakeCall, tmp_path: Path, workspace: Path) -> None:
    env = fake_trivy(tmp_path)
    (workspace / ".trivyignore").write_text("CVE-1\n")
    inputs = {"scan-type": "config", "trivyignores": ".trivyignore", "version": "0.56.2"}
    result = trivy.scan.run(make_call("aquasecurity/trivy-action@0.28.0", inputs, env=env))
    assert result.conclusion == "success"
    assert "--download-db-only" not in " ".join(calls(tmp_path))


@pytest.mark.parametrize(
    ("inputs", "text"),
    [
        ({}, "scan-type image needs a container registry"),
        ({"scan-type": "fs", "trivyignores": "missing"}, "cannot find ignorefile"),
        ({"scan-type": "fs", "severities": "HIGH"}, "unsupported input 'severities'"),
    ],
)
def test_bad_inputs(make_call: MakeCall, tmp_path: Path, inputs: dict[str, str], text: str) -> None:
    env = fake_trivy(tmp_path, download_exit=0)
    with pytest.raises(PitstopError, match=text):
        trivy.scan.run(make_call("aquasecurity/trivy-action@0.28.0", inputs, env=env))
