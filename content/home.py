"""Home-page section: content waiting for the coordinator, and the staff member's own work in progress."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from content.models import ContentItem, ContentStatus
from core.home import HomeSection, register

IN_PROGRESS = [
    ContentStatus.CONCEPT,
    ContentStatus.PRODUCTION,
    ContentStatus.CHANGES_REQUESTED,
    ContentStatus.APPROVED,
]


@register("content.view_contentitem")
def content_to_handle(user) -> HomeSection | None:
    if user.has_perm("content.approve_contentitem"):
        items = ContentItem.objects.filter(status=ContentStatus.REVIEW).order_by("status_changed_at")
        title, empty = _("Konten menunggu persetujuan"), _("Tidak ada konten yang menunggu persetujuan.")
    else:
        items = ContentItem.objects.filter(owner=user, status__in=IN_PROGRESS).order_by("status_changed_at")
        title, empty = (
            _("Konten saya yang sedang dikerjakan"),
            _("Tidak ada konten yang sedang Anda kerjakan."),
        )
    rows = list(items[:5])
    return HomeSection(
        title=title,
        empty_text=empty,
        more_url=reverse("content:list"),
        items=[
            {
                "label": f"{item.code} {item.title}",
                "url": reverse("content:detail", args=[item.pk]),
                "detail": item.get_channel_display(),
                "badge": item.get_status_display(),
                "tone": "warning"
                if item.status in (ContentStatus.REVIEW, ContentStatus.CHANGES_REQUESTED)
                else "secondary",
            }
            for item in rows
        ],
    )
