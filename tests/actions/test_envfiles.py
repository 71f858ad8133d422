from __future__ import annotations

from pathlib import Path

import pytest

from pitstop.actions import envfiles
from pitstop.errors import PitstopError


def test_pairs_and_heredocs(tmp_path: Path) -> None:
    file = tmp_path / "out"
    file.write_text("a=1\n\nb=x=y\nmulti<<EOF\nline 1\nline=2\nEOF\nc<<X\nX\n")
    assert envfiles.read_pairs(file) == {"a": "1", "b": "x=y", "multi": "line 1\nline=2", "c": ""}
    assert envfiles.read_pairs(tmp_path / "missing") == {}


@pytest.mark.parametrize(
    ("text", "problem"), [("m<<EOF\nno end\n", "delimiter"), ("junk\n", "invalid line")]
)
def test_bad_files(tmp_path: Path, text: str, problem: str) -> None:
    file = tmp_path / "out"
    file.write_text(text)
    with pytest.raises(PitstopError, match=problem):
        envfiles.read_pairs(file)


def test_paths(tmp_path: Path) -> None:
    file = tmp_path / "path"
    file.write_text("/a\n\n /b \n")
    assert envfiles.read_paths(file) == ["/a", "/b"]
    assert envfiles.read_paths(tmp_path / "none") == []
