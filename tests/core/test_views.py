from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_healthz_reports_database_and_broker(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["ok"] is True
    assert body["broker"]["ok"] is True


def test_healthz_is_503_when_the_broker_does_not_answer(client, monkeypatch):
    from kombu import Connection

    from pmb_crm.celery import app

    # A real connection attempt to a port where nothing listens.
    monkeypatch.setattr(app, "connection_for_write", lambda: Connection("redis://127.0.0.1:1/0"))
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["broker"]["ok"] is False
    assert response.json()["database"]["ok"] is True


def test_home_requires_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/")


def test_home_speaks_indonesian_by_default(client_for, admin_marketing):
    response = client_for(admin_marketing).get("/")
    assert response.status_code == 200
    assert 'lang="id"' in response.content.decode()
    assert "Selamat datang" in response.content.decode()


def test_home_switches_to_english(client_for, admin_marketing):
    client = client_for(admin_marketing)
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    page = client.get("/").content.decode()
    assert 'lang="en"' in page
    assert "Welcome" in page


def test_admin_site_forbidden_pages_give_403_not_500(client_for, telemarketer):
    # A staff page outside the role: the Django admin is for is_staff only; a role user is sent
    # to the admin login, never served the admin and never a 500.
    response = client_for(telemarketer).get("/admin/")
    assert response.status_code == 302


def test_login_with_wrong_password_shows_error_in_indonesian(client, admin_marketing):
    response = client.post("/accounts/login/", {"username": admin_marketing.username, "password": "salah"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Nama pengguna atau kata sandi salah." in body
    assert "nama pengguna nama pengguna" not in body.lower()  # Django's catalogue doubled the label


def test_failed_logins_are_throttled(client, admin_marketing, settings, password):
    settings.AXES_ENABLED = True
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            "/accounts/login/",
            {"username": admin_marketing.username, "password": "salah"},
            REMOTE_ADDR="10.9.9.9",
        )
    response = client.post(
        "/accounts/login/",
        {"username": admin_marketing.username, "password": password},
        REMOTE_ADDR="10.9.9.9",
    )
    assert response.status_code == 429
    assert "dikunci" in response.content.decode()


def test_browser_language_does_not_override_the_indonesian_default(client_for, admin_marketing):
    page = client_for(admin_marketing).get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert 'lang="id"' in page
    assert "Keluar" in page  # the sign-out button


def test_sign_out_button_is_translated_as_sign_out_in_english(client_for, admin_marketing):
    client = client_for(admin_marketing)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get("/").content.decode()
    assert "Sign out" in page and "Outbound" not in page
