"""The job's uv Python folder, checked with the real uv: it finds, venvs and even "installs"
a linked local interpreter offline, and never writes into the real install."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from pitstop.actions import pythons, tools, uv_pythons

PYENV_312 = Path.home() / ".pyenv/versions/3.12.1"


@pytest.fixture
def python312() -> pythons.Interpreter:
    if not PYENV_312.is_dir():
        pytest.skip("needs pyenv's 3.12.1")
    found = pythons.discover({"HOME": str(Path.home()), "PATH": ""})
    return next(i for i in found if i.prefix == PYENV_312)


@pytest.fixture
def uv() -> Path:
    found = tools.find("uv", os.environ)
    if found is None:
        pytest.skip("needs a local uv")
    return found


def uv_env(tmp_path: Path, folder: Path) -> dict[str, str]:
    """A job's environment: its own home and uv Python folder, and the machine's PATH with
    its pyenv shims (which break `uv python find 3.12` on their own)."""
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    return {
        "PATH": os.environ["PATH"],
        "HOME": str(home),
        "UV_PYTHON_INSTALL_DIR": str(folder),
        "UV_CACHE_DIR": str(tmp_path / "uv-cache"),
        "UV_PYTHON_DOWNLOADS": "never",  # a download would be a failure of this test
    }


def uv_run(uv: Path, *args: str, env: dict[str, str], cwd: Path) -> str:
    done = subprocess.run(
        [str(uv), *args], env=env, cwd=cwd, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout.strip()


def test_key_names_the_install_as_uv_does(python312: pythons.Interpreter) -> None:
    assert uv_pythons.key(python312).startswith("cpython-3.12.1-linux-")


def test_uv_finds_and_installs_a_linked_interpreter_offline(
    tmp_path: Path, python312: pythons.Interpreter, uv: Path
) -> None:
    folder = tmp_path / "uv-python-dir"
    sysconfig = next((PYENV_312 / "lib/python3.12").glob("_sysconfigdata_*.py"))
    before = sysconfig.read_bytes()
    linked = uv_pythons.link(folder, python312)
    assert uv_pythons.link(folder, python312) == linked  # once
    env = uv_env(tmp_path, folder)
    found = uv_run(uv, "python", "find", "3.12", env=env, cwd=tmp_path)
    assert Path(found).resolve() == python312.path.resolve()
    uv_run(uv, "venv", "--python", "3.12", str(tmp_path / "v"), env=env, cwd=tmp_path)
    assert "version_info = 3.12.1" in (tmp_path / "v/pyvenv.cfg").read_text()
    # `uv python install 3.12` finds it installed: no download, exit 0.
    uv_run(uv, "python", "install", "3.12", env=env, cwd=tmp_path)
    # uv marked and patched the job's copy, never the real install.
    assert (folder / uv_pythons.key(python312) / "lib/python3.12/EXTERNALLY-MANAGED").is_file()
    assert not (PYENV_312 / "lib/python3.12/EXTERNALLY-MANAGED").exists()
    assert sysconfig.read_bytes() == before


def test_without_the_link_uv_does_not_find_it(
    tmp_path: Path, python312: pythons.Interpreter, uv: Path
) -> None:
    """The failure the folder prevents: pyenv's shims (3.12 not pyenv's global) stop uv."""
    if "/.pyenv/shims" not in os.environ["PATH"]:
        pytest.skip("needs pyenv shims on PATH")
    env = uv_env(tmp_path, tmp_path / "empty")
    done = subprocess.run(
        [str(uv), "python", "find", "3.12"], env=env, capture_output=True, text=True, check=False
    )
    if done.returncode == 0:
        assert Path(done.stdout.strip()).resolve() != python312.path.resolve()


def test_python_bin_holds_only_the_interpreter(
    tmp_path: Path, python312: pythons.Interpreter
) -> None:
    folder = uv_pythons.python_bin(tmp_path / "bin", python312)
    assert sorted(p.name for p in folder.iterdir()) == ["python", "python3", "python3.12"]
    version = subprocess.run(
        [str(folder / "python"), "-c", "import sys; print(sys.prefix)"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    assert Path(version) == PYENV_312  # the install itself, not a venv
