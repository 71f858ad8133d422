"""Any other image: run it with Docker when an engine is reachable.

This is the fallback of the SERVICES table. Without a reachable engine (`docker info` fails)
the service fails with an error naming the image. With one, the container is started with
`docker run -d` (env, ports on 127.0.0.1, the service's options) and removed with
`docker rm -f` on stop. Unlike the native servers, a container is not reaped by a watchdog
if pitstop is killed with SIGKILL: it carries the label `pitstop.service` so that it can be
found (`docker ps --filter label=pitstop.service`).
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import time
from collections.abc import Mapping, Sequence

from pitstop.errors import PitstopError
from pitstop.services.base import ServiceRequest
from pitstop.services.diagnostics import reported_at
from pitstop.services.options import parse_options
from pitstop.services.ports import parse_port

NATIVE = "postgres, redis"
_PORT_LINE = re.compile(r"^(\d+)/(\w+) -> (?:\[?[0-9a-fA-F:.]*\]?):(\d+)$")


class DockerService:
    """A running container; satisfies `RunningService`."""

    host = "localhost"

    def __init__(self, docker: str, container: str, ports: Mapping[str, str]) -> None:
        self.docker = docker
        self.container = container
        self._ports = dict(ports)
        self._stopped = False

    @property
    def ports(self) -> Mapping[str, str]:
        return dict(self._ports)

    @property
    def warnings(self) -> tuple[str, ...]:
        return ()

    @property
    def description(self) -> str:
        return f"docker container {self.container[:12]}"

    def stop(self) -> None:
        if self._stopped:
            return
        self._stopped = True
        _docker([self.docker, "rm", "-f", "-v", self.container], check=False)


def matches(image: str) -> bool:
    return True


def engine_reachable(docker: str | None) -> bool:
    if docker is None:
        return False
    return _docker([docker, "info"], check=False, timeout=30).returncode == 0


def start(request: ServiceRequest) -> DockerService:
    service = request.service
    with reported_at(service, request.env.values()):
        docker = shutil.which("docker")
        if not engine_reachable(docker):
            raise PitstopError(
                f"service {service.id}: image {service.image} has no native stand-in and "
                "no Docker engine is reachable (`docker info` failed)",
                hint=f"pitstop runs these images natively: {NATIVE}; for any other image, "
                "start a Docker engine (or point DOCKER_HOST at one)",
            )
        assert docker is not None
        container = _docker(run_argv(docker, request), env=_with(request.env)).stdout.strip()
        running = DockerService(docker, container, {})
        try:
            running._ports = published_ports(docker, container)
            _wait_healthy(running, service.id, service.options)
        except BaseException:
            running.stop()
            raise
        return running


def run_argv(docker: str, request: ServiceRequest) -> list[str]:
    """`docker run -d ...`: env values travel in docker's own environment, never in argv."""
    service = request.service
    argv = [docker, "run", "-d", "--label", f"pitstop.service={service.id}"]
    for name in request.env:
        argv += ["-e", name]
    for spec in service.ports:
        mapping = parse_port(spec)
        host = "" if mapping.host is None else str(mapping.host)
        argv += ["-p", f"127.0.0.1:{host}:{mapping.container}/{mapping.protocol}"]
    argv += shlex.split(service.options or "")
    return [*argv, service.image]


def published_ports(docker: str, container: str) -> dict[str, str]:
    ports: dict[str, str] = {}
    for line in _docker([docker, "port", container]).stdout.splitlines():
        match = _PORT_LINE.match(line.strip())
        if match and match.group(2) == "tcp":
            ports.setdefault(match.group(1), match.group(3))
    return ports


def _wait_healthy(running: DockerService, service_id: str, options: str | None) -> None:
    check = parse_options(options).health
    if check.command is None:
        return
    deadline = time.monotonic() + check.budget + check.timeout
    template = "{{if .State.Health}}{{.State.Health.Status}}{{end}}"
    status = ""
    while time.monotonic() < deadline:
        status = _docker(
            [running.docker, "inspect", "--format", template, running.container]
        ).stdout.strip()
        if status in ("healthy", "unhealthy"):
            break
        time.sleep(0.5)
    if status != "healthy":
        raise PitstopError(
            f"service {service_id} did not become healthy (status {status or 'unknown'})",
            hint=f"health command: {check.command}; see docker logs {running.container[:12]}",
        )


def _with(env: Mapping[str, str]) -> dict[str, str]:
    return {**os.environ, **env}


def _docker(
    argv: Sequence[str],
    *,
    env: Mapping[str, str] | None = None,
    check: bool = True,
    timeout: float = 600,
) -> subprocess.CompletedProcess[str]:
    try:
        done = subprocess.run(
            list(argv),
            env=None if env is None else dict(env),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        if not check:
            return subprocess.CompletedProcess(list(argv), 1, "", str(exc))
        raise PitstopError(f"{shlex.join(argv[:3])} failed: {exc}") from None
    if check and done.returncode != 0:
        raise PitstopError(
            f"{shlex.join(argv[:3])} failed (exit {done.returncode})",
            hint=done.stderr.strip()[-500:] or None,
        )
    return done
