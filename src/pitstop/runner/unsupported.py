"""Features pitstop cannot run natively: each is a precise per-job error naming the line.

Container jobs and Docker actions need a Docker engine; a service image needs a native
provider in `pitstop.services.registry.SERVICES`. `--skip-unsupported` turns the error into
a skipped job with a note.
"""

from __future__ import annotations

import functools
import shutil

from pitstop.errors import Location, PitstopError
from pitstop.services import docker
from pitstop.services.base import ServiceProvider
from pitstop.services.registry import SERVICES
from pitstop.workflow.model import Job, Position, Service

SKIP_HINT = "pass --skip-unsupported to mark such jobs skipped"


class Unsupported(PitstopError):
    """A feature pitstop cannot run natively."""


def check_job(job: Job) -> None:
    """Raise `Unsupported` for the first feature of `job` pitstop cannot run."""
    if job.container is not None:
        raise _at(
            job.container.position or job.position,
            f"job {job.id!r} runs in a container ({job.container.image}); "
            "pitstop runs jobs natively and does not support `container:`",
            "pitstop runs jobs natively, without Docker; " + SKIP_HINT,
        )
    if job.uses is not None and not job.uses.strip().startswith("./"):
        raise _at(
            job.position,
            f"job {job.id!r} calls the remote reusable workflow {job.uses.strip()}; "
            "pitstop runs only local ones (./.github/workflows/...)",
            "copy the workflow into this repository, or run this job on GitHub; " + SKIP_HINT,
        )
    for step in job.steps:
        if step.uses is not None and step.uses.startswith("docker://"):
            raise _at(
                step.position,
                f"step {step.display_name!r} uses a Docker action ({step.uses}); "
                "pitstop does not run Docker actions",
                "pitstop runs actions natively, without Docker; " + SKIP_HINT,
            )
    for service in job.services.values():
        provider_for(service, job.position)


def provider_for(service: Service, fallback: Position | None = None) -> ServiceProvider:
    """The provider that runs `service`; Unsupported when none can (no Docker engine)."""
    for provider in SERVICES.values():
        if provider.matches(service.image) and _usable(provider):
            return provider
    native = ", ".join(name for name in SERVICES if name != "docker") or "none yet"
    raise _at(
        service.position or fallback,
        f"service {service.id!r} uses image {service.image!r}, which pitstop cannot run "
        "natively, and no Docker engine is reachable",
        f"pitstop runs these services natively: {native}; " + SKIP_HINT,
    )


def _usable(provider: ServiceProvider) -> bool:
    """The Docker fallback is usable only when an engine answers (asked once per run)."""
    if provider is not docker:
        return True
    return _docker_reachable()


@functools.cache
def _docker_reachable() -> bool:
    return docker.engine_reachable(shutil.which("docker"))


def _at(position: Position | None, message: str, hint: str) -> Unsupported:
    location = (
        None
        if position is None
        else Location.in_file(position.file, position.line, position.column)
    )
    return Unsupported(message, location=location, hint=hint)
