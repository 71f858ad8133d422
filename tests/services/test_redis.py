from __future__ import annotations

import shutil
import socket
from pathlib import Path

import pytest

from pitstop.errors import PitstopError
from pitstop.services import redis
from pitstop.services.base import ServiceRequest
from pitstop.services.ports import free_port
from pitstop.workflow.model import Service

from .conftest import alive, processes_mentioning

needs_redis = pytest.mark.skipif(
    shutil.which("redis-server") is None,
    reason="redis-server is not installed (scripts/bootstrap.sh installs it as root on Debian)",
)


def request(
    data_dir: Path,
    image: str = "redis:7",
    ports: tuple[str, ...] = ("6379",),
    options: str | None = None,
    mismatch: str = "error",
) -> ServiceRequest:
    return ServiceRequest(
        Service("cache", image, ports=ports, options=options), {}, data_dir, mismatch
    )


def redis_cli(port: str, *args: str) -> str:
    with socket.create_connection(("localhost", int(port)), timeout=5) as connection:
        connection.sendall(
            (f"*{len(args)}\r\n" + "".join(f"${len(a)}\r\n{a}\r\n" for a in args)).encode()
        )
        return connection.recv(1024).decode()


@pytest.mark.parametrize(
    ("image", "expected"),
    [
        ("redis", True),
        ("redis:7-alpine", True),
        ("docker.io/library/redis:7", True),
        ("bitnami/redis:7", False),
        ("postgres:16", False),
    ],
)
def test_matches(image: str, expected: bool) -> None:
    assert redis.matches(image) is expected


@needs_redis
def test_redis_serves_on_the_mapped_port_and_stops(tmp_path: Path) -> None:
    options = '--health-cmd "redis-cli ping" --health-interval 1s --health-retries 5'
    server = redis.start(request(tmp_path / "cache", options=options))
    try:
        port = server.ports["6379"]
        assert redis_cli(port, "SET", "k", "v") == "+OK\r\n"
        assert redis_cli(port, "GET", "k") == "$1\r\nv\r\n"
        assert server.host == "localhost" and port in server.description
        assert server.supervised is not None
        pid = server.supervised.pid
    finally:
        server.stop()
    server.stop()
    assert not alive(pid)
    assert processes_mentioning(str(tmp_path)) == []


@needs_redis
def test_fixed_port_and_cli_shim(tmp_path: Path) -> None:
    port = free_port()
    check = f'test "$(redis-cli ping)" = PONG && test "$REDIS_PORT" = {port}'
    server = redis.start(
        request(tmp_path / "c", ports=(f"{port}:6379",), options=f"--health-cmd '{check}'")
    )
    try:
        assert server.ports == {"6379": str(port)}
    finally:
        server.stop()


@needs_redis
def test_unhealthy_redis_fails_and_leaves_nothing(tmp_path: Path) -> None:
    options = "--health-cmd false --health-interval 1s --health-retries 2"
    with pytest.raises(PitstopError, match="service cache did not become healthy"):
        redis.start(request(tmp_path / "c", options=options))
    assert processes_mentioning(str(tmp_path)) == []


@needs_redis
def test_redis_major_mismatch(tmp_path: Path) -> None:
    version = redis.redis_version(shutil.which("redis-server") or "")
    assert version is not None
    other = f"redis:{int(version.split('.')[0]) + 1}"
    with pytest.raises(PitstopError, match=f"{other} asks for Redis"):
        redis.start(request(tmp_path / "c", image=other))
    server = redis.start(request(tmp_path / "d", image=other, mismatch="warn"))
    try:
        assert "--service-version-mismatch=warn" in server.warnings[0]
    finally:
        server.stop()


def test_no_redis_server_says_how_to_get_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(PitstopError) as caught:
        redis.start(request(tmp_path / "c"))
    message = caught.value.render()
    assert "redis:7 needs redis-server, which is not on PATH" in message
    assert "apt-get install redis-server" in message


def test_ping_of_a_closed_port() -> None:
    probe = redis.ping(free_port())
    assert not probe.ok


def test_redis_version_of_something_else() -> None:
    assert redis.redis_version("/bin/true") is None
    assert redis.redis_version("/nonexistent") is None
