"""NUL bytes are refused in every text input (400), before any view sees them.

PostgreSQL cannot store a NUL in a text column (the write fails with a 500) and SQLite stores it
silently; neither is a character a person types. The guard looks at the path, the query string,
form fields and JSON bodies. Webhook bodies are signed bytes from the platforms and are not
refused (a 400 would make the platform retry forever): their parser drops NULs instead. Uploaded
files are the importer's business (it detects binary files itself).
"""

from __future__ import annotations

from django.http import HttpResponseBadRequest

EXEMPT_PREFIXES = ("/webhooks/",)


def _has_nul(request) -> bool:
    if "\x00" in request.path or "%00" in request.META.get("QUERY_STRING", ""):
        return True
    if any("\x00" in key or "\x00" in value for key, values in request.GET.lists() for value in values):
        return True
    if request.method not in ("POST", "PUT", "PATCH"):
        return False
    content_type = request.META.get("CONTENT_TYPE", "")
    if content_type.startswith("application/json"):
        return b"\\u0000" in request.body or b"\x00" in request.body
    if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        return any(
            "\x00" in key or "\x00" in value for key, values in request.POST.lists() for value in values
        )
    return False


class RejectNulMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith(EXEMPT_PREFIXES) and _has_nul(request):
            return HttpResponseBadRequest(
                "NUL byte in the request.", content_type="text/plain; charset=utf-8"
            )
        return self.get_response(request)
