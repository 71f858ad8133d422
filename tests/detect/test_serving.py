"""The production server and the health endpoint the deploy's smoke test asks for."""

from __future__ import annotations

from pathlib import Path

import pytest

from pitstop.detect import serving
from pitstop.detect.dependencies import Dependencies


def deps(*names: str) -> Dependencies:
    return Dependencies("pip", (), False, {name: "1.0" for name in names})


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return root


@pytest.mark.parametrize(
    ("locked", "server"),
    [
        (("gunicorn", "uvicorn"), "gunicorn"),  # gunicorn running uvicorn's workers
        (("uvicorn",), "uvicorn"),
        (("daphne", "channels"), "daphne"),
        (("granian",), "granian"),
        (("hypercorn",), "hypercorn"),
        (("waitress",), "waitress"),
        (("pyuwsgi",), "uwsgi"),
        (("django",), None),
    ],
)
def test_server_from_the_locked_dependencies(
    tmp_path: Path, locked: tuple[str, ...], server: str | None
) -> None:
    assert serving.detect(tmp_path, deps(*locked)).server == server


ROOT_URLS = """\
from django.contrib import admin
from django.urls import include, path
urlpatterns = [
    path("", include("apps.core.urls")),
    path("api/v1/", include("api.urls")),
    path("backoffice/", admin.site.urls),
]
"""


@pytest.mark.parametrize(
    ("files", "health", "source", "smoke"),
    [
        (
            {
                "config/urls.py": ROOT_URLS,
                "apps/core/urls.py": 'urlpatterns = [path("healthz", views.health)]\n',
            },
            "/healthz",
            "apps/core/urls.py",
            "/healthz",
        ),
        (  # an included module's prefix comes first
            {"config/urls.py": ROOT_URLS, "api/urls.py": "urlpatterns = [path('ping/', ping)]\n"},
            "/api/v1/ping/",
            "api/urls.py",
            "/api/v1/ping/",
        ),
        (  # django-health-check
            {"config/urls.py": 'urlpatterns = [path("ht/", include("health_check.urls"))]\n'},
            "/ht/",
            "config/urls.py",
            "/ht/",
        ),
        (  # a regular expression route; `health` is preferred over `status`
            {"site/urls.py": "urlpatterns = [re_path(r'^status/$', s), re_path(r'^health/?$', h)]"},
            "/health",
            "site/urls.py",
            "/health",
        ),
        (  # a urls package, included under a prefix
            {
                "config/urls.py": 'urlpatterns = [path("ops/", include("monitoring.urls"))]\n',
                "monitoring/urls/__init__.py": "urlpatterns = [path('healthz/', h)]\n",
            },
            "/ops/healthz/",
            "monitoring/urls/__init__.py",
            "/ops/healthz/",
        ),
        ({"config/urls.py": ROOT_URLS}, None, "", "/backoffice/login/"),
        ({"config/urls.py": 'urlpatterns = [path("", home)]\n'}, None, "", "/"),
        (  # a page under a health-like name that includes something else is not a probe
            {"config/urls.py": 'urlpatterns = [path("status/", include("reports.urls"))]\n'},
            None,
            "",
            "/",
        ),
        (  # a dependency's urls.py is not the project's
            {".venv/lib/site/urls.py": 'urlpatterns = [path("healthz", h)]\n'},
            None,
            "",
            "/",
        ),
    ],
)
def test_health_endpoint_from_the_url_configuration(
    tmp_path: Path, files: dict[str, str], health: str | None, source: str, smoke: str
) -> None:
    found = serving.detect(write(tmp_path, files), deps())
    assert (found.health_path, found.health_source, found.smoke_path) == (health, source, smoke)


@pytest.mark.parametrize(
    ("files", "server", "source"),
    [
        (  # cookiecutter-django: the server only in production.txt, which no lock holds
            {"requirements/production.txt": "-r base.txt\ngunicorn==23.0.0  # server\n"},
            "gunicorn",
            "requirements/production.txt",
        ),
        (
            {"requirements/production.txt": "uwsgi>=2.0.17,<2.1\n"},
            "uwsgi",
            "requirements/production.txt",
        ),
        (
            {"pyproject.toml": '[project]\ndependencies = [\n  "waitress==3.0.2",\n]\n'},
            "waitress",
            "pyproject.toml",
        ),
        ({"requirements.txt": "gunicorn-stats==1\n# uvicorn later\n"}, None, ""),
    ],
)
def test_server_declared_outside_the_lock(
    tmp_path: Path, files: dict[str, str], server: str | None, source: str
) -> None:
    found = serving.detect(write(tmp_path, files), deps())
    assert (found.server, found.server_source) == (server, source)
