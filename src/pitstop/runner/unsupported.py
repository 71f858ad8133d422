"""Features pitstop cannot run natively: each is a precise per-job error naming the line.

Container jobs and Docker actions need a Docker engine; a service image needs a native
provider in `pitstop.services.registry.SERVICES`. `--skip-unsupported` turns the error into
a skipped job with a note.
"""

from __future__ import annotations

from pitstop.errors import Location, PitstopError
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
            f"job {job.id!r} runs in a container ({job.container.image}), "
            "which needs a Docker engine",
            "pitstop runs jobs natively, without Docker; " + SKIP_HINT,
        )
    for step in job.steps:
        if step.uses is not None and step.uses.startswith("docker://"):
            raise _at(
                step.position,
                f"step {step.display_name!r} uses a Docker action ({step.uses}), "
                "which needs a Docker engine",
                "pitstop runs actions natively, without Docker; " + SKIP_HINT,
            )
    for service in job.services.values():
        provider_for(service, job.position)


def provider_for(service: Service, fallback: Position | None = None) -> ServiceProvider:
    for provider in SERVICES.values():
        if provider.matches(service.image):
            return provider
    known = ", ".join(sorted(SERVICES)) or "none yet"
    raise _at(
        service.position or fallback,
        f"service {service.id!r} uses image {service.image!r}, which pitstop cannot run natively",
        f"pitstop provides these services without Docker: {known}; " + SKIP_HINT,
    )


def _at(position: Position | None, message: str, hint: str) -> Unsupported:
    location = (
        None
        if position is None
        else Location.in_file(position.file, position.line, position.column)
    )
    return Unsupported(message, location=location, hint=hint)
