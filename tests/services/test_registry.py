from __future__ import annotations

import pytest

from pitstop.services import docker, postgres, redis
from pitstop.services.registry import SERVICES, provider_for


def test_order_native_first_docker_last() -> None:
    assert list(SERVICES) == ["postgres", "redis", "docker"]


@pytest.mark.parametrize(
    ("image", "provider"),
    [
        ("postgres:16", postgres),
        ("docker.io/library/postgres:16-alpine", postgres),
        ("redis:7", redis),
        ("rabbitmq:3", docker),
        ("postgis/postgis:16-3.4", docker),
    ],
)
def test_provider_for(image: str, provider: object) -> None:
    assert provider_for(image) is provider
