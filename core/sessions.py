"""Staff sessions as a bank would set them: signed out after 30 idle minutes and 12 hours after
signing in whatever the activity (both configurable), and a cookie that dies with the browser."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import JsonResponse
from django.utils.translation import gettext as _

STARTED = "_session_started_at"
SEEN = "_session_seen_at"
SEEN_RESOLUTION = (
    60  # seconds: the idle clock is saved at most once a minute (one write, not one per request)
)


def start_clocks(sender, request, user, **kwargs) -> None:
    """At sign-in (user_logged_in): both clocks start, so the next request needs no session write."""
    if hasattr(request, "session"):
        now = time.time()
        request.session[STARTED] = now
        request.session[SEEN] = now


class SessionTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            now = time.time()
            session = request.session
            started = session.setdefault(STARTED, now)
            seen = session.get(SEEN, now)
            idle = settings.SESSION_IDLE_TIMEOUT_MINUTES * 60
            absolute = settings.SESSION_ABSOLUTE_TIMEOUT_HOURS * 3600
            if now - seen > idle or now - started > absolute:
                logout(request)
                if request.path_info.startswith("/api/"):
                    return JsonResponse({"detail": _("Sesi berakhir; silakan masuk lagi.")}, status=401)
                messages.info(
                    request, _("Sesi berakhir karena tidak aktif atau terlalu lama; silakan masuk lagi.")
                )
                return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
            if now - seen >= SEEN_RESOLUTION or SEEN not in session:
                session[SEEN] = now
        return self.get_response(request)
