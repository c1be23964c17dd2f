"""Reads on the outbox and the alerts."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db.models import QuerySet

from core.models import Alert
from core.type_aliases import DomainRow
from outbox.models import OutboundMessage, OutboundStatus, WhatsAppTemplate

DELIVERED_STATUSES = [OutboundStatus.SENT, OutboundStatus.DELIVERED, OutboundStatus.READ]


def messages_for_lead(lead: DomainRow) -> QuerySet[OutboundMessage]:
    """The lead's outbound messages, newest first (the lead page's "Pesan keluar" list)."""
    return (
        OutboundMessage.objects.filter(lead=lead)
        .select_related("campaign", "created_by")
        .order_by("-created_at", "-id")
    )


def failed_messages() -> QuerySet[OutboundMessage]:
    return (
        OutboundMessage.objects.filter(status=OutboundStatus.FAILED)
        .select_related("lead", "campaign")
        .order_by("-failed_at", "-id")
    )


def unread_alerts_for(user: User) -> QuerySet[Alert]:
    return Alert.objects.filter(recipient=user, read_at__isnull=True, resolved_at__isnull=True).order_by(
        "-created_at", "-id"
    )


def template_for(purpose: str) -> WhatsAppTemplate | None:
    """The active approved WhatsApp template for a purpose (the oldest wins when several)."""
    return WhatsAppTemplate.objects.filter(purpose=purpose, is_active=True).order_by("id").first()
