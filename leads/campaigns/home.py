"""Kadiv's home section: newsletter campaigns waiting for approval."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from core.home import HomeSection, register
from leads.models import Campaign


@register("leads.approve_campaign")
def campaigns_to_approve(user) -> HomeSection | None:
    waiting = list(
        Campaign.objects.filter(submitted_at__isnull=False, approved_at__isnull=True)
        .select_related("segment")
        .order_by("submitted_at", "id")[:5]
    )
    if not waiting:
        return None
    return HomeSection(
        title=_("Newsletter menunggu persetujuan"),
        more_url=reverse("campaigns:list"),
        items=[
            {
                "label": campaign.name,
                "url": reverse("campaigns:detail", args=[campaign.pk]),
                "detail": campaign.segment.name,
                "badge": campaign.get_frequency_display(),
                "tone": "warning",
            }
            for campaign in waiting
        ],
    )
