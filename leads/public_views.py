"""The public interest form for the campus website (no login), spam-protected."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods
from rest_framework.throttling import SimpleRateThrottle

from core import touches
from leads import services
from leads.forms import CONSENT_WORDING, PublicInquiryForm
from leads.importing import _institution
from leads.models import LeadSource


def _client_address(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "unknown")


def _rate_limited(request: HttpRequest) -> bool:
    """Per-address limit with the `public_form` rate of the settings (default 10/hour)."""
    rate = settings.REST_FRAMEWORK.get("DEFAULT_THROTTLE_RATES", {}).get("public_form") or "10/hour"
    allowed, period = SimpleRateThrottle.parse_rate(SimpleRateThrottle, rate)
    key = f"public_form:{_client_address(request)}"
    cache.add(key, 0, period)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, period)
        count = 1
    return count > allowed


@require_http_methods(["GET", "POST"])
def public_inquiry(request: HttpRequest) -> HttpResponse:
    form = PublicInquiryForm(
        request.POST or None, initial={"utm_campaign": request.GET.get("utm_campaign", "")}
    )
    if request.method == "POST":
        if _rate_limited(request):
            return render(
                request, "public/inquiry_form.html", {"form": form, "rate_limited": True}, status=429
            )
        if form.is_spam:
            # Bots get the same thanks page, and nothing is stored.
            return render(request, "public/inquiry_thanks.html")
        if form.is_valid():
            _save_inquiry({**form.cleaned_data, "utm_campaign": _utm_campaign(request, form)})
            return render(request, "public/inquiry_thanks.html")
    return render(request, "public/inquiry_form.html", {"form": form})


def _utm_campaign(request: HttpRequest, form: PublicInquiryForm) -> str:
    return form.cleaned_data.get("utm_campaign") or request.GET.get("utm_campaign", "")


def _save_inquiry(data: dict) -> None:
    with transaction.atomic():
        institution = _institution(data["school"], data["city"], {})
        result = services.create_lead(
            full_name=data["full_name"],
            whatsapp=data["whatsapp"],
            email=data["email"],
            source=LeadSource.ONLINE_FORM,
            source_detail="Formulir website",
            track=data["track"],
            program=data["program"],
            institution=institution,
            consent=True if data["consent"] else None,
            consent_wording=str(CONSENT_WORDING),
            consent_source="public_form",
        )
        lead = result.lead
        if not result.created:
            blanks = {"program": data["program"], "institution": institution}
            changes = {k: v for k, v in blanks.items() if v and not getattr(lead, f"{k}_id")}
            if changes:
                services.update_lead(lead, by=None, **changes)
            if data["consent"] and not lead.has_marketing_consent:
                services.record_consent(
                    lead, granted=True, wording=str(CONSENT_WORDING), source="public_form"
                )
        inquiry = None
        if data["message"]:
            # The question lands in the inbox like every other channel (SOP 02: website form).
            from inquiries.services.workflow import record_manual_inquiry

            inquiry = record_manual_inquiry(
                channel="website",
                text=data["message"],
                contact_name=data["full_name"],
                phone=lead.whatsapp or lead.phone,
                email=lead.email,
                lead_source=LeadSource.ONLINE_FORM,
            )
    if data.get("utm_campaign"):
        touches.report(
            touches.Touch(
                via="form",
                lead_id=lead.pk,
                inquiry_id=inquiry.pk if inquiry else None,
                utm_campaign=data["utm_campaign"],
            )
        )
