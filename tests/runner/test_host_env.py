from __future__ import annotations

from pitstop.runner.host_env import host_environment


def test_pitstop_secrets_and_its_python_environment_are_not_inherited() -> None:
    environ = {
        "PATH": "/home/me/proj/.venv/bin:/usr/local/bin:/usr/bin",
        "VIRTUAL_ENV": "/home/me/proj/.venv",
        "PYTHONPATH": "/somewhere",
        "PITSTOP_SECRET_TOKEN": "s3cret",
        "HOME": "/home/me",
    }
    assert host_environment(environ) == {"PATH": "/usr/local/bin:/usr/bin", "HOME": "/home/me"}
    assert host_environment({"PATH": "/usr/bin"}) == {"PATH": "/usr/bin"}
