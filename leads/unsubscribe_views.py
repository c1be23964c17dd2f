"""The newsletter unsubscribe link (no login: the token in the URL identifies the lead)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from leads import services
from leads.models import Lead


@csrf_exempt  # RFC 8058: mail providers POST "List-Unsubscribe=One-Click" without a CSRF token
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks for confirmation (link scanners and prefetchers must not unsubscribe anyone);
    POST withdraws marketing consent and cancels queued newsletters — from the confirmation
    button, or one click in the mail client (`List-Unsubscribe-Post: List-Unsubscribe=One-Click`)."""
    lead = get_object_or_404(Lead.objects.not_erased(), unsubscribe_token=token)
    if request.method == "GET":
        return render(
            request,
            "leads/unsubscribe_confirm.html",
            {"token": token, "is_subscribed": lead.has_marketing_consent},
        )
    was_subscribed = services.unsubscribe_lead(lead)
    if request.POST.get("List-Unsubscribe") == "One-Click":
        return HttpResponse(status=200)
    return render(request, "leads/unsubscribe_done.html", {"was_subscribed": was_subscribed})
