"""The plug-in table of native stand-ins for `services:` images, keyed by image name.

Order matters: the runner uses the first provider whose `matches(image)` is true, so the
Docker fallback (which matches every image) comes last.
"""

from __future__ import annotations

from pitstop.services import docker, postgres, redis
from pitstop.services.base import ServiceProvider

SERVICES: dict[str, ServiceProvider] = {
    "postgres": postgres,
    "redis": redis,
    "docker": docker,
}


def provider_for(image: str) -> ServiceProvider:
    """The first provider in SERVICES that runs `image`."""
    return next(provider for provider in SERVICES.values() if provider.matches(image))
