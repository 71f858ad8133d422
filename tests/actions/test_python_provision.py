"""A missing Python installed with the real `uv python install`, offline: the download list
is our own (`UV_PYTHON_DOWNLOADS_JSON_URL`), naming a python-build-standalone-shaped archive
made here from a local interpreter and served from a file:// URL. Nothing reaches GitHub.

The test's environment hides that interpreter (a PATH of `/usr/bin:/bin` and an empty home,
no pyenv), so setup-python asks for a Python the job lacks, as `3.14` would on a machine
without it."""

from __future__ import annotations

import hashlib
import json
import os
import platform
import tarfile
from collections.abc import Callable
from pathlib import Path

import pytest

from pitstop import cli
from pitstop.actions import python_provision, pythons, setup_python, setup_uv, tools
from pitstop.actions.base import ActionCall
from tests.conftest import make_repo

MakeCall = Callable[..., ActionCall]

SOURCE = Path.home() / ".pyenv/versions/3.10.13"  # a local install to pack as a download
VERSION = (3, 10, 13)
# What the archive does not need (tests, GUI, bundled wheels): a small, quick fixture.
LEFT_OUT = {"test", "tests", "__pycache__", "idlelib", "tkinter", "turtledemo", "site-packages",
            "lib2to3", "pydoc_data", "config-3.10-x86_64-linux-gnu"}  # fmt: skip


def standalone_archive(install: Path, archive: Path) -> None:
    """`python/bin/python3.10` and `python/lib/...`, as python-build-standalone lays out its
    install_only archives (the layout uv unpacks)."""

    def keep(info: tarfile.TarInfo) -> tarfile.TarInfo | None:
        return None if LEFT_OUT & set(Path(info.name).parts) else info

    with tarfile.open(archive, "w:gz", compresslevel=1) as tar:
        for name in ("python3.10", "python3", "python"):
            tar.add(install / "bin" / name, f"python/bin/{name}")
        for name in ("libpython3.10.so.1.0", "libpython3.10.so", "python3.10"):
            tar.add(install / "lib" / name, f"python/lib/{name}", filter=keep)


@pytest.fixture(scope="module")
def download_list(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not SOURCE.is_dir() or platform.machine() != "x86_64":
        pytest.skip("needs pyenv's 3.10.13 on x86_64")
    folder = tmp_path_factory.mktemp("downloads")
    archive = folder / "cpython-3.10.13-x86_64-unknown-linux-gnu-install_only.tar.gz"
    standalone_archive(SOURCE, archive)
    major, minor, patch = VERSION
    entry = {
        "name": "cpython", "arch": {"family": "x86_64", "variant": None}, "os": "linux",
        "libc": "gnu", "major": major, "minor": minor, "patch": patch, "prerelease": "",
        "url": archive.as_uri(), "sha256": hashlib.sha256(archive.read_bytes()).hexdigest(),
        "variant": None,
    }  # fmt: skip
    listing = folder / "downloads.json"
    listing.write_text(json.dumps({"cpython-3.10.13-linux-x86_64-gnu": entry}))
    return listing


@pytest.fixture
def job_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """A job that has uv but no Python 3.10; pitstop's cache in the test's folder."""
    uv = tools.find("uv", os.environ)
    if uv is None:
        pytest.skip("needs a local uv")
    bin_dir = tools.private_bin(tmp_path, "uv", [uv])
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv(pythons.CACHE_VARIABLE, str(tmp_path / "pitstop-cache"))
    monkeypatch.setenv(python_provision.SWITCH, "1")
    monkeypatch.setenv("PITSTOP_NETWORK", "offline")  # the custom list is the only source
    env = {"PATH": f"{bin_dir}:/usr/bin:/bin", "HOME": str(home)}
    assert not [i for i in pythons.discover(env) if i.version[:2] == VERSION[:2]]
    return env | {"UV_CACHE_DIR": str(tmp_path / "uv-cache")}


def test_setup_python_installs_a_missing_python_into_pitstops_cache(
    make_call: MakeCall, job_env: dict[str, str], download_list: Path, step_log: list[str]
) -> None:
    # A workflow's `UV_PYTHON_DOWNLOADS: never` is for its own uv steps, not this install.
    env = job_env | {"UV_PYTHON_DOWNLOADS_JSON_URL": str(download_list)}
    env |= {"UV_PYTHON_DOWNLOADS": "never"}
    call = make_call("actions/setup-python@v5", {"python-version": "3.10"}, env=env)
    result = setup_python.run(call)
    assert result.verified, result.notes
    assert result.outputs["python-version"] == "3.10.13"
    installed = pythons.provisioned_folder() / "cpython-3.10.13-linux-x86_64-gnu"
    assert installed.is_dir(), step_log
    assert any("installing it with uv" in line for line in step_log)
    assert "Python 3.10.13 installed with uv ('3.10')" in result.notes
    # The next job finds it in pitstop's cache: no second install.
    step_log.clear()
    again = setup_python.run(
        make_call("actions/setup-python@v5", {"python-version": "3.10"}, env=env)
    )
    assert again.outputs["python-version"] == "3.10.13"
    assert not any("installing it with uv" in line for line in step_log)


def test_setup_uv_python_version_installs_it_too(
    make_call: MakeCall, job_env: dict[str, str], download_list: Path
) -> None:
    env = job_env | {"UV_PYTHON_DOWNLOADS_JSON_URL": str(download_list)}
    inputs = {"python-version": "3.10", "enable-cache": "false", "activate-environment": "true"}
    call = make_call("astral-sh/setup-uv@v6", inputs, env=env)
    result = setup_uv.run(call)
    assert result.verified, result.notes
    assert result.env["UV_PYTHON"] == "3.10"
    assert "version_info = 3.10.13" in (call.workspace / ".venv/pyvenv.cfg").read_text()


def test_a_failed_install_is_not_verified(
    make_call: MakeCall, job_env: dict[str, str], tmp_path: Path
) -> None:
    empty = tmp_path / "empty.json"
    empty.write_text("{}")
    env = job_env | {"UV_PYTHON_DOWNLOADS_JSON_URL": str(empty)}
    result = setup_python.run(
        make_call("actions/setup-python@v5", {"python-version": "3.10"}, env=env)
    )
    assert (result.verified, result.halts_job) == (False, "no local Python 3.10")
    assert "uv python install 3.10 failed (see the step log)" in result.notes


@pytest.mark.parametrize(
    ("switch", "network", "source", "expected"),
    [
        ("", "online", "", True),
        ("", "offline", "", False),  # uv's downloads come from GitHub
        ("", "offline", "file:///x.json", True),  # a source of your own
        ("0", "online", "file:///x.json", False),  # turned off
    ],
)
def test_when_pitstop_may_install(
    monkeypatch: pytest.MonkeyPatch, switch: str, network: str, source: str, expected: bool
) -> None:
    monkeypatch.setenv(python_provision.SWITCH, switch)
    monkeypatch.setenv("PITSTOP_NETWORK", network)
    env = {"UV_PYTHON_DOWNLOADS_JSON_URL": source} if source else {}
    assert python_provision.available(env) is expected


WORKFLOW = """\
on: push
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/setup-python@v5
        with:
          python-version: "3.10"
      - run: python -c "import sys; assert sys.version_info[:2] == (3, 10); print('ran-on-3.10')"
"""


def test_the_job_runs_on_the_installed_python(
    tmp_path: Path,
    job_env: dict[str, str],
    download_list: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Through `pitstop run`: the job is not halted "not verified (no local Python 3.10)"; its
    steps run, on the Python uv installed."""
    for name in ("PATH", "HOME"):
        monkeypatch.setenv(name, job_env[name])
    for name in ("PYENV_ROOT", "UV_PYTHON_INSTALL_DIR", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("UV_PYTHON_DOWNLOADS_JSON_URL", str(download_list))
    repo = make_repo(tmp_path / "repo", {".github/workflows/ci.yml": WORKFLOW})
    argv = ["run", "-C", str(repo), "--run-dir", str(tmp_path / "run"), "--json"]
    code = cli.main([*argv, str(tmp_path / "result.json")])
    output = "".join(capsys.readouterr())
    assert code == 0, output
    [job] = json.loads((tmp_path / "result.json").read_text())["jobs"]
    assert job["result"] == "success", output
    assert "ran-on-3.10" in output
    assert not any("not verified" in note for note in job["notes"]), job["notes"]
