"""Docker image references: `postgres`, `postgres:16-alpine`, `docker.io/library/postgres:16`."""

from __future__ import annotations

import re
from dataclasses import dataclass

DOCKER_HUB = ("docker.io", "index.docker.io", "registry-1.docker.io")


@dataclass(frozen=True)
class ImageRef:
    """An image reference split into registry, repository path, tag and digest."""

    registry: str | None
    repository: str  # e.g. "library/postgres" for Docker Hub's official images
    tag: str | None
    digest: str | None

    @property
    def official_name(self) -> str | None:
        """`postgres` for Docker Hub's official `postgres` image, else None."""
        if self.registry not in (None, *DOCKER_HUB):
            return None
        owner, _, name = self.repository.rpartition("/")
        return name if owner == "library" else None


def parse_image(image: str) -> ImageRef:
    """Split an image reference the way Docker does (a registry has a `.`, `:` or is localhost)."""
    rest, _, digest = image.strip().partition("@")
    first, slash, remainder = rest.partition("/")
    registry = None
    if slash and ("." in first or ":" in first or first == "localhost"):
        registry, rest = first.lower(), remainder
    repository, tag = rest, None
    if ":" in rest.rsplit("/", 1)[-1]:
        repository, _, tag = rest.rpartition(":")
    if "/" not in repository:
        repository = f"library/{repository}"
    return ImageRef(registry, repository.lower(), tag or None, digest or None)


def major_from_tag(tag: str | None) -> int | None:
    """`16`, `16.4`, `16-alpine`, `16.4-bookworm` -> 16; `latest`, `alpine`, None -> None."""
    match = re.match(r"(\d+)", tag or "")
    return int(match.group(1)) if match else None
