"""Shared by the dashboard's blocks: labels, percentages, changes, the cohort and the inquiries of a period."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from inquiries.models import Channel, Inquiry
from leads.models import LeadSource, LeadStatus, Track
from reports.periods import Period

NO_INQUIRY_LABEL = _("langsung / tanpa pertanyaan")
NO_PROGRAM_LABEL = _("(belum memilih)")
UNTRIAGED = "none"
MAX_EVENTS = 15
CHANNEL_LABELS = dict(Channel.choices)
SOURCE_LABELS = dict(LeadSource.choices)
TRACK_LABELS = dict(Track.choices)
STAGE_LABELS = dict(LeadStatus.choices)


def pct(part: int, whole: int) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None


def change(now: int, before: int) -> dict:
    """Change against the previous period: absolute and, when it means something, relative."""
    return {
        "before": before,
        "diff": now - before,
        "pct": round(100.0 * (now - before) / before, 1) if before else None,
    }


def received(period: Period):
    return Inquiry.objects.filter(received_at__gte=period.start, received_at__lt=period.end)
