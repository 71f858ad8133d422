from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from pitstop.errors import PitstopError
from pitstop.runner import shells

PATH = os.environ["PATH"]


def run(shell: str | None, script: str, tmp_path: Path, path: str = PATH) -> tuple[int, str]:
    prepared = shells.prepare_script(shell, script, tmp_path / "temp", path)
    done = subprocess.run(
        prepared.argv, capture_output=True, text=True, env={"PATH": path}, check=False
    )
    return done.returncode, done.stdout


@pytest.mark.parametrize(
    ("shell", "code", "out"),
    [
        (None, 0, "after\n"),  # the default has no pipefail
        ("bash", 1, ""),  # explicit bash has pipefail
        ("sh", 0, "after\n"),
        ("bash -e {0}", 0, "after\n"),
    ],
)
def test_pipefail_only_with_explicit_bash(
    shell: str | None, code: int, out: str, tmp_path: Path
) -> None:
    assert run(shell, "false | true\necho after\n", tmp_path) == (code, out)


@pytest.mark.parametrize("shell", [None, "bash", "sh"])
def test_errexit_in_every_posix_shell(shell: str | None, tmp_path: Path) -> None:
    assert run(shell, "false\necho unreachable\n", tmp_path) == (1, "")


def test_default_arguments_and_display() -> None:
    default = shells.resolve_shell(None, PATH)
    assert Path(default.executable).name == "bash"
    assert default.arguments == "-e {0}"
    assert default.display == f"shell: {default.executable} -e {{0}}"
    explicit = shells.resolve_shell("bash", PATH)
    assert explicit.arguments == "--noprofile --norc -eo pipefail {0}"
    assert explicit.argv(Path("/t/x.sh"))[1:] == [
        "--noprofile", "--norc", "-eo", "pipefail", "/t/x.sh",
    ]  # fmt: skip


def test_default_falls_back_to_sh_without_bash(tmp_path: Path) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "sh").symlink_to("/bin/sh")
    shell = shells.resolve_shell(None, str(bin_dir))
    assert shell.executable == str(bin_dir / "sh")
    assert shell.arguments == "-e {0}"


def test_python_shell_uses_python_on_path(tmp_path: Path) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "python").symlink_to(sys.executable)
    code, out = run("python", "import sys\nprint(sys.argv[0][-3:])\n", tmp_path, str(bin_dir))
    assert (code, out) == (0, ".py\n")


def test_custom_template_and_script_file(tmp_path: Path) -> None:
    prepared = shells.prepare_script("bash -x {0}", "echo hi", tmp_path, PATH)
    assert prepared.script.parent == tmp_path
    assert prepared.script.suffix == ".sh"
    assert prepared.script.read_text() == "echo hi"
    assert prepared.argv == (prepared.shell.executable, "-x", str(prepared.script))
    unknown = shells.prepare_script("cat {0}", "x", tmp_path, PATH)
    assert unknown.script.suffix == ""


def test_powershell_wrapper() -> None:
    wrapped = shells.script_contents("pwsh", "Write-Host hi")
    assert wrapped.startswith("$ErrorActionPreference = 'stop'\nWrite-Host hi\n")
    assert "exit $LASTEXITCODE" in wrapped
    assert shells.script_contents("bash", "echo") == "echo"


@pytest.mark.parametrize(
    ("shell", "message"),
    [
        ("bash -c", "must contain {0}"),
        ("perlish", "must contain {0}"),
        ("no-such-shell-xyz {0}", "'no-such-shell-xyz' not found"),
        ("cmd", "only exists on Windows"),
    ],
)
def test_bad_shells(shell: str, message: str) -> None:
    with pytest.raises(PitstopError, match=message):
        shells.resolve_shell(shell, PATH)


def test_missing_pwsh_says_install_powershell(tmp_path: Path) -> None:
    with pytest.raises(PitstopError) as caught:
        shells.resolve_shell("pwsh", str(tmp_path))
    assert "PowerShell" in (caught.value.hint or "")


def test_no_shell_at_all(tmp_path: Path) -> None:
    with pytest.raises(PitstopError, match="'sh' not found"):
        shells.resolve_shell(None, str(tmp_path))
