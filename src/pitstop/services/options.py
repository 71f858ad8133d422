"""`options:` of a service: the `docker create` flags GitHub passes through.

Only the health check flags (and `-e`) change what a native server does; container-only flags
(`--name`, `--network`, `--shm-size`, ...) are noted as ignored; anything else is listed as
unknown so that the run summary says so instead of silently dropping it.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field

from pitstop.errors import PitstopError

_UNITS = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0, "h": 3600.0}
_DURATION_PART = re.compile(r"(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)")

HEALTH_FLAGS = (
    "--health-cmd",
    "--health-interval",
    "--health-timeout",
    "--health-retries",
    "--health-start-period",
    "--health-start-interval",
)
# Container-level flags that have no meaning for a native server.
IGNORED_FLAGS = (
    "--name",
    "--network",
    "--net",
    "--network-alias",
    "--hostname",
    "-h",
    "--user",
    "-u",
    "--entrypoint",
    "--shm-size",
    "--memory",
    "-m",
    "--cpus",
    "--tmpfs",
    "--mount",
    "--volume",
    "-v",
    "--workdir",
    "-w",
    "--restart",
    "--label",
    "-l",
    "--add-host",
    "--ulimit",
    "--platform",
    "--pull",
    "--log-driver",
    "--log-opt",
    "--cap-add",
    "--cap-drop",
    "--security-opt",
    "--sysctl",
)
VALUELESS_FLAGS = ("--no-healthcheck", "--rm", "--init", "--privileged", "--read-only", "-t", "-i")


def parse_duration(text: str, flag: str = "duration") -> float:
    """Go's time.ParseDuration as Docker uses it: `10s`, `1m30s`, `500ms`, `0`."""
    if text == "0":
        return 0.0
    parts = _DURATION_PART.findall(text)
    if not parts or "".join(number + unit for number, unit in parts) != text:
        raise PitstopError(
            f"invalid {flag} {text!r}", hint="use a Go duration such as 10s, 1m30s or 500ms"
        )
    return sum(float(number) * _UNITS[unit] for number, unit in parts)


@dataclass(frozen=True)
class HealthCheck:
    """Docker's HEALTHCHECK, with Docker's defaults (30s interval and timeout, 3 retries)."""

    command: str | None = None  # run with /bin/sh -c, like CMD-SHELL
    interval: float = 30.0
    timeout: float = 30.0
    retries: int = 3
    start_period: float = 0.0

    @property
    def budget(self) -> float:
        """How long a service may take to become healthy: start period + retries x interval."""
        return self.start_period + self.retries * self.interval


@dataclass(frozen=True)
class ServiceOptions:
    health: HealthCheck = HealthCheck()
    env: dict[str, str] = field(default_factory=dict)
    ignored: tuple[str, ...] = ()
    unknown: tuple[str, ...] = ()

    def notes(self, service_id: str) -> tuple[str, ...]:
        out = []
        if self.ignored:
            out.append(
                f"service {service_id}: options ignored for a native server: "
                + " ".join(self.ignored)
            )
        if self.unknown:
            out.append(f"service {service_id}: unknown options ignored: " + " ".join(self.unknown))
        return tuple(out)


def _split(options: str) -> list[tuple[str, str | None]]:
    """Pairs of (flag, value) from `--flag value`, `--flag=value` and `-e K=V`."""
    try:
        tokens = shlex.split(options)
    except ValueError as exc:
        raise PitstopError(f"cannot parse service options {options!r}: {exc}") from None
    pairs: list[tuple[str, str | None]] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        index += 1
        if token.startswith("--") and "=" in token:
            flag, _, value = token.partition("=")
            pairs.append((flag, value))
        elif token in VALUELESS_FLAGS or not token.startswith("-"):
            pairs.append((token, None))
        elif index < len(tokens) and not tokens[index].startswith("-"):
            pairs.append((token, tokens[index]))
            index += 1
        else:
            pairs.append((token, None))
    return pairs


def _retries(value: str) -> int:
    if not value.isdigit():
        raise PitstopError(f"invalid --health-retries {value!r}", hint="use a whole number")
    return int(value)


def parse_options(options: str | None) -> ServiceOptions:
    health: dict[str, str | None] = {}
    env: dict[str, str] = {}
    ignored: list[str] = []
    unknown: list[str] = []
    for flag, value in _split(options or ""):
        if flag in HEALTH_FLAGS or flag == "--no-healthcheck":
            health[flag] = value
        elif flag in ("-e", "--env") and value is not None:
            name, _, text = value.partition("=")
            env[name] = text
        elif flag in IGNORED_FLAGS or flag in VALUELESS_FLAGS:
            ignored.append(flag)
        else:
            unknown.append(flag if value is None else f"{flag} {value}")
    return ServiceOptions(_health(health), env, tuple(ignored), tuple(unknown))


def _health(flags: dict[str, str | None]) -> HealthCheck:
    def duration(flag: str, default: float) -> float:
        value = flags.get(flag)
        return default if value is None else parse_duration(value, flag)

    command = flags.get("--health-cmd")
    if "--no-healthcheck" in flags or command in ("", "NONE"):
        command = None
    retries = flags.get("--health-retries")
    return HealthCheck(
        command=command,
        # Docker treats 0 as "use the default".
        interval=duration("--health-interval", 30.0) or 30.0,
        timeout=duration("--health-timeout", 30.0) or 30.0,
        retries=(3 if retries is None else _retries(retries)) or 3,
        start_period=duration("--health-start-period", 0.0),
    )
