from __future__ import annotations

import os
import sys
from pathlib import Path

from pitstop.actions import probe, pythons, tools


def executable(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    path.chmod(0o755)
    return path


def test_a_shim_is_resolved_with_pyenv_which(tmp_path: Path) -> None:
    real = executable(tmp_path / "versions/9.9/bin/faketool", "#!/bin/sh\necho real\n")
    executable(tmp_path / "shims/faketool", "#!/bin/sh\nexit 1\n")
    executable(tmp_path / "bin/pyenv", f'#!/bin/sh\n[ "$1" = which ] && echo {real}\n')
    env = {"PATH": f"{tmp_path / 'shims'}{os.pathsep}{tmp_path / 'bin'}"}
    assert tools.find("faketool", env) == real
    assert tools.find("othertool", env) is None


def test_plain_path_wins(tmp_path: Path) -> None:
    tool = executable(tmp_path / "bin/faketool", "#!/bin/sh\n")
    assert tools.find("faketool", {"PATH": str(tmp_path / "bin")}) == tool


def test_python_module_path(tmp_path: Path) -> None:
    bin_dir = tmp_path / "bin"
    executable(bin_dir / "python3", f'#!/bin/sh\nexec {sys.executable} "$@"\n')
    env = {"PATH": str(bin_dir)}
    assert tools.python_module_path("os", "getcwd", env) is not None
    assert tools.python_module_path("no_such_module", "x", env) is None
    assert tools.python_module_path("os", "getcwd", {"PATH": str(tmp_path / "none")}) is None


def test_probe_failures(tmp_path: Path) -> None:
    assert probe.output([tmp_path / "missing"]) is None
    slow = executable(tmp_path / "slow", "#!/bin/sh\nexec sleep 5\n")
    assert probe.output([slow], timeout=0.2) is None
    assert probe.output(["sh", "-c", "exit 3"]) is None


def test_a_venv_python_reports_its_base_install(tmp_path: Path) -> None:
    interpreter = pythons._ask(Path(sys.executable), "PATH")
    assert interpreter is not None
    assert interpreter.prefix == Path(sys.base_prefix)
