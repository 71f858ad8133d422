from __future__ import annotations

import socket

import pytest

from pitstop.errors import PitstopError
from pitstop.services.ports import PortMapping, bind, free_port, parse_port, port_is_free


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("5432:5432", PortMapping(5432, 5432, "tcp", "5432:5432")),
        ("5432", PortMapping(5432, None, "tcp", "5432")),
        (5432, PortMapping(5432, None, "tcp", "5432")),
        ("8000:80/udp", PortMapping(80, 8000, "udp", "8000:80/udp")),
        ("127.0.0.1:15432:5432", PortMapping(5432, 15432, "tcp", "127.0.0.1:15432:5432")),
        ("127.0.0.1::5432", PortMapping(5432, None, "tcp", "127.0.0.1::5432")),
    ],
)
def test_parse_port(spec: str | int, expected: PortMapping) -> None:
    assert parse_port(spec) == expected


@pytest.mark.parametrize("spec", ["abc", "5432:", "1:2:3:4", "70000", "0:5432"])
def test_parse_port_rejects_nonsense(spec: str) -> None:
    with pytest.raises(PitstopError, match="port"):
        parse_port(spec)


def test_container_port_alone_gets_a_free_host_port() -> None:
    binding = bind("db", ("5432",), 5432)
    assert binding.ports == {"5432": str(binding.port)}
    assert binding.port != 5432 or port_is_free(5432)


def test_fixed_port_is_used_when_free() -> None:
    port = free_port()
    binding = bind("db", (f"{port}:5432",), 5432)
    assert (binding.port, binding.ports) == (port, {"5432": str(port)})


def test_taken_port_fails_naming_port_and_service() -> None:
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        assert not port_is_free(port)
        with pytest.raises(PitstopError, match=rf"service db: host port {port} is already in use"):
            bind("db", (f"{port}:5432",), 5432)


def test_no_ports_reports_none_but_still_listens_somewhere() -> None:
    binding = bind("db", (), 5432)
    assert binding.ports == {}
    assert binding.port > 0


def test_other_container_ports_are_noted() -> None:
    binding = bind("db", ("5432", "8080:80"), 5432)
    assert list(binding.ports) == ["5432"]
    assert "'8080:80' ignored" in binding.notes[0]


def test_same_container_port_twice_is_an_error() -> None:
    with pytest.raises(PitstopError, match="mapped more than once"):
        bind("db", ("15432:5432", "5432"), 5432)
