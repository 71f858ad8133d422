from unittest import mock

import pytest
from django.db import DatabaseError
from django.test import Client
from django.urls import reverse


@pytest.mark.django_db
def test_healthz_reports_database_ok(client: Client) -> None:
    response = client.get(reverse("core:healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


@pytest.mark.django_db
def test_healthz_returns_503_when_database_is_down(client: Client) -> None:
    with mock.patch("apps.core.views.connection.cursor", side_effect=DatabaseError("down")):
        response = client.get(reverse("core:healthz"))
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"


def test_healthz_rejects_post(client: Client) -> None:
    assert client.post(reverse("core:healthz")).status_code == 405


@pytest.mark.django_db
def test_home_redirects_to_boards(client: Client) -> None:
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == reverse("boards:list")


@pytest.mark.django_db
def test_admin_login_page_renders(client: Client) -> None:
    assert client.get("/admin/login/").status_code == 200
