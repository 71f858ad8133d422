"""A secret never appears in any file the run produced, nor on stdout/stderr."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from pitstop import cli
from tests.scenarios.test_scenarios import make_repo

SECRET = "hunter2-Sup3rSecret"
MULTI = "first-line-of-key\nsecond-line-of-key"
MASKED_LATER = "runtime-token-98765"

WORKFLOW = """
on: push
jobs:
  leak:
    runs-on: ubuntu-latest
    outputs:
      leaked: ${{ steps.o.outputs.value }}
    steps:
      - id: o
        name: step ${{ secrets.API_KEY }}
        env:
          KEY: ${{ secrets.API_KEY }}
          PEM: ${{ secrets.PEM }}
        run: |
          echo "plain $KEY"
          echo "inline ${{ secrets.API_KEY }}"
          echo "$PEM"
          echo "::error file=app.py,line=1::$KEY in an annotation"
          echo "::warning title=$KEY::title too"
          echo "value=$KEY" >> "$GITHUB_OUTPUT"
          echo "LEAKED_ENV=$KEY" >> "$GITHUB_ENV"
          echo "summary $KEY" >> "$GITHUB_STEP_SUMMARY"
          echo "$KEY" > in-the-workspace.txt
          echo "$KEY" | base64
          token="runtime-token-$((40000 + 58765))"  # made at run time: not in the repository
          echo "::add-mask::$token"
          echo "$token printed after add-mask"
          echo "$token" > "$RUNNER_TEMP/token.txt"
      - run: |
          echo "from env $LEAKED_ENV"
          if [ -n "${PITSTOP_SECRET_FROM_ENV:-}" ]; then echo "PITSTOP_SECRET_ passed to steps"; fi
          exit 1
"""


def test_no_file_and_no_output_contains_a_secret(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "source" / ".github" / "workflows"
    source.mkdir(parents=True)
    (source / "ci.yml").write_text(textwrap.dedent(WORKFLOW))
    repo = make_repo(tmp_path / "source", tmp_path / "repo")
    secret_file = tmp_path / "secrets.env"
    secret_file.write_text(f'PEM="{MULTI.replace(chr(10), chr(92) + "n")}"\n')
    monkeypatch.setenv("PITSTOP_SECRET_FROM_ENV", "env-secret-value-1")
    run_dir = tmp_path / "run"
    result = tmp_path / "result.json"
    code = cli.main(
        [
            "run", "-C", str(repo), "--run-dir", str(run_dir), "--json", str(result),
            "--secret", f"API_KEY={SECRET}", "--secret-file", str(secret_file),
        ]
    )  # fmt: skip
    captured = capsys.readouterr()
    assert code == 1
    document = json.loads(result.read_text())
    assert document["jobs"][0]["outputs"] == {}  # an output holding a secret is dropped
    forbidden = [SECRET, *MULTI.splitlines(), MASKED_LATER, "env-secret-value-1"]
    texts = {"stdout": captured.out, "stderr": captured.err}
    for path in [result, *run_dir.rglob("*")]:
        if path.is_file() and not path.is_symlink():
            texts[str(path)] = path.read_bytes().decode("utf-8", errors="replace")
    assert len(texts) > 10  # logs, scripts, env files, workspace files were all checked
    leaks = [(where, s) for where, text in texts.items() for s in forbidden if s in text]
    assert leaks == []
    assert "***" in captured.out
    assert "printed after add-mask" in captured.out
    assert "PITSTOP_SECRET_ passed to steps" not in captured.out


TWO_JOBS = """
on: push
jobs:
  masks:
    runs-on: ubuntu-latest
    steps:
      - run: |
          token="job-token-$((10000 + 2345))"
          echo "::add-mask::$token"
          echo "masks prints $token"
          echo "$token" > in-masks.txt
  prints:
    needs: masks
    runs-on: ubuntu-latest
    steps:
      - run: |
          echo "prints prints job-token-$((10000 + 2345))"
          echo "job-token-$((10000 + 2345))" > in-prints.txt
"""


def test_an_add_mask_holds_for_its_own_job_as_on_github(tmp_path: Path) -> None:
    """Each GitHub job's runner has its own masker: a value one job masks shows in another
    job's log. pitstop's own reports (the summary, the JSON) still hide it."""
    source = tmp_path / "source" / ".github" / "workflows"
    source.mkdir(parents=True)
    (source / "ci.yml").write_text(textwrap.dedent(TWO_JOBS))
    repo = make_repo(tmp_path / "source", tmp_path / "repo")
    run_dir, result = tmp_path / "run", tmp_path / "result.json"
    code = cli.main(["run", "-C", str(repo), "--run-dir", str(run_dir), "--json", str(result)])
    assert code == 0
    token = "job-token-12345"
    masks, prints = (run_dir / "logs" / f"ci-{name}.log" for name in ("masks", "prints"))
    assert "masks prints ***" in masks.read_text() and token not in masks.read_text()
    assert f"prints prints {token}" in prints.read_text()
    assert token not in next(run_dir.rglob("in-masks.txt")).read_text()  # the job's scrub
    assert next(run_dir.rglob("in-prints.txt")).read_text() == f"{token}\n"
    assert token not in result.read_text()
