"""A real small run with a failing pytest test: its run directory is what the report tests read.

The project writes JUnit XML (pytest), coverage XML (coverage.py, with a floor in
pyproject.toml), a SARIF file and an artifact; its lint job prints ANSI colours, a folded
group, an annotation, a secret and an HTML tag.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import Outcome, make_repo, pitstop

SECRET = "s3cr3t-Value-42"
PYTHON = sys.executable

SARIF = (
    '{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"linty"}},"results":[{"ruleId":"L001",'
    '"level":"error","message":{"text":"risky call"},"locations":[{"physicalLocation":'
    '{"artifactLocation":{"uri":"app.py"},"region":{"startLine":1}}}]}]}]}'
)

WORKFLOW = f"""\
name: ci
on: [push]
jobs:
  lint:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - name: Say things
        env:
          TOKEN: ${{{{ secrets.TOKEN }}}}
        run: |
          echo "::group::Folded details"
          printf '\\033[31mred words\\033[0m <script>document.title="pwned"</script>\\n'
          echo "::endgroup::"
          echo "::warning file=app.py,line=1::check this line"
          echo "the token is $TOKEN"
          mkdir -p out
          echo '{SARIF}' > out/lint.sarif
      - uses: actions/upload-artifact@v4
        with:
          name: lint-output
          path: out/
  test:
    needs: lint
    strategy:
      fail-fast: false
      matrix:
        part: [one, two]
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - name: Run the tests
        env:
          TOKEN: ${{{{ secrets.TOKEN }}}}
        run: |
          {PYTHON} -m coverage run -m pytest -p no:cacheprovider --junitxml=junit.xml tests
      - name: Coverage report
        if: always()
        run: {PYTHON} -m coverage xml -o coverage.xml
"""

FILES = {
    ".github/workflows/ci.yml": WORKFLOW,
    "app.py": "def add(a, b):\n    return a + b\n\n\ndef unused():\n    return 0\n",
    "tests/__init__.py": "",
    "tests/test_app.py": (
        "import os\n\nfrom app import add\n\n\n"
        "def test_add():\n    assert add(1, 1) == 2\n\n\n"
        "def test_token_is_masked():\n"
        '    assert os.environ["TOKEN"] == "other", f"token was {os.environ[\'TOKEN\']}"\n\n\n'
        "def test_sum_is_wrong():\n"
        '    assert add(2, 2) == 5, "two and two make four"\n'
    ),
    "pyproject.toml": "[tool.coverage.report]\nfail_under = 90\n",
}


@dataclass(frozen=True)
class FailingRun:
    outcome: Outcome
    run_dir: Path

    @property
    def html(self) -> str:
        return (self.run_dir / "report.html").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def failing_run(tmp_path_factory: pytest.TempPathFactory) -> FailingRun:
    root = tmp_path_factory.mktemp("failing")
    repo = make_repo(root / "project", FILES)
    run_dir = root / "run"
    outcome = pitstop(
        "run", "-C", repo, "--run-dir", run_dir, "--secret", f"TOKEN={SECRET}", "--jobs", "2"
    )
    assert outcome.code == 1, outcome.out + outcome.err
    return FailingRun(outcome, run_dir)
