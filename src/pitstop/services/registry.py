"""The plug-in table of native stand-ins for `services:` images, keyed by image name."""

from __future__ import annotations

from pitstop.services.base import ServiceProvider

SERVICES: dict[str, ServiceProvider] = {}
