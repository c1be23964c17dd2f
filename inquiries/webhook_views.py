"""Platform webhooks: GET verification handshake, POST signed events (stored, then processed).

A POST does only what the acknowledgement needs: check the signature, refuse a body that is not a
platform event (400, kept FAILED for inspection), store the raw body with one INSERT (a redelivery
of the same bytes stores nothing) and ring the drain task. In production the POSTs reach this view
through the lean handler of `pmb_crm.wsgi` (security headers, no sessions or login machinery).
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseForbidden
from django.utils.crypto import constant_time_compare
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from inquiries.services import ingest
from inquiries.signatures import is_valid_signature

SIGNATURE_HEADER = "HTTP_X_HUB_SIGNATURE_256"


def _handle(request: HttpRequest, *, source: str, verify_token: str, app_secret: str) -> HttpResponse:
    if request.method == "GET":
        token = request.GET.get("hub.verify_token", "")
        if (
            verify_token
            and request.GET.get("hub.mode") == "subscribe"
            and constant_time_compare(token, verify_token)
        ):
            return HttpResponse(request.GET.get("hub.challenge", ""), content_type="text/plain")
        return HttpResponseForbidden("verification failed", content_type="text/plain")
    body = request.body
    if not is_valid_signature(body, request.META.get(SIGNATURE_HEADER), app_secret):
        return HttpResponseForbidden("invalid signature", content_type="text/plain")
    problem = ingest.payload_problem(body)
    ingest.receive_webhook(source=source, body=body, problem=problem)
    if problem:
        return HttpResponseBadRequest(f"malformed payload: {problem}", content_type="text/plain")
    return HttpResponse("EVENT_RECEIVED", content_type="text/plain")


@csrf_exempt
@require_http_methods(["GET", "POST"])
def whatsapp(request: HttpRequest) -> HttpResponse:
    return _handle(
        request,
        source=ingest.SOURCE_WHATSAPP,
        verify_token=settings.WHATSAPP_VERIFY_TOKEN,
        app_secret=settings.WHATSAPP_APP_SECRET,
    )


@csrf_exempt
@require_http_methods(["GET", "POST"])
def meta(request: HttpRequest) -> HttpResponse:
    return _handle(
        request,
        source=ingest.SOURCE_META,
        verify_token=settings.META_VERIFY_TOKEN,
        app_secret=settings.META_APP_SECRET,
    )
