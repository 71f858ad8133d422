from __future__ import annotations

from pathlib import Path

from pitstop.report.html import evidence


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_finds_reports_and_skips_virtualenvs(tmp_path: Path) -> None:
    write(tmp_path / "reports/junit.xml", '<testsuite><testcase name="a"/></testsuite>')
    write(tmp_path / "coverage.xml", '<coverage line-rate="0.5"/>')
    write(tmp_path / "out/z.sarif", '{"runs": []}')
    write(tmp_path / "pom.xml", "<project/>")
    write(tmp_path / "broken.xml", "<testsuite>")
    write(tmp_path / ".venv/lib/junit.xml", '<testsuite><testcase name="v"/></testsuite>')
    found = evidence.collect(tmp_path, "--cov-fail-under=80", tmp_path)
    assert [t.path for t in found.tests] == ["reports/junit.xml"]
    assert [(c.path, c.percent, c.floor) for c in found.coverage] == [("coverage.xml", 50.0, 80.0)]
    assert found.findings == ()


def test_a_missing_workspace_has_nothing(tmp_path: Path) -> None:
    assert evidence.collect(tmp_path / "gone", "", tmp_path) == evidence.Evidence()


def test_artifacts_with_sizes(tmp_path: Path) -> None:
    write(tmp_path / "artifacts/dist/a.whl", "x" * 10)
    write(tmp_path / "artifacts/dist/b.tar.gz", "y" * 5)
    write(tmp_path / "artifacts/.pitstop/dist.json", "{}")
    assert evidence.artifacts(tmp_path) == [evidence.Artifact("dist", 2, 15)]
    assert evidence.artifacts(tmp_path / "none") == []
