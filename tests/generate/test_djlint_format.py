"""djLint a project only formats with is gated on its formatting (`djlint --check`), with the
real djLint: green on templates as it formats them, red on one it would reformat."""

from __future__ import annotations

import shlex
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from pitstop.generate import ci, config
from pitstop.prove import gates
from pitstop.prove.defects import DEFECTS
from pitstop.workflow.loader import load_workflow
from tests.conftest import Files
from tests.generate.test_django_folder import SRC_PROJECT, loaded

FORMATTED = "<html>\n    <body>\n        <p>{{ talk.title }}</p>\n    </body>\n</html>\n"
FORMATTING_ONLY: Files = {
    **SRC_PROJECT,
    "requirements.txt": "Django==5.2.1\ndjlint==1.36.4\n",
    "pyproject.toml": SRC_PROJECT["pyproject.toml"] + '\n[tool.djlint]\nprofile = "django"\n',
    "Makefile": "format:\n\tdjlint src/templates --reformat\n",
    "src/templates/base.html": FORMATTED,
}


@pytest.fixture(scope="session")
def djlint(tmp_path_factory: pytest.TempPathFactory) -> Path:
    venv = tmp_path_factory.mktemp("djlint") / "venv"
    subprocess.run(["uv", "venv", "--quiet", str(venv)], check=True)
    install = ["uv", "pip", "install", "--quiet", "--python", str(venv / "bin/python")]
    subprocess.run([*install, "djlint==1.36.4"], check=True)
    return venv / "bin"


def run_gate(root: Path, bin_dir: Path) -> int:
    command = ci.linter_command(config.load(root), "djlint")
    argv = shlex.split(command)
    return subprocess.run([str(bin_dir / argv[0]), *argv[1:]], cwd=root, check=False).returncode


def test_the_gate_checks_the_formatting(project: Callable[[Files], Path]) -> None:
    found = loaded(project, FORMATTING_ONLY)

    assert ci.linter_command(found, "djlint") == "djlint src/templates --check"
    steps = ci.quality_job(found)["steps"]
    assert isinstance(steps, list)
    (step,) = [step for step in steps if "djlint" in str(step.get("run"))]
    assert (step["id"], step["name"]) == ("djlint-format", "djlint-format")


def test_prove_finds_no_lint_gate_in_a_formatting_check(project: Callable[[Files], Path]) -> None:
    """An unclosed tag is a lint finding: a formatting check was never meant to catch it, so
    prove says the gate is absent rather than that it missed."""
    found = loaded(project, FORMATTING_ONLY)
    root = found.root
    (root / ".github/workflows").mkdir(parents=True)
    (root / ".github/workflows/ci.yml").write_text(ci.render(found))
    workflow = load_workflow(root / ".github/workflows/ci.yml", root)
    template_error = next(d for d in DEFECTS if d.name == "template-error")

    assert gates.find(workflow, template_error.gate) is None


def test_formatted_templates_pass_and_a_badly_indented_one_fails(
    project: Callable[[Files], Path], djlint: Path
) -> None:
    root = project(FORMATTING_ONLY)
    assert run_gate(root, djlint) == 0

    (root / "src/templates/base.html").write_text("<html>\n<body>\n<p>x</p>\n</body>\n</html>\n")

    assert run_gate(root, djlint) != 0
