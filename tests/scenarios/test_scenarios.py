"""The scenario suite: each folder holds a workflow and the result GitHub would give.

A folder `tests/scenarios/<name>/` has `.github/workflows/*.yml` (and any other files of the
repository) plus `expected.json`:

    {"args": ["--fail-fast"],              # extra `pitstop run` arguments (optional;
                                           # `{repo}` is the scenario's repository)
     "exit_code": 1,                       # default: 0 when every job is success/skipped
     "jobs": {"<job name>": {"result": "success",
                             "outputs": {"k": "v"},                 # exact values
                             "steps": [["success", "success"], ...],  # outcome, conclusion
                             "annotations": [{"level": "error", "message": "substring",
                                              "hint": "substring"}],
                             "notes": ["substring"]}},
     "output_contains": ["text"], "output_excludes": ["text"],
     "env": {"NAME": "value"}}                # environment of the run (optional)

Each scenario is copied into a fresh git repository and run in-process through `cli.main`.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from pitstop import cli

HERE = Path(__file__).parent
SCENARIOS = sorted(p.name for p in HERE.iterdir() if (p / "expected.json").is_file())


def make_repo(source: Path, dest: Path) -> Path:
    shutil.copytree(source, dest, ignore=shutil.ignore_patterns("expected.json"))
    for args in (
        ["init", "-q", "-b", "main"],
        ["add", "-A"],
        ["-c", "user.name=Scenario", "-c", "user.email=s@example.com", "commit", "-qm", "init"],
    ):
        subprocess.run(["git", *args], cwd=dest, check=True)
    return dest


def run_scenario(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> tuple[int, dict[str, Any], str, dict[str, Any]]:
    expected: dict[str, Any] = json.loads((HERE / name / "expected.json").read_text())
    repo = make_repo(HERE / name, tmp_path / "repo")
    result_file = tmp_path / "result.json"
    argv = [
        "run", "-C", str(repo), "--run-dir", str(tmp_path / "run"),
        "--json", str(result_file), "--jobs", "4",
        *(arg.replace("{repo}", str(repo)) for arg in expected.get("args", [])),
    ]  # fmt: skip
    code = cli.main(argv)
    captured = capsys.readouterr()
    document = json.loads(result_file.read_text()) if result_file.exists() else {}
    return code, document, captured.out + captured.err, expected


@pytest.mark.parametrize("name", SCENARIOS)
def test_scenario(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    environment = json.loads((HERE / name / "expected.json").read_text()).get("env", {})
    for key, value in environment.items():
        monkeypatch.setenv(key, value)
    code, document, output, expected = run_scenario(name, tmp_path, capsys)
    jobs = {job["name"]: job for job in document.get("jobs", [])}
    assert set(jobs) == set(expected["jobs"]), output
    for job_name, wanted in expected["jobs"].items():
        check_job(jobs[job_name], wanted, output)
    default_code = 0 if all(j["result"] in ("success", "skipped") for j in jobs.values()) else 1
    assert code == expected.get("exit_code", default_code), output
    for text in expected.get("output_contains", []):
        assert text in output, output
    for text in expected.get("output_excludes", []):
        assert text not in output, output


def check_job(job: dict[str, Any], wanted: dict[str, Any], output: str) -> None:
    where = f"{job['name']}: {json.dumps(job, indent=1)}\n{output}"
    assert job["result"] == wanted["result"], where
    for key, value in wanted.get("outputs", {}).items():
        assert job["outputs"].get(key) == value, where
    if "steps" in wanted:
        steps = [[s["outcome"], s["conclusion"]] for s in job["steps"]]
        assert steps == wanted["steps"], where
    for annotation in wanted.get("annotations", []):
        assert any(
            a["level"] == annotation["level"]
            and annotation["message"] in a["message"]
            and all(a.get(k) == annotation[k] for k in ("file", "line") if k in annotation)
            and annotation.get("hint", "") in (a.get("hint") or "")
            for a in job["annotations"]
        ), where
    for note in wanted.get("notes", []):
        assert any(note in n for n in job["notes"]), where
