"""Outbox pages: the failed-messages list with its retry action, and opening an alert."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.models import Alert
from outbox import selectors, services
from outbox.models import OutboundMessage, OutboundStatus


@login_required
@permission_required("automation.change_outboundmessage", raise_exception=True)
@require_GET
def failed_list(request: HttpRequest) -> HttpResponse:
    """Failed outbound messages, newest failure first, each with a retry button."""
    page = Paginator(selectors.failed_messages(), 50).get_page(request.GET.get("page"))
    return render(request, "outbox/outbox_failed.html", {"page": page})


@login_required
@permission_required("automation.change_outboundmessage", raise_exception=True)
@require_POST
def retry(request: HttpRequest, message_id: int) -> HttpResponse:
    message = get_object_or_404(OutboundMessage, pk=message_id, status=OutboundStatus.FAILED)
    if services.retry_message(message, by=request.user):
        messages.success(request, _("Pesan dimasukkan kembali ke antrean."))
    return redirect("outbox:failed")


@login_required
@require_GET
def alert_open(request: HttpRequest, alert_id: int) -> HttpResponse:
    """Open an alert's target and mark it read (the home page links alerts here)."""
    # Another user's alert is a 404: alerts are private to their recipient.
    alert = get_object_or_404(Alert, pk=alert_id, recipient=request.user)
    services.mark_alert_read(alert, by=request.user)
    if alert.url and url_has_allowed_host_and_scheme(alert.url, allowed_hosts={request.get_host()}):
        return redirect(alert.url)
    return redirect("core:home")
