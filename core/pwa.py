"""Installable app (issue 14 item 9): the web app manifest, and a service worker that caches only
the shell (an offline page without any personal data) and static assets, never pages or API data
about leads. Served from the site root so its scope covers the whole app."""

from __future__ import annotations

import hashlib
import json

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

THEME_COLOUR = "#0b5ed7"

# What the shell needs to draw a page; anything else under /static/ is cached when first fetched.
SHELL_ASSETS = [
    "bootstrap/css/bootstrap.min.css",
    "bootstrap/js/bootstrap.bundle.min.js",
    "css/app.css",
    "django_htmx/htmx-2.min.js",
    "img/channels.svg",
    "icons/icon-192.png",
    "core/js/pwa.js",
]


def _static_urls(paths: list[str]) -> list[str]:
    urls = []
    for path in paths:
        try:
            urls.append(static(path))
        except ValueError:  # not collected (a manifest storage without this file): leave it out
            continue
    return urls


@require_GET
@cache_control(max_age=3600)
def manifest(request: HttpRequest) -> JsonResponse:
    icons = [
        {"src": static("icons/icon-192.png"), "sizes": "192x192", "type": "image/png"},
        {"src": static("icons/icon-512.png"), "sizes": "512x512", "type": "image/png"},
        {
            "src": static("icons/icon-maskable-512.png"),
            "sizes": "512x512",
            "type": "image/png",
            "purpose": "maskable",
        },
    ]
    data = {
        "name": f"PMB CRM · {settings.INSTITUTION_NAME}",
        "short_name": "PMB CRM",
        "start_url": reverse("core:home"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": THEME_COLOUR,
        "lang": settings.LANGUAGE_CODE,
        "icons": icons,
    }
    return JsonResponse(data, content_type="application/manifest+json")


@require_GET
@cache_control(no_cache=True)
def service_worker(request: HttpRequest) -> HttpResponse:
    shell = [reverse("core:offline"), *_static_urls(SHELL_ASSETS)]
    # A new asset URL (a new hashed file name) gives a new cache and drops the old one.
    version = hashlib.sha256("\n".join(shell).encode()).hexdigest()[:12]
    context = {
        "cache_name": f"pmb-shell-{version}",
        "shell_json": json.dumps(shell),
        "static_prefix_json": json.dumps(
            settings.STATIC_URL if settings.STATIC_URL.startswith("/") else "/" + settings.STATIC_URL
        ),
        "offline_json": json.dumps(reverse("core:offline")),
    }
    response = render(request, "core/sw.js", context, content_type="application/javascript")
    response["Service-Worker-Allowed"] = "/"
    return response


@require_GET
def offline(request: HttpRequest) -> HttpResponse:
    """The page shown when there is no connection: no user, no data, safe to keep in a cache."""
    return render(request, "core/offline.html")
