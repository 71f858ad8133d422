from __future__ import annotations

import os
from pathlib import Path

import pytest

from pitstop.actions import pythons


def fake(version: tuple[int, int, int], prerelease: bool = False) -> pythons.Interpreter:
    return pythons.Interpreter(Path("/x/python"), version, prerelease, Path("/x"), "test")


FOUND = [fake((3, 11, 7)), fake((3, 12, 1)), fake((3, 13, 0)), fake((3, 14, 0), True)]


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("3.12", (3, 12, 1)),
        ("3.12.1", (3, 12, 1)),
        ("3.11.7", (3, 11, 7)),
        ("3.x", (3, 13, 0)),
        ("3", (3, 13, 0)),
        (">=3.11 <3.13", (3, 12, 1)),
        (">=3.11,<3.13", (3, 12, 1)),
        (">= 3.11, < 3.13", (3, 12, 1)),
        ("~3.11", (3, 11, 7)),
        ("^3.11", (3, 13, 0)),
        ("~=3.11", (3, 13, 0)),
        ("~=3.11.2", (3, 11, 7)),
        (">3.12", (3, 13, 0)),
        ("<=3.12", (3, 12, 1)),
        ("3.10 || 3.11", (3, 11, 7)),
        ("3.14-dev", (3, 14, 0)),
        ("3.12.2", None),
        ("3.10", None),
        ("3.14", None),
        (">3.13.0", None),
    ],
)
def test_specification_picks_the_highest_match(
    spec: str, expected: tuple[int, int, int] | None
) -> None:
    parsed = pythons.parse_spec(spec)
    assert parsed is not None
    chosen = pythons.best(parsed, FOUND)
    assert (chosen.version if chosen else None) == expected


def test_prereleases_need_allowing() -> None:
    parsed = pythons.parse_spec("3.14", allow_prereleases=True)
    assert parsed is not None
    assert pythons.best(parsed, FOUND) == FOUND[3]


@pytest.mark.parametrize("spec", ["pypy3.10", "", "3.12.1.1", "latest"])
def test_unreadable_specifications(spec: str) -> None:
    assert pythons.parse_spec(spec) is None


def test_discovers_pyenv_versions_and_path_but_not_shims(tmp_path: Path) -> None:
    home = tmp_path / "home"
    shims = home / ".pyenv/shims"
    shims.mkdir(parents=True)
    (shims / "python").write_text("#!/bin/sh\nexit 1\n")
    (shims / "python").chmod(0o755)
    real = Path.home() / ".pyenv/versions"
    if not real.is_dir():
        pytest.skip("needs pyenv installs")
    (home / ".pyenv/versions").symlink_to(real)
    env = {"HOME": str(home), "PATH": f"{shims}{os.pathsep}/usr/bin"}
    found = pythons.discover(env)
    sources = {i.source for i in found}
    assert "pyenv" in sources
    assert all("shims" not in i.path.parts for i in found)
    assert {(3, 11), (3, 12), (3, 13)} <= {i.version[:2] for i in found}
    assert str(found[0]).startswith(found[0].version_text)


def test_uv_asdf_and_mise_folders_are_searched(tmp_path: Path) -> None:
    base = Path.home() / ".pyenv/versions/3.12.1"
    if not base.is_dir():
        pytest.skip("needs pyenv 3.12.1")
    home = tmp_path / "home"
    for folder, source in [
        (".local/share/uv/python/cpython-3.12.1-linux", "uv"),
        (".asdf/installs/python/3.12.1", "asdf"),
        (".local/share/mise/installs/python/3.12.1", "mise"),
    ]:
        (home / folder).parent.mkdir(parents=True, exist_ok=True)
        (home / folder).symlink_to(base)
        env = {"HOME": str(home), "PATH": ""}
        assert [i.source for i in pythons.discover(env)] == ["uv"]
        del source


def test_a_broken_candidate_is_dropped(tmp_path: Path) -> None:
    folder = tmp_path / "bin"
    folder.mkdir()
    (folder / "python3").write_text("#!/bin/sh\nexit 3\n")
    (folder / "python3").chmod(0o755)
    assert pythons.discover({"HOME": str(tmp_path), "PATH": str(folder)}) == []


@pytest.mark.parametrize(
    ("spec", "line"),
    [
        ("3.14", "3.14"),
        ("==3.14.*", "3.14"),
        ("3.8", "3.8"),
        ("^3.8", "3.8"),
        (">=3.15", "3.15"),
        ("3.99", "3.99"),
        ("3.15-dev", "3.15"),
        ("2.7", "2.7"),
        ("4.2", None),
        ("3.12.400", None),
        ("3.100", None),
        ("<2", None),
    ],
)
def test_release_line_tells_a_missing_python_from_a_mistake(spec: str, line: str | None) -> None:
    parsed = pythons.parse_spec(spec)
    assert parsed is not None
    assert pythons.release_line(parsed) == line


@pytest.mark.parametrize("where", ["default", "XDG_DATA_HOME", "UV_PYTHON_INSTALL_DIR"])
def test_uv_managed_pythons_with_only_python3(tmp_path: Path, where: str) -> None:
    """python-build-standalone installs, as `uv python install` lays them out."""
    real = Path.home() / ".pyenv/versions/3.11.7/bin/python3.11"
    if not real.is_file():
        pytest.skip("needs pyenv 3.11.7")
    home = tmp_path / "home"
    folder = {
        "default": home / ".local/share/uv/python",
        "XDG_DATA_HOME": tmp_path / "data/uv/python",
        "UV_PYTHON_INSTALL_DIR": tmp_path / "uv-pythons",
    }[where]
    bin_dir = folder / "cpython-3.11.7-linux-x86_64-gnu/bin"
    bin_dir.mkdir(parents=True)
    (bin_dir / "python3").symlink_to(real)
    env = {"HOME": str(home), "PATH": ""}
    if where == "XDG_DATA_HOME":
        env[where] = str(tmp_path / "data")
    if where == "UV_PYTHON_INSTALL_DIR":
        env[where] = str(folder)
    [found] = pythons.discover(env)
    assert (found.source, found.version[:2], found.path) == ("uv", (3, 11), bin_dir / "python3")


def test_pitstops_own_pythons_are_searched(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The Pythons pitstop installed with uv (`python_provision`) live in its cache."""
    base = Path.home() / ".pyenv/versions/3.12.1"
    if not base.is_dir():
        pytest.skip("needs pyenv 3.12.1")
    assert pythons.provisioned_folder({"PITSTOP_CACHE_DIR": str(tmp_path)}) == tmp_path / "python"
    monkeypatch.setenv("PITSTOP_CACHE_DIR", str(tmp_path))
    (tmp_path / "python").mkdir()
    (tmp_path / "python/cpython-3.12.1-linux-x86_64-gnu").symlink_to(base)
    env = {"HOME": str(tmp_path / "home"), "PATH": ""}
    assert [(i.source, i.version) for i in pythons.discover(env)] == [("pitstop", (3, 12, 1))]
