"""The database as the settings' text says it, the fallback when they cannot be executed."""

from __future__ import annotations

from pathlib import Path

import pytest

from pitstop.detect import database, database_text
from pitstop.detect.database_text import Forced
from pitstop.detect.dependencies import Dependencies
from pitstop.detect.settings_probe import DatabaseSettings, Probe

SWITCHED = """\
DB = os.getenv("DB", "sqlite")
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "x"}}
if DB == "postgres":
    DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql"}}
"""
FORCED = """\
DATABASES = {"default": env.db("DATABASE_URL")}
if os.environ.get("GITHUB_WORKFLOW"):  # the runner's own service
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": "ci_db",
            "USER": "runner",
            "PASSWORD": "secret",
            "HOST": "127.0.0.1",
            "PORT": 5433,
        }
    }
DEBUG = False
"""


@pytest.mark.parametrize(
    ("text", "empty"),
    [
        ("DATABASES = {}\n", True),
        ("DATABASES = {}  # nothing stored\n", True),
        ('DATABASES = {}\nif DEBUG:\n    DATABASES = {"default": {}}\n', False),
        ("DEBUG = True\n", False),  # not written at all: Django's own default, not "none"
    ],
)
def test_empty(text: str, empty: bool) -> None:
    assert database_text.empty(text) is empty


@pytest.mark.parametrize(
    ("text", "switch"),
    [
        (SWITCHED, (("DB", "postgres"),)),
        ('if os.getenv("DB") == "postgres":\n    pass\n', (("DB", "postgres"),)),
        (
            "if os.environ.get('DJANGO_DB') in ('postgresql', 'pg'):\n    pass\n",
            (("DJANGO_DB", "postgresql"),),
        ),
        ('if os.getenv("DB") in ("mysql", "mariadb"):\n    pass\n', ()),  # another engine
        (
            'ENGINE = os.getenv("ENGINE")\nif DEBUG == "postgres":\n    pass\n',
            (),
        ),  # not an env read
    ],
)
def test_switch(text: str, switch: tuple[tuple[str, str], ...]) -> None:
    assert database_text.switch(text) == switch


def test_forced_under_ci() -> None:
    forced = Forced("GITHUB_WORKFLOW", "127.0.0.1", "5433", "ci_db", "runner", "secret")
    assert database_text.forced(FORCED) == forced
    assert database_text.forced(FORCED.replace('"GITHUB_WORKFLOW"', '"CI"')) == Forced(
        "CI", *list(vars(forced).values())[1:]
    )


@pytest.mark.parametrize(
    "text",
    [
        FORCED.replace('if os.environ.get("GITHUB_WORKFLOW")', 'if os.environ.get("DEBUG")'),
        FORCED.replace('"HOST": "127.0.0.1",', '"HOST": os.getenv("HOST"),'),  # not literal
        FORCED.replace("postgresql", "sqlite3"),
        'if os.environ.get("CI"):\n    DEBUG = True\n'  # the DATABASES after it is not forced
        'DATABASES = {"default": {"ENGINE": "x.postgresql", "HOST": "h", "PORT": "1"}}\n',
    ],
)
def test_not_forced(text: str) -> None:
    assert database_text.forced(text) is None


def deps(*names: str) -> Dependencies:
    return Dependencies("pip", (), False, {name: "1" for name in names})


URL_WITH_SQLITE_DEFAULT = (
    'DATABASES = {"default": dj_database_url.config(default="sqlite:///db.sqlite3")}\n'
)


@pytest.mark.parametrize(
    ("text", "installed", "engine", "style"),
    [
        (URL_WITH_SQLITE_DEFAULT, ("psycopg",), "postgresql", "url"),
        (URL_WITH_SQLITE_DEFAULT, ("psycopg2-binary",), "postgresql", "url"),
        (URL_WITH_SQLITE_DEFAULT, (), "sqlite", "url"),  # no driver: SQLite is all it runs
        (
            'DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3"}}\n',
            ("psycopg",),
            "sqlite",
            "url",
        ),  # a driver but no URL read: nothing would switch it
        ("DATABASES = {}\n", ("psycopg",), "none", "url"),
        (SWITCHED, (), "postgresql", "url"),
        (  # the URL is read by production only: the test settings' SQLite ENGINE stays
            'DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3"}}\n'
            'DATABASES = {"default": env.db(default="sqlite:///x")}\n',
            ("psycopg",),
            "sqlite",
            "url",
        ),
        (
            '"NAME": os.getenv("DJANGO_DB_NAME"), "ENGINE": "x.postgresql"\n',
            (),
            "postgresql",
            "discrete",
        ),
    ],
)
def test_engine_and_style(
    tmp_path: Path, text: str, installed: tuple[str, ...], engine: str, style: str
) -> None:
    db = database.detect(tmp_path, text, "site", deps(*installed))
    assert (db.engine, db.style) == (engine, style)


def test_text_detection_keeps_switch_and_forced_database(tmp_path: Path) -> None:
    switched = database.detect(tmp_path, SWITCHED, "site", deps())
    assert switched.env()["DB"] == "postgres"
    forced = database.detect(tmp_path, FORCED, "site", deps())
    assert forced.env("40000")["DATABASE_URL"] == "postgres://runner:secret@127.0.0.1:5433/ci_db"
    assert forced.service_port == "5433"


def test_execution_overrules_a_database_the_text_thought_forced(tmp_path: Path) -> None:
    """`confirm` imports the settings with the job's own service: a block the text took for
    forced (a condition that is false under CI, say) must not keep its fixed port."""
    text_db = database.detect(tmp_path, FORCED, "site", deps())
    assert text_db.forced_port == "5433"

    def follows_our_variables(env: dict[str, str]) -> Probe:
        url = env["DATABASE_URL"]  # postgres://user:password@host:port/name
        host, port = url.split("@")[1].split("/")[0].split(":")
        resolved = DatabaseSettings("django.db.backends.postgresql", "ci_db", host, port, "u")
        return Probe(("DATABASE_URL",), (), resolved)

    db, _, notes = database.confirm(text_db, follows_our_variables)
    assert (db.forced_host, db.forced_port, db.confirmed) == (None, None, True)
    assert not any("force" in note for note in notes)
