"""Finding a defect's gate in the CI workflow: by `pitstop init`'s step ids, else by command."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from pitstop.detect.project import Project
from pitstop.generate import ci
from pitstop.prove import gates
from pitstop.prove.defects import DEFECTS, TESTS
from pitstop.workflow.loader import load_workflow
from pitstop.workflow.model import Workflow

HAND_WRITTEN = """\
on: push
jobs:
  setup:
    runs-on: ubuntu-latest
    steps:
      - name: install test tools
        run: |
          python -m pip install pytest pytest-cov pytest-django
          echo "pytest is installed"
  quality:
    runs-on: ubuntu-latest
    steps:
      - name: format
        run: ruff format --check .
      - name: lint
        run: ruff check .
  test:
    runs-on: ubuntu-latest
    steps:
      - name: run the suite
        run: uv run pytest --cov=blog --cov-fail-under=80
"""


def workflow(tmp_path: Path, text: str) -> Workflow:
    path = tmp_path / "ci.yml"
    path.write_text(text, encoding="utf-8")
    return load_workflow(path, tmp_path)


def gate_of(workflow: Workflow, defect: str) -> tuple[str, str] | None:
    found = gates.find(workflow, next(d for d in DEFECTS if d.name == defect).gate)
    return (found.job, found.step_name) if found else None


def test_an_install_line_naming_pytest_is_not_the_test_gate(tmp_path: Path) -> None:
    hand = workflow(tmp_path, HAND_WRITTEN)
    assert gate_of(hand, "failing-test") == ("test", "run the suite")
    assert gate_of(hand, "low-coverage") == ("test", "run the suite")
    assert gate_of(hand, "lint") == ("quality", "lint")  # not `ruff format --check`
    assert gate_of(hand, "formatting") is None  # no black here
    assert gate_of(hand, "missing-migration") is None


def test_a_step_id_wins_over_a_matching_command(tmp_path: Path) -> None:
    text = HAND_WRITTEN.replace("      - name: run the suite\n", "      - id: tests\n")
    text = text.replace("      - name: install test tools\n", "      - name: smoke\n")
    text = text.replace('echo "pytest is installed"', "python -m pytest tests/smoke")
    found = gates.find(workflow(tmp_path, text), TESTS)
    assert found is not None and (found.job, found.step.id) == ("test", "tests")


def test_every_gate_of_the_generated_ci_is_found_by_its_id(
    tmp_path: Path, example: tuple[Path, Project]
) -> None:
    _, project = example
    generated = workflow(tmp_path, ci.render(project))
    found = {d.name: gates.find(generated, d.gate) for d in DEFECTS}
    ids = {name: (gate.job, gate.step.id) if gate else None for name, gate in found.items()}
    assert ids == {
        "failing-test": ("test", "tests"),
        "import-error": ("test", "tests"),
        "formatting": ("quality", "black"),
        "lint": ("quality", "ruff"),
        "type-error": ("quality", "mypy"),
        "security-smell": ("quality", "bandit"),
        "template-error": ("quality", "djlint"),
        "low-coverage": ("test", "coverage"),  # the floor is a gate of its own
        "missing-migration": ("test", "makemigrations"),
        "deploy-check": ("django-checks", "deploy-checks"),
        "broken-css": ("frontend", "frontend-build"),
        "empty-build": ("frontend", "frontend-output"),
        "private-key": ("pre-commit", "pre-commit"),
        "trailing-whitespace": ("pre-commit", "pre-commit"),
        "vulnerable-dependency": ("security", "pip-audit"),
        "hanging-step": ("test", "tests"),
    }


def test_with_shards_the_coverage_floor_is_the_combining_step(
    tmp_path: Path, example: tuple[Path, Project]
) -> None:
    _, project = example
    generated = workflow(tmp_path, ci.render(replace(project, test_shards=2)))
    assert gate_of(generated, "low-coverage") == (
        "coverage",
        "Combine the coverage and apply the floor",
    )


def test_the_test_gate_says_which_runner_collects_the_test_defects(tmp_path: Path) -> None:
    hand = workflow(tmp_path, HAND_WRITTEN)
    found = gates.find(hand, TESTS)
    assert found is not None and gates.test_runner(found.step) == "pytest"
    text = HAND_WRITTEN.replace(
        "uv run pytest --cov=blog --cov-fail-under=80",
        "python -m coverage run --source=blog manage.py test --noinput",
    )
    found = gates.find(workflow(tmp_path, text), TESTS)
    assert found is not None and gates.test_runner(found.step) == "django"
    lint = next(step for step in hand.jobs["quality"].steps if step.name == "lint")
    assert gates.test_runner(lint) is None


MATRIX = """\
on: push
jobs:
  test:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        python-version: ["3.12", "3.13", "3.99"]
    steps:
      - uses: actions/setup-python@v5
        with:
          python-version: ${{ matrix.python-version }}
      - id: tests
        run: python -m pytest
"""


def test_the_gate_runs_on_the_newest_python_this_machine_has(tmp_path: Path) -> None:
    """3.99 is nowhere: its cell would leave the gate not verified, so 3.13 proves it."""
    found = gates.find(workflow(tmp_path, MATRIX), TESTS)
    assert found is not None and found.matrix == (("python-version", "3.13"),)
    only_missing = MATRIX.replace('["3.12", "3.13", "3.99"]', '["3.98", "3.99"]')
    fallback = gates.find(workflow(tmp_path, only_missing), TESTS)
    assert fallback is not None and fallback.matrix == (("python-version", "3.99"),)
