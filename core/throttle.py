"""Login and password-reset throttling per client address, across usernames (password spraying).

django-axes locks a username+address pair after a few failures; this adds the address alone, with a
higher limit so an office behind one NAT address is not locked by one person's typos: more than
LOGIN_FAILURES_PER_IP failures from one address in LOGIN_THROTTLE_MINUTES (whatever usernames were
tried, counted from axes' own attempt rows, shared by every process) answer 429. Password-reset
requests are limited to PASSWORD_RESETS_PER_IP per hour per address (the cache).
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db.models import Sum
from django.shortcuts import render
from django.utils import timezone

LOGIN_PATHS = ("/accounts/login/", "/admin/login/")
RESET_PATH = "/accounts/password_reset/"


def client_ip(request) -> str:
    from axes.helpers import get_client_ip_address

    return get_client_ip_address(request) or ""


def login_failures_from(ip: str) -> int:
    from axes.models import AccessAttempt

    since = timezone.now() - timedelta(minutes=settings.LOGIN_THROTTLE_MINUTES)
    total = AccessAttempt.objects.filter(ip_address=ip, attempt_time__gte=since).aggregate(
        n=Sum("failures_since_start")
    )["n"]
    return total or 0


class LoginThrottleMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and settings.LOGIN_THROTTLE_ENABLED:
            path = request.path_info
            if (
                path in LOGIN_PATHS
                and login_failures_from(client_ip(request)) >= settings.LOGIN_FAILURES_PER_IP
            ):
                return render(request, "registration/throttled.html", status=429)
            if path == RESET_PATH:
                key = f"password-reset:{client_ip(request)}"
                cache.add(key, 0, timeout=3600)
                if cache.incr(key) > settings.PASSWORD_RESETS_PER_IP:
                    return render(request, "registration/throttled.html", status=429)
        return self.get_response(request)
