"""`redis:<tag>`: a native redis-server from PATH, on its own port, with nothing persisted.

Like the official image, there is no password and no persistence to the run dir. As root the
server runs as root (redis allows it); only PostgreSQL insists on an unprivileged user.
A `redis-cli` shim on the health command's PATH points it at this server's port, so a
`--health-cmd "redis-cli ping"` probes this instance, not someone else's 6379.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
from collections.abc import Mapping
from pathlib import Path

from pitstop.errors import PitstopError
from pitstop.services.base import ServiceRequest
from pitstop.services.diagnostics import reported_at, tail
from pitstop.services.health import Probe, Waiting, health_base_env, run_probe, wait_healthy
from pitstop.services.image import major_from_tag, parse_image
from pitstop.services.native import NativeService
from pitstop.services.options import HealthCheck, parse_options
from pitstop.services.ports import Binding, bind
from pitstop.services.supervisor import ServerSpec, Supervised

CONTAINER_PORT = 6379
READY = HealthCheck(interval=1.0, timeout=2.0, retries=30)
HOW_TO_GET = (
    "install one: apt-get install redis-server (Debian/Ubuntu), dnf install redis, "
    "brew install redis; pitstop runs the redis-server it finds on PATH"
)


class RedisService(NativeService):
    """A running redis-server; satisfies `RunningService`."""

    def __init__(
        self, service_id: str, binding: Binding, log: Path, warnings: tuple[str, ...]
    ) -> None:
        super().__init__(service_id, binding, warnings)
        self.log = log

    @property
    def description(self) -> str:
        return f"redis-server on localhost:{self.port}, log {self.log}"


def matches(image: str) -> bool:
    return parse_image(image).official_name == "redis"


def redis_version(redis_server: str) -> str | None:
    """`Redis server v=7.0.15 sha=...` -> "7.0.15"."""
    try:
        done = subprocess.run(
            [redis_server, "--version"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    match = re.search(r"v=(\d+(?:\.\d+)*)", done.stdout)
    return match.group(1) if match else None


def ping(port: int, timeout: float = 2.0) -> Probe:
    """Speak RESP: PING answered with +PONG (or an auth error) means the server is up."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout) as connection:
            connection.sendall(b"PING\r\n")
            answer = connection.recv(64).decode("utf-8", errors="replace").strip()
    except OSError as exc:
        return Probe(False, str(exc))
    return Probe(answer.startswith(("+PONG", "-NOAUTH")), answer)


def start(request: ServiceRequest) -> RedisService:
    service = request.service
    with reported_at(service):
        redis_server = shutil.which("redis-server")
        if redis_server is None:
            raise PitstopError(
                f"service {service.id}: {service.image} needs redis-server, which is not on PATH",
                hint=HOW_TO_GET,
            )
        warnings = _version_warnings(redis_server, service.image, request.version_mismatch)
        options = parse_options(service.options)
        binding = bind(service.id, service.ports, CONTAINER_PORT)
        request.data_dir.mkdir(parents=True, exist_ok=True)
        server = RedisService(
            service.id,
            binding,
            request.data_dir / "redis.log",
            (*warnings, *binding.notes, *options.notes(service.id)),
        )
        try:
            _launch(server, redis_server, request.data_dir)
            _wait(server, READY, None, {})
            if options.health.command is not None:
                env = {**options.env, **request.env}
                _wait(server, options.health, options.health.command, env)
        except BaseException:
            server.stop()
            raise
        return server


def _version_warnings(redis_server: str, image: str, mismatch: str) -> tuple[str, ...]:
    wanted = major_from_tag(parse_image(image).tag)
    version = redis_version(redis_server) or "unknown"
    found = major_from_tag(version)
    if wanted is None or found == wanted:
        return ()
    message = f"{image} asks for Redis {wanted}, but {redis_server} is Redis {version}"
    if mismatch != "warn":
        raise PitstopError(
            message, hint=f"{HOW_TO_GET}; or pass --service-version-mismatch=warn to use it"
        )
    return (f"{message}; using it (--service-version-mismatch=warn)",)


def _launch(server: RedisService, redis_server: str, data_dir: Path) -> None:
    argv = [redis_server, "--port", str(server.port), "--bind", "127.0.0.1", "-::1"]
    argv += ["--save", "", "--appendonly", "no", "--daemonize", "no", "--dir", str(data_dir)]
    argv += ["--protected-mode", "no"]
    server.supervised = Supervised.launch(
        ServerSpec(
            argv=argv,
            env={"PATH": os.defpath, "HOME": str(data_dir)},
            log=str(server.log),
            cwd=str(data_dir),
            stop_signal=int(signal.SIGTERM),
        )
    )


def _cli_shim(server: RedisService, folder: Path) -> Path:
    """A `redis-cli` that talks to this server's port unless told otherwise."""
    real = shutil.which("redis-cli")
    folder.mkdir(parents=True, exist_ok=True)
    if real is not None:
        shim = folder / "redis-cli"
        shim.write_text(f'#!/bin/sh\nexec "{real}" -p {server.port} "$@"\n', encoding="utf-8")
        shim.chmod(0o755)
    return folder


def _wait(
    server: RedisService, check: HealthCheck, command: str | None, env: Mapping[str, str]
) -> None:
    supervised = server.supervised
    assert supervised is not None
    if command is None:
        probe = lambda: ping(server.port)  # noqa: E731
        describe = "PING (the server accepts connections)"
    else:
        shims = _cli_shim(server, server.log.parent / "bin")
        probe_env = {**health_base_env(), **env, "REDIS_PORT": str(server.port)}
        probe_env["PATH"] = os.pathsep.join([str(shims), probe_env.get("PATH", os.defpath)])
        argv = ["/bin/sh", "-c", command]
        probe = lambda: run_probe(argv, probe_env, check.timeout)  # noqa: E731
        describe = command
    wait_healthy(
        Waiting(
            service_id=server.service_id,
            check=check,
            probe=probe,
            alive=supervised.alive,
            describe=describe,
            log_tail=lambda: tail(str(server.log)),
        )
    )
