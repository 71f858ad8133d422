from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from pitstop.actions import pythons, setup_python
from pitstop.actions.base import ActionCall
from pitstop.errors import PitstopError

MakeCall = Callable[..., ActionCall]

PYENV = Path.home() / ".pyenv/versions"
needs_pyenv = pytest.mark.skipif(not (PYENV / "3.12.1").is_dir(), reason="needs pyenv's 3.12.1")


@needs_pyenv
def test_resolves_a_range_into_a_job_venv(make_call: MakeCall, workspace: Path) -> None:
    (workspace / "requirements.txt").write_text("django\n")
    call = make_call("actions/setup-python@v5", {"python-version": ">=3.12 <3.13", "cache": "pip"})
    result = setup_python.run(call)
    venv = Path(call.env["RUNNER_TEMP"]) / f"python-3.12.1-{setup_python.job_key(call)}"
    assert result.outputs == {
        "python-version": "3.12.1",
        "python-path": str(venv / "bin/python"),
        "cache-hit": "false",
    }
    # The venv first; right after it, a folder with only the interpreter itself (not a venv),
    # where GitHub's toolcache bin is: uv skips venvs when it needs a base interpreter. With a
    # local uv, its wrapper too (`uv pip --system` into the venv: actions/uv_system.py).
    interpreter_bin = venv.with_name(f"{venv.name}-bin")
    assert result.path == [str(interpreter_bin), str(venv / "bin")]
    names = sorted(p.name for p in interpreter_bin.iterdir())
    assert names in (["python", "python3", "python3.12"], ["python", "python3", "python3.12", "uv"])
    assert (interpreter_bin / "python").resolve() == (PYENV / "3.12.1/bin/python3.12").resolve()
    assert result.env["pythonLocation"] == str(venv)
    assert result.env["Python3_ROOT_DIR"] == str(venv)
    assert result.env["PKG_CONFIG_PATH"] == str(PYENV / "3.12.1/lib/pkgconfig")
    assert result.env["LD_LIBRARY_PATH"].startswith(str(PYENV / "3.12.1/lib"))
    assert any("pip" in note and "nothing restored" in note for note in result.notes)
    # pip in the venv installs into the venv, never into pyenv's 3.12.1.
    prefix = subprocess.run(
        [str(venv / "bin/pip"), "--version"], capture_output=True, text=True, check=True
    ).stdout
    assert str(venv) in prefix
    # A second setup of the same version in the job reuses the venv.
    assert setup_python.run(call).outputs["python-path"] == str(venv / "bin/python")


@needs_pyenv
@pytest.mark.parametrize(
    ("name", "content"),
    [
        (".python-version", "# pinned\n3.11\n"),
        ("pyproject.toml", '[project]\nname = "x"\nrequires-python = ">=3.11,<3.12"\n'),
        ("pyproject.toml", '[tool.poetry.dependencies]\npython = "~3.11"\n'),
        (".tool-versions", "nodejs 20.1.0\npython 3.11.7\n"),
    ],
)
def test_version_files(make_call: MakeCall, workspace: Path, name: str, content: str) -> None:
    (workspace / name).write_text(content)
    call = make_call("actions/setup-python@v5", {"python-version-file": name})
    assert setup_python.requested_versions(call)[-1].lstrip("~").startswith(("3.11", ">=3.11"))
    found = pythons.discover(call.env)
    chosen = setup_python.resolve(call, setup_python.requested_versions(call)[-1], False, found)
    assert chosen is not None and chosen.version[:2] == (3, 11)


def test_jobs_and_matrix_cells_get_their_own_venv(make_call: MakeCall) -> None:
    keys = {
        setup_python.job_key(make_call("x", contexts=contexts))
        for contexts in (
            {"github": {"job": "test", "run_id": "1"}, "matrix": {"python": "3.12", "db": "a"}},
            {"github": {"job": "test", "run_id": "1"}, "matrix": {"python": "3.12", "db": "b"}},
            {"github": {"job": "lint", "run_id": "1"}, "matrix": {}},
            {},
        )
    }
    assert len(keys) == 4


def test_default_python_version_file_and_none(make_call: MakeCall, workspace: Path) -> None:
    call = make_call("actions/setup-python@v5")
    result = setup_python.run(call)
    assert result.outputs == {}
    assert "Python on PATH" in result.notes[0]
    (workspace / ".python-version").write_text("3.12\n")
    assert setup_python.requested_versions(call) == ["3.12"]


@pytest.mark.parametrize(
    ("inputs", "wanted"),
    [
        ({"python-version": "3.99"}, "3.99"),
        ({"python-version": "==3.99.*"}, "3.99"),
        ({"python-version": "3.99-dev"}, "3.99"),
        ({"python-version": "3.12\n3.99"}, "3.99"),  # one missing: no venv for the other
    ],
)
def test_a_python_this_machine_lacks_is_not_verified(
    make_call: MakeCall, inputs: dict[str, str], wanted: str
) -> None:
    call = make_call("actions/setup-python@v5", inputs)
    result = setup_python.run(call)
    assert result.conclusion == "success"
    assert result.verified is False
    assert result.halts_job == f"no local Python {wanted}"
    assert result.outputs == {} and result.env == {} and result.path == []
    assert list(Path(call.env["RUNNER_TEMP"]).iterdir()) == []
    [note] = result.notes
    assert note.startswith(f"not verified (no local Python {wanted}): no interpreter here matches")
    for hint in (f"pyenv install {wanted}", f"uv python install {wanted}", f"python{wanted}"):
        assert hint in note
    if (PYENV / "3.12.1").is_dir():
        assert "3.12.1" in note  # what was found


def test_a_version_file_asking_for_a_missing_python(make_call: MakeCall, workspace: Path) -> None:
    (workspace / "pyproject.toml").write_text(
        '[project]\nname = "x"\nrequires-python = "==3.99.*"\n'
    )
    inputs = {"python-version-file": "pyproject.toml"}
    result = setup_python.run(make_call("actions/setup-python@v5", inputs))
    assert not result.verified
    assert result.halts_job == "no local Python 3.99"


@pytest.mark.parametrize("version", ["4.2", "3.12.400", ">=5", "1.5"])
def test_a_version_no_release_could_have_is_an_error(make_call: MakeCall, version: str) -> None:
    call = make_call("actions/setup-python@v5", {"python-version": version})
    with pytest.raises(PitstopError) as caught:
        setup_python.run(call)
    message = caught.value.render()
    assert f"no Python release matches {version!r}" in message
    if (PYENV / "3.12.1").is_dir():
        assert "3.12.1 " in message
    assert "ci.yml:4:9" in message


@pytest.mark.parametrize(
    ("inputs", "text"),
    [
        ({"python-version": "pypy3.10"}, "cannot read"),
        ({"python-version": "3.1x"}, "cannot read"),
        ({"python-version-file": "missing.txt"}, "does not exist"),
        ({"python-version": "3.12", "cache": "conda"}, "cache 'conda'"),
        ({"python-version": "3.12", "architecture": "x86"}, "architecture"),
        ({"python-version": "3.12", "freethreaded": "true"}, "free-threaded"),
        ({"python-version": "3.12", "update-environment": "yes"}, "not a boolean"),
        (
            {"python-version": "3.12", "pyhton-version": "3.12"},
            "unsupported input 'pyhton-version'",
        ),
    ],
)
def test_bad_inputs_fail_clearly(make_call: MakeCall, inputs: dict[str, str], text: str) -> None:
    with pytest.raises(PitstopError, match=text) as caught:
        setup_python.run(make_call("actions/setup-python@v5", inputs))
    assert "actions/setup-python" in caught.value.message


@pytest.mark.parametrize(
    ("tool", "files", "ok"),
    [
        ("pip", ["sub/requirements.txt"], True),
        ("pip", ["pyproject.toml"], True),
        ("pip", ["poetry.lock"], False),
        ("pipenv", ["Pipfile.lock"], True),
        ("pipenv", ["requirements.txt"], False),
        ("poetry", ["poetry.lock"], True),
    ],
)
def test_cache_needs_dependency_files(
    make_call: MakeCall, workspace: Path, tool: str, files: list[str], ok: bool
) -> None:
    for name in files:
        (workspace / name).parent.mkdir(parents=True, exist_ok=True)
        (workspace / name).write_text("x")
    inputs = {"cache": tool, "update-environment": "false"}
    call = make_call("actions/setup-python@v5", inputs)
    if ok:
        assert setup_python.run(call).outputs == {"cache-hit": "false"}
    else:
        with pytest.raises(PitstopError, match=r"No file in .* matched to"):
            setup_python.run(call)
    custom = make_call(
        "actions/setup-python@v5", {"cache": tool, "cache-dependency-path": files[0]}
    )
    assert setup_python.run(custom).outputs == {"cache-hit": "false"}


def test_empty_version_files_fail(make_call: MakeCall, workspace: Path) -> None:
    (workspace / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    (workspace / "bad.toml").write_text("[project\n")
    for name, text in [("pyproject.toml", "no Python version"), ("bad.toml", "not valid TOML")]:
        call = make_call("actions/setup-python@v5", {"python-version-file": name})
        with pytest.raises(PitstopError, match=text):
            setup_python.run(call)


@needs_pyenv
def test_update_environment_false_only_sets_outputs(make_call: MakeCall) -> None:
    inputs = {"python-version": "3.12", "update-environment": "false", "check-latest": "true"}
    result = setup_python.run(make_call("actions/setup-python@v5", inputs))
    assert result.env == {}
    assert result.path == []
    assert result.outputs["python-version"] == "3.12.1"
    assert "check-latest" in result.notes[0]


@needs_pyenv
def test_prove_seeds_a_job_venv_from_an_earlier_successful_run(
    make_call: MakeCall, tmp_path: Path, step_log: list[str]
) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    inputs = {"python-version": "3.12"}
    first = make_call("actions/setup-python@v5", inputs, env={"PITSTOP_VENV_SEEDS": str(seeds)})
    result = setup_python.run(first)
    assert result.post is not None
    result.post("failure")
    assert list(seeds.iterdir()) == []  # a failed job's venv is never kept
    result.post("success")
    assert len(list(seeds.iterdir())) == 1
    later_temp = tmp_path / "later-temp"
    later_temp.mkdir()
    env = {"PITSTOP_VENV_SEEDS": str(seeds), "RUNNER_TEMP": str(later_temp)}
    second = setup_python.run(make_call("actions/setup-python@v5", inputs, env=env))
    assert any("venv seeded from" in line for line in step_log)
    python = second.outputs["python-path"]
    assert python.startswith(str(later_temp))
    done = subprocess.run([python, "-m", "pip", "--version"], capture_output=True, text=True)
    assert done.returncode == 0 and str(later_temp) in done.stdout
