"""Reads on the outbox, alerts and campaigns."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Count, Q, QuerySet

from automation.models import Alert, Campaign, OutboundMessage, OutboundStatus, Purpose, WhatsAppTemplate

DELIVERED_STATUSES = [OutboundStatus.SENT, OutboundStatus.DELIVERED, OutboundStatus.READ]


def messages_for_lead(lead) -> QuerySet[OutboundMessage]:
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


def unread_alerts_for(user) -> QuerySet[Alert]:
    return Alert.objects.filter(recipient=user, read_at__isnull=True).order_by("-created_at", "-id")


def template_for(purpose: str) -> WhatsAppTemplate | None:
    """The active approved WhatsApp template for a purpose (the oldest wins when several)."""
    return WhatsAppTemplate.objects.filter(purpose=purpose, is_active=True).order_by("id").first()


def campaigns_with_counts() -> QuerySet[Campaign]:
    """Campaigns annotated with `sent_count`, `failed_count`, `unsubscribed_count`, `queued_count`."""
    return Campaign.objects.select_related("segment").annotate(
        sent_count=Count("messages", filter=Q(messages__status__in=DELIVERED_STATUSES)),
        failed_count=Count("messages", filter=Q(messages__status=OutboundStatus.FAILED)),
        queued_count=Count(
            "messages", filter=Q(messages__status__in=[OutboundStatus.QUEUED, OutboundStatus.SENDING])
        ),
        unsubscribed_count=Count("messages", filter=Q(messages__unsubscribed_at__isnull=False)),
    )


def users_in_role(role: str) -> QuerySet:
    return get_user_model().objects.filter(groups__name=role, is_active=True).order_by("id")


def users_by_load(role: str) -> list:
    """Active users of a role with `open_follow_ups` (pending FollowUps), least loaded first."""
    return list(
        users_in_role(role)
        .annotate(
            open_follow_ups=Count(
                "follow_ups",
                filter=Q(follow_ups__completed_at__isnull=True, follow_ups__cancelled_at__isnull=True),
            )
        )
        .order_by("open_follow_ups", "id")
    )


def last_newsletter_for(lead) -> OutboundMessage | None:
    return (
        OutboundMessage.objects.filter(lead=lead, purpose=Purpose.NEWSLETTER, status__in=DELIVERED_STATUSES)
        .order_by("-sent_at", "-id")
        .first()
    )
