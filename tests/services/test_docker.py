from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pitstop.errors import PitstopError
from pitstop.services import docker
from pitstop.services.base import ServiceRequest
from pitstop.workflow.model import Service

# This machine has a docker CLI but no engine; the `docker run` path cannot be exercised here.
no_engine = pytest.mark.skipif(
    docker.engine_reachable(shutil.which("docker")), reason="a Docker engine is reachable"
)


def request(tmp_path: Path, **service: object) -> ServiceRequest:
    fields = {"id": "mq", "image": "rabbitmq:3", **service}
    return ServiceRequest(Service(**fields), {"SECRET": "hunter2"}, tmp_path)  # type: ignore[arg-type]


def test_matches_anything() -> None:
    assert docker.matches("rabbitmq:3") and docker.matches("ghcr.io/x/y@sha256:1")


@no_engine
def test_no_engine_names_the_image(tmp_path: Path) -> None:
    with pytest.raises(PitstopError) as caught:
        docker.start(request(tmp_path))
    message = caught.value.render()
    assert "image rabbitmq:3 has no native stand-in" in message
    assert "no Docker engine is reachable" in message
    assert "postgres, redis" in message


def test_no_docker_cli_at_all(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    assert not docker.engine_reachable(shutil.which("docker"))
    with pytest.raises(PitstopError, match="no Docker engine is reachable"):
        docker.start(request(tmp_path))


def test_run_argv_keeps_secrets_out_of_the_command_line(tmp_path: Path) -> None:
    argv = docker.run_argv(
        "docker",
        request(tmp_path, ports=("8080:80", "5672"), options="--health-cmd 'true' --name x"),
    )
    assert argv[:3] == ["docker", "run", "-d"]
    assert argv[argv.index("-e") : argv.index("-e") + 2] == ["-e", "SECRET"]
    assert "hunter2" not in " ".join(argv)
    assert "127.0.0.1:8080:80/tcp" in argv and "127.0.0.1::5672/tcp" in argv
    assert argv[-5:] == ["--health-cmd", "true", "--name", "x", "rabbitmq:3"]


def test_a_failing_docker_command_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(PitstopError, match=r"/bin/false port x failed \(exit 1\)"):
        docker.published_ports("/bin/false", "x")
    with pytest.raises(PitstopError, match="failed"):
        docker.published_ports(str(tmp_path / "missing-docker"), "x")
