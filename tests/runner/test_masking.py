from __future__ import annotations

import base64
import json
import subprocess
from pathlib import Path

import pytest

from pitstop.runner.masking import Masker


@pytest.mark.parametrize(
    ("values", "text", "expected"),
    [
        (["hunter2"], "password is hunter2!", "password is ***!"),
        (["hunter2"], "hunter2hunter2 x", "*** x"),
        (["abc", "abcdef"], "abcdefg", "***g"),
        (["abcdef", "def"], "abcdef def", "*** ***"),
        (["", "  ", "\n"], "nothing   masked\n", "nothing   masked\n"),
        (["a.b*"], "a.b* axb", "*** axb"),
        (["line one\nline two"], "line one\nline two", "***"),
        (["  first  \n\nsecond"], "first then second", "*** then ***"),
        ([], "free text", "free text"),
    ],
)
def test_mask(values: list[str], text: str, expected: str) -> None:
    assert Masker(values).mask(text) == expected


def test_multiline_secret_masked_line_by_line_when_streamed() -> None:
    masker = Masker(["-----BEGIN KEY-----\nAAAA1234\n-----END KEY-----\n"])
    streamed = ["x -----BEGIN KEY-----", "AAAA1234", "-----END KEY----- y"]
    assert [masker.mask(line) for line in streamed] == ["x ***", "***", "*** y"]


def test_encoded_forms_are_masked() -> None:
    secret = 'p@ss word"/'
    masker = Masker([secret])
    assert masker.mask(json.dumps({"k": secret})) == '{"k": "***"}'
    assert masker.mask("https://u:p%40ss%20word%22%2F@host") == "https://u:***@host"
    assert masker.mask(base64.b64encode(secret.encode()).decode()) in ("***", "***=", "***==")


def test_add_mask_later_and_values() -> None:
    masker = Masker()
    assert masker.mask("token-123") == "token-123"
    masker.add_mask("token-123")
    assert masker.mask("token-123") == "***"
    assert "token-123" in masker.values


def test_a_jobs_add_mask_holds_for_that_job_and_the_runs_reports() -> None:
    run = Masker(["run-secret"])
    first, second = run.for_job(), run.for_job()
    first.add_mask("first-token")
    assert first.mask("run-secret first-token") == "*** ***"
    # another job's log shows it, as on GitHub, where each job's runner masks its own values
    assert second.mask("run-secret first-token") == "*** first-token"
    assert run.mask("first-token") == "***"  # the summary, JSON and crash log hide it
    # a job started later starts from the run's own values, not from another job's
    assert run.for_job().mask("first-token") == "first-token"
    assert second.values == run.for_job().values  # the run's own: its secret, encoded
    assert second.values < run.values


def test_scrub_tree(tmp_path: Path) -> None:
    (tmp_path / "logs").mkdir()
    (tmp_path / "logs" / "job.log").write_text("value=s3cr3t-value\n")
    (tmp_path / "run.json").write_text(json.dumps({"out": "s3cr3t-value"}))
    (tmp_path / "bin").write_bytes(b"\xff\x00s3cr3t-value\xfe")
    (tmp_path / "clean.txt").write_text("nothing")
    (tmp_path / "link").symlink_to(tmp_path / "clean.txt")
    masker = Masker(["s3cr3t-value"])
    changed = masker.scrub_tree(tmp_path)
    assert sorted(p.name for p in changed) == ["bin", "job.log", "run.json"]
    assert (tmp_path / "bin").read_bytes() == b"\xff\x00***\xfe"
    found = subprocess.run(["grep", "-r", "s3cr3t", str(tmp_path)], capture_output=True)
    assert found.returncode == 1, found.stdout
    assert Masker().scrub_tree(tmp_path) == []
