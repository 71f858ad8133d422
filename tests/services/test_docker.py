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


FAKE_DOCKER = """#!/bin/sh
# A stand-in for the docker CLI (no engine on this machine): logs argv, answers like docker.
echo "$@" >> "$(dirname "$0")/calls.log"
case "$1" in
  info) exit 0 ;;
  run) echo 0123456789abcdef ;;
  port) printf '5672/tcp -> 127.0.0.1:49153\\n5672/tcp -> [::1]:49153\\n9/udp -> 0.0.0.0:9\\n' ;;
  inspect) echo "${FAKE_HEALTH:-healthy}" ;;
  rm) exit 0 ;;
esac
"""


@pytest.fixture
def fake_docker(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The one seam for the engine path: a `docker` CLI stand-in first on PATH."""
    folder = tmp_path / "bin"
    folder.mkdir()
    script = folder / "docker"
    script.write_text(FAKE_DOCKER)
    script.chmod(0o755)
    monkeypatch.setenv("PATH", f"{folder}:/usr/bin:/bin")
    return folder / "calls.log"


def test_engine_path_runs_inspects_and_removes(tmp_path: Path, fake_docker: Path) -> None:
    options = "--health-cmd 'rabbitmq-diagnostics ping' --health-interval 1s"
    running = docker.start(request(tmp_path, ports=("5672",), options=options))
    assert running.ports == {"5672": "49153"}
    assert running.host == "localhost" and running.warnings == ()
    assert running.description == "docker container 0123456789ab"
    running.stop()
    running.stop()
    calls = fake_docker.read_text().splitlines()
    assert [call.split()[0] for call in calls] == ["info", "run", "port", "inspect", "rm"]
    assert calls[-1] == "rm -f -v 0123456789abcdef"
    assert "hunter2" not in fake_docker.read_text()


def test_engine_path_unhealthy_container_is_removed(
    tmp_path: Path, fake_docker: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAKE_HEALTH", "unhealthy")
    with pytest.raises(PitstopError, match="service mq did not become healthy"):
        docker.start(request(tmp_path, options="--health-cmd false"))
    assert fake_docker.read_text().splitlines()[-1].startswith("rm -f -v")


def test_engine_path_without_health_check(tmp_path: Path, fake_docker: Path) -> None:
    running = docker.start(request(tmp_path))
    running.stop()
    assert "inspect" not in fake_docker.read_text()
