"""The seam between the runner and native stand-ins for `services:` images.

A module in `SERVICES` (see `pitstop.services.registry`) satisfies `ServiceProvider`: it
starts a native server for a `Service` record and returns a `RunningService`, which the
runner stops at the end of the job, on failure, and on Ctrl-C.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from pitstop.errors import Location, PitstopError
from pitstop.workflow.model import Service


@dataclass(frozen=True)
class ServiceRequest:
    service: Service  # image, evaluated env, ports, options
    env: Mapping[str, str]  # the service's `env:`, evaluated
    data_dir: Path  # a fresh folder in the run dir for this job's copy of the service
    version_mismatch: str = "error"  # "error" | "warn" (--service-version-mismatch)


class RunningService(Protocol):
    @property
    def ports(self) -> Mapping[str, str]:
        """Container port -> host port, as `job.services.<id>.ports` reports them."""

    @property
    def warnings(self) -> tuple[str, ...]:
        """Lines for the run summary, e.g. a version substituted under --...=warn."""

    @property
    def host(self) -> str:
        """Where the job reaches the service (`localhost`), e.g. for `job.services.<id>`."""

    @property
    def description(self) -> str:
        """One line for the run log: what runs where (never a secret)."""

    def stop(self) -> None:
        """Stop the server and every process it started. Idempotent."""


class ServiceProvider(Protocol):
    def matches(self, image: str) -> bool: ...

    def start(self, request: ServiceRequest) -> RunningService: ...


class NotAvailableHere(PitstopError):
    """A server the image would have (e.g. PostgreSQL 12) that this machine cannot provide.

    GitHub's runner would start it, so the job is not this project's failure: the runner
    reports the job "not verified (no local PostgreSQL 12)" instead of red."""

    def __init__(
        self,
        what: str,
        message: str,
        *,
        location: Location | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message, location=location, hint=hint)
        self.what = what  # e.g. "PostgreSQL 12"
