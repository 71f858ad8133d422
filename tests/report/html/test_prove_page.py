from __future__ import annotations

from pathlib import Path

from pitstop.prove.campaign import BaselineReport, DefectReport, Proof
from pitstop.prove.defects import DEFECTS
from pitstop.prove.verdict import Verdict
from pitstop.report.html import prove_page


def proof() -> Proof:
    caught, missed = DEFECTS[0], DEFECTS[1]
    return Proof(
        "taskboard",
        BaselineReport(True, (), ("not verified (offline): codecov",), 42.0),
        [
            DefectReport(
                caught,
                Verdict("caught", "test / Run the tests", "E  assert <b> == 2"),
                "apps/a.py:3",
                "test / Run the tests",
                12.5,
            ),
            DefectReport(missed, Verdict("missed", reason="the gate stayed green"), "x.py", "", 3),
        ],
    )


def test_each_defect_its_gate_first_error_and_time(tmp_path: Path) -> None:
    html = prove_page.write(proof(), tmp_path / "p" / "report.html").read_text()
    assert 'id="conclusion" class="failure">failed<' in html
    assert "1 of 2 defects caught" in html
    assert f"<strong>{DEFECTS[0].name}</strong>" in html
    assert "caught (test / Run the tests)" in html
    assert "<code>E  assert &lt;b&gt; == 2</code>" in html
    assert "<td>12.5s</td>" in html
    assert '<tr data-result="missed">' in html and "the gate stayed green" in html
    assert "note: not verified (offline): codecov" in html
    assert 'id="baseline" class="success">green in 42.0s' in html


def test_a_proof_without_a_clean_run(tmp_path: Path) -> None:
    html = prove_page.render(Proof("p"))
    assert 'id="baseline"' not in html
    assert "0 of 0 defects caught" in html
