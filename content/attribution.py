"""Attribution of leads and inquiries to content items.

The code of an item (IG-0012) travels as `utm_campaign` through the tracking link, is quoted in
messages, or the platform names the item's media id in a comment webhook. The first item a lead or
inquiry is attributed to is written on its `campaign_code` (first touch); every touch is kept as an
Attribution row. Staff picking an item on a lead overrides the first touch.
"""

from __future__ import annotations

import re
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction

from content.models import CODE_PREFIX, Attribution, AttributionVia, ContentItem
from core.touches import Touch
from inquiries.models import Inquiry
from leads.models import Lead

CODE_PATTERN = re.compile(
    r"(?<![A-Za-z0-9])("
    + "|".join(sorted(CODE_PREFIX.values(), key=len, reverse=True))
    + r")-(\d{4,8})(?![0-9])",
    re.IGNORECASE,
)


def codes_in(text: str) -> list[str]:
    """The content codes quoted in a text, upper-cased, in order of appearance."""
    return [f"{prefix.upper()}-{number}" for prefix, number in CODE_PATTERN.findall(text or "")]


def normalize_code(value: str) -> str:
    return (value or "").strip().upper()[:12]


def item_for_touch(touch: Touch) -> tuple[ContentItem | None, str]:
    """The item a touch names and how, or (None, "") when it names none (no query for plain text)."""
    if touch.utm_campaign:
        item = ContentItem.objects.filter(code=normalize_code(touch.utm_campaign)).first()
        if item is not None:
            return item, AttributionVia.FORM
    if touch.media_id:
        item = ContentItem.objects.filter(media_id=touch.media_id).exclude(media_id="").first()
        if item is not None:
            return item, AttributionVia.COMMENT
    codes = codes_in(touch.text)
    if codes:
        found = {i.code: i for i in ContentItem.objects.filter(code__in=codes)}
        for code in codes:
            if code in found:
                return found[code], AttributionVia.MESSAGE
    return None, ""


def attribute_touch(touch: Touch) -> Attribution | None:
    """The handler core.touches calls: attribute the touch's lead and inquiry if it names an item."""
    item, via = item_for_touch(touch)
    if item is None:
        return None
    return attribute(item, lead_id=touch.lead_id, inquiry_id=touch.inquiry_id, via=via, by=None)


def attribute(
    item: ContentItem,
    *,
    lead_id: int | None,
    inquiry_id: int | None,
    via: str,
    by: User | None,
    override: bool = False,
) -> Attribution:
    """Record the attribution; set `campaign_code` where none is set yet (or always, with override)."""
    with transaction.atomic():
        if lead_id is not None:
            leads = Lead.objects.filter(pk=lead_id)
            (leads if override else leads.filter(campaign_code__isnull=True)).update(campaign_code=item.code)
        if inquiry_id is not None:
            inquiries = Inquiry.objects.filter(pk=inquiry_id)
            (inquiries if override else inquiries.filter(campaign_code__isnull=True)).update(
                campaign_code=item.code
            )
        # `lead_id=None` matches IS NULL here: one row per item, subject and way.
        subject: dict[str, Any] = {"lead_id": lead_id, "inquiry_id": inquiry_id}
        attribution, _created = Attribution.objects.get_or_create(
            item=item, via=via, defaults={"created_by": by}, **subject
        )
    return attribution


def attribute_lead_by_staff(lead: Lead, *, item: ContentItem, by: User) -> Attribution:
    """Staff pick the item a lead came through (on the lead); this overrides the first touch."""
    attribution = attribute(
        item, lead_id=lead.pk, inquiry_id=None, via=AttributionVia.STAFF, by=by, override=True
    )
    lead.campaign_code = item.code
    return attribution
