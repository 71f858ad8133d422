from __future__ import annotations

import pytest

from pitstop.errors import PitstopError
from pitstop.services.options import HealthCheck, parse_duration, parse_options


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("10s", 10.0), ("1m30s", 90.0), ("500ms", 0.5), ("1h", 3600.0), ("0", 0.0), ("1.5s", 1.5)],
)
def test_parse_duration(text: str, seconds: float) -> None:
    assert parse_duration(text) == pytest.approx(seconds)


@pytest.mark.parametrize("text", ["10", "ten", "10x", "s", "1s2"])
def test_parse_duration_rejects(text: str) -> None:
    with pytest.raises(PitstopError, match="Go duration"):
        parse_duration(text, "--health-interval")


def test_github_docs_example() -> None:
    options = parse_options(
        '--health-cmd "pg_isready -U postgres" --health-interval 10s '
        "--health-timeout 5s --health-retries 5 --health-start-period=2s"
    )
    assert options.health == HealthCheck("pg_isready -U postgres", 10.0, 5.0, 5, 2.0)
    assert options.health.budget == 52.0
    assert options.notes("db") == ()


def test_defaults_are_dockers() -> None:
    assert parse_options(None).health == HealthCheck(None, 30.0, 30.0, 3, 0.0)
    assert parse_options("--health-cmd true --health-retries 0").health.retries == 3


def test_no_healthcheck_and_none() -> None:
    assert parse_options("--health-cmd true --no-healthcheck").health.command is None
    assert parse_options("--health-cmd NONE").health.command is None


def test_env_ignored_and_unknown_options() -> None:
    options = parse_options("-e A=1 --env B=2 --name db --network x --rm --frobnicate 3 --zap")
    assert options.env == {"A": "1", "B": "2"}
    assert options.ignored == ("--name", "--network", "--rm")
    assert options.unknown == ("--frobnicate 3", "--zap")
    notes = options.notes("db")
    assert "ignored for a native server: --name --network --rm" in notes[0]
    assert "unknown options ignored: --frobnicate 3 --zap" in notes[1]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ("--health-retries five", "invalid --health-retries"),
        ("--health-interval 10", "invalid --health-interval"),
        ('--health-cmd "unclosed', "cannot parse service options"),
    ],
)
def test_bad_options(options: str, message: str) -> None:
    with pytest.raises(PitstopError, match=message):
        parse_options(options)
