from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from core import home as home_sections
from pmb_crm.celery import app as celery_app


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Home page per role: the sections each role needs next (what is due, overdue, breached)."""
    sections = home_sections.sections_for(request.user)
    return render(request, "core/home.html", {"sections": sections})


@require_GET
def nav_badge(request: HttpRequest, name: str) -> HttpResponse:
    """One navigation badge, re-rendered by the htmx poll (the count a higher app registered)."""
    from django.http import Http404

    from core.context_processors import NAV_BADGES, NAV_ITEMS

    if not request.user.is_authenticated:
        return HttpResponse(status=204)
    label, perm = next(
        ((label, perm) for label, url_name, perm in NAV_ITEMS if url_name == name), ("", "missing")
    )
    if name not in NAV_BADGES or perm == "missing" or (perm and not request.user.has_perm(perm)):
        raise Http404
    item = {"name": name, "badge": NAV_BADGES[name](request.user), "label": label, "polled": True}
    return render(request, "_nav_badge.html", {"item": item})


def database_state() -> tuple[bool, str]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return True, "ok"
    except Exception as exc:  # any driver error means "down" for the probe
        return False, exc.__class__.__name__


def broker_state() -> tuple[bool, str]:
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return True, "ok"
    except Exception as exc:
        return False, exc.__class__.__name__


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    database_ok, database_detail = database_state()
    broker_ok, broker_detail = broker_state()
    healthy = database_ok and broker_ok
    return JsonResponse(
        {
            "status": "ok" if healthy else "error",
            "database": {"ok": database_ok, "detail": database_detail},
            "broker": {"ok": broker_ok, "detail": broker_detail},
        },
        status=200 if healthy else 503,
    )


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)
