"""`ports:` as Docker maps them: `5432:5432`, `5432`, `127.0.0.1:8000:80/tcp`.

A native server listens on one port; each mapping names a container port and, optionally, the
host port. A fixed host port must be free (the service fails clearly if it is taken); a
container port with no host port gets a free port, as Docker's ephemeral mapping does.
"""

from __future__ import annotations

import re
import socket
from dataclasses import dataclass

from pitstop.errors import PitstopError

_SPEC = re.compile(
    r"^(?:(?:(?P<ip>\[[0-9a-fA-F:.]+\]|[0-9.]+|localhost):)?(?P<host>\d*):)?"
    r"(?P<container>\d+)(?:/(?P<protocol>tcp|udp|sctp))?$"
)


@dataclass(frozen=True)
class PortMapping:
    container: int
    host: int | None  # None: Docker picks a free host port
    protocol: str = "tcp"
    spec: str = ""


def parse_port(spec: str | int) -> PortMapping:
    text = str(spec).strip()
    match = _SPEC.match(text)
    if match is None:
        raise PitstopError(
            f"invalid port mapping {text!r}",
            hint="use HOST:CONTAINER (e.g. 5432:5432) or a container port alone (e.g. 5432)",
        )
    host = match.group("host")
    mapping = PortMapping(
        container=int(match.group("container")),
        host=int(host) if host else None,
        protocol=match.group("protocol") or "tcp",
        spec=text,
    )
    for port in (mapping.container, mapping.host):
        if port is not None and not 0 < port < 65536:
            raise PitstopError(f"invalid port mapping {text!r}: {port} is not a port number")
    return mapping


def port_is_free(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        port: int = probe.getsockname()[1]
    return port


@dataclass(frozen=True)
class Binding:
    """Where a native server listens, and what `job.services.<id>.ports` reports."""

    port: int
    ports: dict[str, str]
    notes: tuple[str, ...] = ()


def bind(service_id: str, specs: tuple[str, ...], container_port: int) -> Binding:
    """Choose the host port for a server that listens on `container_port` in its image."""
    mappings = [parse_port(spec) for spec in specs]
    own = [m for m in mappings if m.container == container_port and m.protocol == "tcp"]
    notes = tuple(
        f"service {service_id}: port mapping {m.spec!r} ignored: the native server listens "
        f"only on {container_port}/tcp"
        for m in mappings
        if m not in own
    )
    fixed = sorted({m.host for m in own if m.host is not None})
    if len(fixed) > 1 or (fixed and len(own) > 1):
        raise PitstopError(
            f"service {service_id}: container port {container_port} is mapped more than once "
            f"({', '.join(m.spec for m in own)})",
            hint="a native server listens on one port: keep one mapping",
        )
    if fixed and not port_is_free(fixed[0]):
        raise PitstopError(
            f"service {service_id}: host port {fixed[0]} is already in use",
            hint=f"stop whatever listens on 127.0.0.1:{fixed[0]}, or map only the container "
            f"port ('{container_port}') to get a free host port",
        )
    port = fixed[0] if fixed else free_port()
    reported = {str(container_port): str(port)} if own else {}
    return Binding(port, reported, notes)
