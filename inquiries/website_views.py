"""The website channel: the public interest form on the campus website (no login), spam-protected."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods
from rest_framework.throttling import SimpleRateThrottle

from inquiries.forms import PublicInquiryForm
from inquiries.services import website


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
            # The code rides in the hidden field, or in the URL the form was posted to.
            utm_campaign = form.cleaned_data["utm_campaign"] or request.GET.get("utm_campaign", "")
            website.record_website_inquiry(**{**form.cleaned_data, "utm_campaign": utm_campaign})
            return render(request, "public/inquiry_thanks.html")
    return render(request, "public/inquiry_form.html", {"form": form})
