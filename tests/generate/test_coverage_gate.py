"""The coverage floor is a gate of its own: green tests stay green below the floor (a
`fail_under` in the project's config included), and the floor's step turns red. Runs the
generated scripts with real pytest, pytest-cov and coverage."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from pitstop.generate import ci, config
from tests.conftest import PIP_PROJECT, Files

# polls: one function tested, one of twenty statements not (well below 70 %); the
# project's own config asks for 90 %
WORK: Files = {
    "polls/__init__.py": "",
    "polls/logic.py": "def a():\n    return 1\n\n\ndef b():\n"
    + "    x = 1\n" * 20
    + "    return x\n",
    "polls/test_logic.py": "from polls import logic\n\n\ndef test_a():\n"
    "    assert logic.a() == 1\n",
    "pyproject.toml": "[tool.coverage.report]\nfail_under = 90\n",
}


def _bash(script: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "PYTHON_VERSION": "3.x",
    }
    return subprocess.run(
        ["bash", "-e", "-c", script], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )


def test_tests_below_the_floor_stay_green_and_the_floor_turns_red(
    project: Callable[[Files], Path], tmp_path: Path
) -> None:
    generated = config.load(project(PIP_PROJECT))  # pytest, --cov=polls, floor 70
    tests, floor = ci.test_script(generated), str(ci.coverage_floor_step(generated)["run"])
    work = tmp_path / "work"
    for name, text in WORK.items():
        (work / name).parent.mkdir(parents=True, exist_ok=True)
        (work / name).write_text(text)
    ran = _bash(tests, work)
    assert ran.returncode == 0, ran.stdout + ran.stderr
    assert (work / "reports/coverage.xml").is_file()
    gate = _bash(floor, work)
    assert gate.returncode == 2
    assert "Coverage failure: total of" in gate.stdout
    assert "is less than fail-under=70" in gate.stdout
    # without turning the config's fail_under off, the tests' own step would be red too
    assert _bash(tests.replace(ci.NO_FLOOR_HERE, ""), work).returncode != 0
