from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from pitstop.report.html import coverage

XML = """<?xml version="1.0" ?>
<coverage version="7.8.0" line-rate="0.75" branch-rate="0">
<packages><package name="." line-rate="0.75"><classes>
<class name="app.py" filename="app.py" line-rate="0.5"/>
<class name="b.py" filename="pkg/b.py" line-rate="1"/>
</classes></package></packages></coverage>"""


def test_total_and_files() -> None:
    root = ET.fromstring(XML)
    assert coverage.is_coverage(root)
    report = coverage.parse(root, "coverage.xml", 80.0)
    assert report.percent == 75.0
    assert report.files == (
        coverage.FileCoverage("app.py", 50.0),
        coverage.FileCoverage("pkg/b.py", 100.0),
    )
    assert report.floor == 80.0


def test_floor_from_the_log_wins(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.coverage.report]\nfail_under = 85\n")
    assert coverage.floor(tmp_path, "pytest --cov --cov-fail-under=92") == 92.0
    assert coverage.floor(tmp_path, "coverage report --fail-under 70.5") == 70.5
    assert coverage.floor(tmp_path, "") == 85.0


def test_a_zero_that_turns_the_configs_floor_off_is_no_floor(tmp_path: Path) -> None:
    """The generated test job: the tests' step with --cov-fail-under=0, then the floor's own
    step."""
    log = (
        "python -m pytest --cov=apps --cov-fail-under=0 --junitxml=reports/junit.xml\n"
        "python -m coverage report --fail-under=70\n"
    )
    assert coverage.floor(tmp_path, log) == 70.0
    (tmp_path / "pyproject.toml").write_text("[tool.coverage.report]\nfail_under = 85\n")
    assert coverage.floor(tmp_path, "python -m coverage xml --fail-under=0") == 85.0


def test_floor_from_ini_files(tmp_path: Path) -> None:
    assert coverage.floor(tmp_path, "") is None
    (tmp_path / "setup.cfg").write_text("[coverage:report]\nfail_under = 60\n")
    assert coverage.floor(tmp_path, "") == 60.0
    (tmp_path / ".coveragerc").write_text("[report]\nfail_under = 70\n")
    assert coverage.floor(tmp_path, "") == 70.0


def test_a_broken_pyproject_has_no_floor(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.coverage\n")
    assert coverage.floor(tmp_path, "") is None
