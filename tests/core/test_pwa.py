"""Installable app: manifest with icons, a root-scoped service worker that caches only the shell."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db


def test_manifest_names_the_app_and_its_icons(client, settings):
    settings.INSTITUTION_NAME = "Politeknik Uji"
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200 and response["Content-Type"] == "application/manifest+json"
    data = json.loads(response.content)
    assert (
        data["name"] == "PMB CRM · Politeknik Uji"
        and data["scope"] == "/"
        and data["display"] == "standalone"
    )
    sizes = {icon["sizes"] for icon in data["icons"]}
    assert {"192x192", "512x512"} <= sizes
    assert any(icon.get("purpose") == "maskable" for icon in data["icons"])
    for icon in data["icons"]:
        path = finders.find(icon["src"].removeprefix("/static/"))
        assert path and Path(path).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_service_worker_covers_the_app_and_caches_no_lead_data(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    body = response.content.decode()
    shell = json.loads(re.search(r"const SHELL = (\[.*?\]);", body).group(1))
    assert "/offline/" in shell
    assert all(url == "/offline/" or url.startswith("/static/") for url in shell)
    # Only static files are ever put in the cache; navigations fall back to the offline page only.
    assert body.count("cache.put(") == 1 and "STATIC_PREFIX" in body


def test_offline_page_is_public_and_personal_data_free(client, admin_marketing):
    client.force_login(admin_marketing)
    body = client.get("/offline/").content.decode()
    assert admin_marketing.username not in body and (admin_marketing.get_full_name() or "@@") not in body


def test_pages_link_the_manifest_and_register_the_worker(client):
    body = client.get("/accounts/login/").content.decode()
    assert 'rel="manifest" href="/manifest.webmanifest"' in body
    assert 'data-sw="/sw.js"' in body


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_service_worker_installs_with_the_whole_app_in_scope(phone, admin_marketing):
    page = phone(admin_marketing)
    scope = page.evaluate("navigator.serviceWorker.ready.then(r => r.scope)")
    assert scope == f"{page.base_url}/"
    cached = page.evaluate(
        "caches.keys().then(ks => Promise.all(ks.map(k => caches.open(k).then(c => c.keys()))))"
        ".then(lists => lists.flat().map(r => new URL(r.url).pathname))"
    )
    assert "/offline/" in cached
    assert all(path == "/offline/" or path.startswith("/static/") for path in cached)
