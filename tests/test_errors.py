from __future__ import annotations

from pathlib import Path

from pitstop.errors import Location, PitstopError


def test_render_quotes_the_line_and_points_at_the_column(tmp_path: Path) -> None:
    source = tmp_path / "ci.yml"
    source.write_text("jobs:\n  test:\n    runs_on: x\n", encoding="utf-8")
    error = PitstopError(
        "unknown key 'runs_on'",
        location=Location.in_file(source, 3, 5, length=7),
        hint="did you mean 'runs-on'?",
    )
    assert error.render().splitlines() == [
        "error: unknown key 'runs_on'",
        f"  --> {source}:3:5",
        "  |",
        "3 |     runs_on: x",
        "  |     ^^^^^^^",
        "  = hint: did you mean 'runs-on'?",
    ]


def test_location_outside_the_file_has_no_quote(tmp_path: Path) -> None:
    location = Location.in_file(tmp_path / "missing.yml", 9, 1)
    assert location.source_line is None
    assert PitstopError("boom", location=location).render().splitlines()[1].endswith(":9:1")
