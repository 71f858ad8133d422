from __future__ import annotations

from pathlib import Path

import pytest

from pitstop.runner.host_env import denied, host_environment, tool_locations


def test_pitstop_secrets_its_python_environment_and_home_are_not_inherited() -> None:
    environ = {
        "PATH": "/home/me/proj/.venv/bin:/usr/local/bin:/usr/bin",
        "VIRTUAL_ENV": "/home/me/proj/.venv",
        "PYTHONPATH": "/somewhere",
        "PITSTOP_SECRET_TOKEN": "s3cret",
        "HOME": "/nonexistent-home",
        "XDG_CONFIG_HOME": "/nonexistent-home/.config",
        "LANG": "C.UTF-8",
    }
    assert host_environment(environ) == {"PATH": "/usr/local/bin:/usr/bin", "LANG": "C.UTF-8"}
    assert host_environment({"PATH": "/usr/bin", "HOME": "/nonexistent"}) == {"PATH": "/usr/bin"}


@pytest.mark.parametrize(
    "name",
    [
        "SSH_AUTH_SOCK", "GIT_ASKPASS", "SSH_ASKPASS", "GH_TOKEN", "GITHUB_TOKEN",
        "AWS_ACCESS_KEY_ID", "AWS_PROFILE", "GOOGLE_APPLICATION_CREDENTIALS", "NPM_TOKEN",
        "npm_config__authToken", "DATABASE_PASSWORD", "STRIPE_SECRET_KEY", "OPENAI_API_KEY",
        "GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_CONFIG_COUNT", "GIT_CONFIG_KEY_0",
        "GIT_SSH_COMMAND", "XDG_RUNTIME_DIR", "KUBECONFIG", "DOCKER_CONFIG", "NETRC",
        "TWINE_PASSWORD", "HF_TOKEN", "VAULT_ADDR", "GNUPGHOME",
    ],
)  # fmt: skip
def test_credential_plumbing_is_denied(name: str) -> None:
    assert denied(name)
    assert name not in host_environment({name: "x", "PATH": "/usr/bin"})


@pytest.mark.parametrize(
    "name",
    [
        "PATH", "LANG", "LC_ALL", "TZ", "TERM", "JAVA_HOME", "GIT_AUTHOR_NAME",
        "GIT_COMMITTER_EMAIL", "PIP_INDEX_URL", "UV_INDEX_URL", "CI", "TMPDIR", "AUTHOR",
    ],
)  # fmt: skip
def test_toolchain_variables_are_kept(name: str) -> None:
    assert not denied(name)
    assert host_environment({name: "x"})[name] == "x"


def test_version_managers_under_the_real_home_are_stated(tmp_path: Path) -> None:
    (tmp_path / ".pyenv").mkdir()
    (tmp_path / ".local/share/uv/python").mkdir(parents=True)
    found = tool_locations({"HOME": str(tmp_path)})
    assert found == {
        "PYENV_ROOT": str(tmp_path / ".pyenv"),
        "UV_PYTHON_INSTALL_DIR": str(tmp_path / ".local/share/uv/python"),
    }
    assert tool_locations({"HOME": str(tmp_path), "PYENV_ROOT": "/opt/pyenv"})["PYENV_ROOT"] == (
        "/opt/pyenv"
    )
    env = host_environment({"HOME": str(tmp_path), "PATH": "/usr/bin"})
    assert "HOME" not in env
    assert env["PYENV_ROOT"] == str(tmp_path / ".pyenv")
