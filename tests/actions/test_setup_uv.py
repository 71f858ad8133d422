from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from pitstop.actions import probe, pythons, setup_uv, tools
from pitstop.actions.base import ActionCall
from pitstop.errors import PitstopError

MakeCall = Callable[..., ActionCall]


@pytest.fixture
def uv_version(make_call: MakeCall) -> str:
    uv = tools.find("uv", make_call("x").env)
    if uv is None:
        pytest.skip("needs a local uv")
    version = pythons.version_of(probe.output([uv, "--version"]) or "")
    assert version is not None
    return ".".join(map(str, version))


def test_local_uv_with_cache_and_checked_version(make_call: MakeCall, uv_version: str) -> None:
    inputs = {"version": uv_version, "enable-cache": "true", "cache-local-path": "uv-cache"}
    call = make_call("astral-sh/setup-uv@v6", inputs)
    result = setup_uv.run(call)
    assert result.outputs["uv-version"] == uv_version
    assert Path(result.outputs["uv-path"]).name == "uv"
    assert result.outputs["uvx-path"].endswith("uvx")
    assert result.outputs["cache-hit"] == "false"
    assert result.env["UV_CACHE_DIR"] == str(call.workspace / "uv-cache")
    # As setup-uv: the user's ~/.local/bin (uv tool install), uv's folder, the uv Python dir.
    home, folder, python_dir = result.path
    assert home == str(Path(call.env["HOME"]) / ".local/bin")
    # A folder with only uv and uvx: the folder uv lives in (a Python's bin) would shadow
    # the job's python.
    assert sorted(p.name for p in Path(folder).iterdir()) == ["uv", "uvx"]
    # GitHub-hosted: UV_PYTHON_INSTALL_DIR is $RUNNER_TEMP/uv-python-dir, on PATH too.
    assert python_dir == result.env["UV_PYTHON_INSTALL_DIR"]
    assert python_dir == str(Path(call.env["RUNNER_TEMP"]) / "uv-python-dir")
    assert "nothing restored" in result.notes[0]


def test_version_mismatch_fails(make_call: MakeCall, uv_version: str) -> None:
    with pytest.raises(PitstopError, match=r"uv 0\.0\.1 was requested but the local uv is"):
        setup_uv.run(make_call("astral-sh/setup-uv@v6", {"version": "0.0.1"}))
    major, minor, _ = uv_version.split(".")
    ranged = {"version": f">={major}.{minor},<{int(major) + 1}", "enable-cache": "false"}
    result = setup_uv.run(make_call("astral-sh/setup-uv@v6", ranged))
    assert "cache-hit" not in result.outputs
    latest = setup_uv.run(make_call("astral-sh/setup-uv@v6", {"version": "latest"}))
    assert "not checked offline" in latest.notes[0]


def test_version_file(make_call: MakeCall, workspace: Path, uv_version: str) -> None:
    (workspace / "pyproject.toml").write_text('[tool.uv]\nrequired-version = "==0.0.1"\n')
    with pytest.raises(PitstopError, match="requested"):
        setup_uv.run(make_call("astral-sh/setup-uv@v6", {"version-file": "pyproject.toml"}))
    (workspace / "uv.toml").write_text(f'required-version = ">={uv_version}"\n')
    assert setup_uv.run(make_call("astral-sh/setup-uv@v6", {"version-file": "uv.toml"})).outputs
    (workspace / "bad.toml").write_text("[")
    with pytest.raises(PitstopError, match="cannot read version-file"):
        setup_uv.run(make_call("astral-sh/setup-uv@v6", {"version-file": "bad.toml"}))


@pytest.mark.skipif(
    not (Path.home() / ".pyenv/versions/3.12.1").is_dir(), reason="needs pyenv's 3.12.1"
)
def test_python_version_and_activate_environment(make_call: MakeCall, uv_version: str) -> None:
    inputs = {
        "python-version": "3.12",
        "activate-environment": "true",
        "tool-bin-dir": "tb",
        "tool-dir": "td",
    }
    call = make_call("astral-sh/setup-uv@v6", inputs)
    result = setup_uv.run(call)
    venv = call.workspace / ".venv"
    # As setup-uv does: UV_PYTHON and the output are the version as written, not a path.
    assert result.outputs["python-version"] == "3.12"
    assert result.env["UV_PYTHON"] == "3.12"
    assert result.env["VIRTUAL_ENV"] == str(venv)
    assert result.env["UV_TOOL_DIR"] == str(call.workspace / "td")
    python_dir = Path(result.env["UV_PYTHON_INSTALL_DIR"])
    assert result.path[0] == str(call.workspace / "tb")
    assert result.path[-2:] == [str(python_dir), str(venv / "bin")]
    assert "3.12.1" in (venv / "pyvenv.cfg").read_text()
    # The chosen interpreter is linked into the job's uv Python folder, as uv names installs.
    [entry] = [p.name for p in python_dir.iterdir() if p.name.startswith("cpython-")]
    assert entry.startswith("cpython-3.12.1-")


@pytest.mark.skipif(
    not (Path.home() / ".pyenv/versions/3.12.1").is_dir(), reason="needs pyenv's 3.12.1"
)
def test_python_version_file_is_linked_and_reported(
    make_call: MakeCall, workspace: Path, uv_version: str
) -> None:
    """Without `python-version`, uv reads `.python-version` (and would download it on
    GitHub): the local match is linked, and the output is what `uv python find` reports."""
    (workspace / ".python-version").write_text("3.12\n")
    result = setup_uv.run(make_call("astral-sh/setup-uv@v6", {"enable-cache": "false"}))
    assert "UV_PYTHON" not in result.env
    assert result.outputs["python-version"] == "3.12.1"
    entries = Path(result.env["UV_PYTHON_INSTALL_DIR"]).glob("cpython-3.12.1-*")
    assert len(list(entries)) == 1


def test_a_workflow_uv_python_install_dir_in_the_job_is_kept(
    make_call: MakeCall, workspace: Path, uv_version: str
) -> None:
    own = str(workspace / "pythons")
    env = {"UV_PYTHON_INSTALL_DIR": own}
    result = setup_uv.run(make_call("astral-sh/setup-uv@v6", {"enable-cache": "false"}, env=env))
    assert result.env["UV_PYTHON_INSTALL_DIR"] == own
    # Yours (outside the job) is replaced by the job's own, as on a fresh runner.
    env = {"UV_PYTHON_INSTALL_DIR": str(Path.home() / ".local/share/uv/python")}
    call = make_call("astral-sh/setup-uv@v6", {"enable-cache": "false"}, env=env)
    result = setup_uv.run(call)
    assert result.env["UV_PYTHON_INSTALL_DIR"] == str(
        Path(call.env["RUNNER_TEMP"]) / "uv-python-dir"
    )


def test_a_python_this_machine_lacks_is_not_verified(make_call: MakeCall) -> None:
    inputs = {"python-version": "3.99", "activate-environment": "true"}
    call = make_call("astral-sh/setup-uv@v6", inputs)
    result = setup_uv.run(call)
    assert (result.verified, result.halts_job) == (False, "no local Python 3.99")
    assert "UV_PYTHON" not in result.env and "VIRTUAL_ENV" not in result.env
    assert not (call.workspace / ".venv").exists()
    assert any(note.startswith("not verified (no local Python 3.99)") for note in result.notes)


def test_missing_uv(make_call: MakeCall, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(PitstopError, match="uv is not installed") as caught:
        setup_uv.run(make_call("astral-sh/setup-uv@v6", env={"PATH": str(empty)}))
    assert "pipx install uv" in caught.value.render()


@pytest.mark.parametrize(
    ("inputs", "text"),
    [
        ({"enable-cache": "yes"}, "enable-cache"),
        ({"version": "one"}, "cannot read the uv version"),
        ({"enable_cache": "true"}, "unsupported input 'enable_cache'"),
    ],
)
def test_bad_inputs(
    make_call: MakeCall, uv_version: str, inputs: dict[str, str], text: str
) -> None:
    with pytest.raises(PitstopError, match=text):
        setup_uv.run(make_call("astral-sh/setup-uv@v6", inputs))
