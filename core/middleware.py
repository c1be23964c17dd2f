"""Login everywhere except the public surfaces named in DESIGN.md."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.views import redirect_to_login

# Public by design: health probe, public form, unsubscribe, platform webhooks, satisfaction
# survey, static files, login itself and the language switch. /api/ authenticates in DRF
# (token or session) and answers 401/403 instead of redirecting.
PUBLIC_PATH_PREFIXES = (
    "/healthz",
    "/public/",
    "/unsubscribe/",
    "/webhooks/",
    "/survey/",
    "/r/",  # content tracking links
    "/static/",
    "/accounts/login/",
    "/accounts/password_reset/",
    "/accounts/reset/",
    "/i18n/",
    "/api/",
    # The installable app's manifest, service worker and offline page carry no personal data.
    "/manifest.webmanifest",
    "/sw.js",
    "/offline/",
)


class LoginRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        if not request.user.is_authenticated and not path.startswith(PUBLIC_PATH_PREFIXES):
            if path.startswith("/admin/"):
                return self.get_response(request)  # the admin has its own login
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        return self.get_response(request)
