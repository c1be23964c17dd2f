"""The public tracking link /r/<code>/ (no login): count the click, then go to the public inquiry
form (or the item's target URL) carrying utm_source and utm_campaign=<code>. The click count is
the only thing stored: no address, no cookie."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse
from django.views.decorators.http import require_GET

from content import services
from content.models import ContentItem, ContentStatus


def tracking_target(item: ContentItem) -> str:
    base = item.target_url or reverse("public:inquiry")
    parts = urlsplit(base)
    query = [(k, v) for k, v in parse_qsl(parts.query) if not k.startswith("utm_")]
    query += [("utm_source", item.channel), ("utm_medium", "social"), ("utm_campaign", item.code)]
    return urlunsplit(parts._replace(query=urlencode(query)))


@require_GET
def tracking_redirect(request: HttpRequest, code: str) -> HttpResponseRedirect:
    item = ContentItem.objects.filter(code=code.upper()[:12]).exclude(status=ContentStatus.CANCELLED).first()
    if item is None:
        # A prospect following an old or mistyped link still reaches the form, just unattributed.
        return HttpResponseRedirect(reverse("public:inquiry"))
    services.record_link_click(item)
    return HttpResponseRedirect(tracking_target(item))
