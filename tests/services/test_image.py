from __future__ import annotations

import pytest

from pitstop.services.image import ImageRef, major_from_tag, parse_image


@pytest.mark.parametrize(
    ("image", "expected"),
    [
        ("postgres", ImageRef(None, "library/postgres", None, None)),
        ("postgres:16", ImageRef(None, "library/postgres", "16", None)),
        (
            "docker.io/library/postgres:16-alpine",
            ImageRef("docker.io", "library/postgres", "16-alpine", None),
        ),
        ("postgres:16@sha256:abc", ImageRef(None, "library/postgres", "16", "sha256:abc")),
        ("postgres@sha256:abc", ImageRef(None, "library/postgres", None, "sha256:abc")),
        ("localhost:5000/team/db:1", ImageRef("localhost:5000", "team/db", "1", None)),
        ("ghcr.io/org/postgres:16", ImageRef("ghcr.io", "org/postgres", "16", None)),
        ("bitnami/postgresql:16", ImageRef(None, "bitnami/postgresql", "16", None)),
    ],
)
def test_parse_image(image: str, expected: ImageRef) -> None:
    assert parse_image(image) == expected


@pytest.mark.parametrize(
    ("image", "name"),
    [
        ("postgres:16", "postgres"),
        ("docker.io/library/redis:7", "redis"),
        ("index.docker.io/library/postgres", "postgres"),
        ("ghcr.io/org/postgres:16", None),
        ("bitnami/postgresql:16", None),
    ],
)
def test_official_name(image: str, name: str | None) -> None:
    assert parse_image(image).official_name == name


@pytest.mark.parametrize(
    ("tag", "major"),
    [
        ("16", 16),
        ("16.4", 16),
        ("16-alpine", 16),
        ("15.8-bookworm", 15),
        ("latest", None),
        ("alpine", None),
        (None, None),
    ],
)
def test_major_from_tag(tag: str | None, major: int | None) -> None:
    assert major_from_tag(tag) == major
