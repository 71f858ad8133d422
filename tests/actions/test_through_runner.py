"""The stand-ins through `pitstop run`: a matrix over two Pythons with checkout, setup-python,
cache, artifacts between jobs and an alls-green gate, run twice to see the cache hit."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from pitstop import cli

WORKFLOW = """\
on: push
jobs:
  test:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        python: ["3.11", "3.12"]
    steps:
      - uses: actions/checkout@v4
        with:
          persist-credentials: false
      - uses: actions/setup-python@v5
        id: py
        with:
          python-version: ${{ matrix.python }}
      - name: the venv's python, not the install
        run: |
          python -c "import sys; assert sys.version.startswith('${{ matrix.python }}')"
          python -c "import sys; assert sys.prefix != sys.base_prefix"
          test "$(command -v python)" = "${{ steps.py.outputs.python-path }}"
      - uses: actions/cache@v4
        id: cache
        with:
          path: .stuff
          key: stuff-${{ matrix.python }}-${{ hashFiles('app.py') }}
      - run: mkdir -p .stuff out && echo hi > .stuff/x
      - env:
          VERSION: ${{ steps.py.outputs.python-version }}
          HIT: ${{ steps.cache.outputs.cache-hit }}
        run: echo "$VERSION $HIT" > out/v.txt
      - uses: actions/upload-artifact@v4
        with:
          name: version-${{ matrix.python }}
          path: out/
  collect:
    needs: test
    runs-on: ubuntu-latest
    steps:
      - uses: actions/download-artifact@v4
        with:
          pattern: version-*
          path: got
      - run: cat got/version-3.11/v.txt got/version-3.12/v.txt
  gate:
    needs: [test, collect]
    if: always()
    runs-on: ubuntu-latest
    steps:
      - uses: re-actors/alls-green@release/v1
        with:
          jobs: ${{ toJSON(needs) }}
"""


def run(repo: Path, run_dir: Path) -> tuple[int, dict[str, Any]]:
    result = run_dir.with_suffix(".json")
    code = cli.main(["run", "-C", str(repo), "--run-dir", str(run_dir), "--json", str(result)])
    return code, json.loads(result.read_text())


@pytest.mark.slow
@pytest.mark.skipif(
    not all((Path.home() / f".pyenv/versions/{v}").is_dir() for v in ("3.11.7", "3.12.1")),
    reason="needs pyenv's 3.11.7 and 3.12.1",
)
def test_matrix_cache_and_artifacts_through_the_runner(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    repo = tmp_path / "repo"
    (repo / ".github/workflows").mkdir(parents=True)
    (repo / ".github/workflows/ci.yml").write_text(WORKFLOW)
    (repo / "app.py").write_text("print('app')\n")
    for args in (
        ["init", "-q", "-b", "main"],
        ["add", "-A"],
        ["-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "init"],
    ):
        subprocess.run(["git", *args], cwd=repo, check=True)
    code, first = run(repo, tmp_path / "run1")
    output = capsys.readouterr().out
    assert code == 0, output
    assert {j["result"] for j in first["jobs"]} == {"success"}, output
    artifacts = tmp_path / "run1/artifacts"
    assert (artifacts / "version-3.11/v.txt").read_text() == "3.11.7 \n"
    assert (artifacts / "version-3.12/v.txt").read_text() == "3.12.1 \n"
    code, second = run(repo, tmp_path / "run2")
    assert code == 0, capsys.readouterr().out
    assert {j["result"] for j in second["jobs"]} == {"success"}
    assert (tmp_path / "run2/artifacts/version-3.12/v.txt").read_text() == "3.12.1 true\n"
