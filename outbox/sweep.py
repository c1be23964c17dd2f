"""The outbox sweep (a beat job): re-queue sends that were lost (worker killed, broker down).

Safe to run twice or from two beat processes: each row moves by a conditional update whose count
is checked, and the claim in `outbox.delivery.deliver_message` keeps the send single.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from core.models import OUTBOX_SEND_TIME_LIMIT_SECONDS, AutomationSettings
from outbox import services, texts
from outbox.models import OutboundMessage, OutboundStatus


def stuck_sending_after(config: AutomationSettings) -> timedelta:
    """How long a `sending` row waits before the sweep takes it back: the settings row's
    `stuck_sending_minutes` (default 3), never shorter than the send task's hard time limit (a row
    saved past the admin's validation is clamped), so a live send is never overtaken."""
    return max(
        timedelta(minutes=config.stuck_sending_minutes), timedelta(seconds=OUTBOX_SEND_TIME_LIMIT_SECONDS)
    )


def requeue_stuck_messages(*, now: datetime | None = None) -> int:
    """Re-queue rows whose send was lost: `sending` past the stuck limit (worker killed) and
    `queued` rows whose task never ran. The claim in `deliver_message` keeps this duplicate-free."""
    now = now or timezone.now()
    config = AutomationSettings.current()
    cutoff = now - stuck_sending_after(config)
    requeued = 0
    for message in OutboundMessage.objects.filter(status=OutboundStatus.SENDING, claimed_at__lt=cutoff).only(
        "pk", "attempts", "claimed_at"
    ):
        rows = OutboundMessage.objects.filter(
            pk=message.pk, status=OutboundStatus.SENDING, claimed_at=message.claimed_at
        )
        if message.attempts >= config.max_send_attempts:
            rows.update(
                status=OutboundStatus.FAILED,
                failed_at=now,
                **texts.error_fields(texts.WORKER_STOPPED_FINAL.stored()),
            )
            continue
        with transaction.atomic():
            if rows.update(
                status=OutboundStatus.QUEUED,
                claim_task_id="",
                next_attempt_at=now,
                **texts.error_fields(texts.WORKER_STOPPED.stored()),
            ):
                transaction.on_commit(lambda pk=message.pk: services.enqueue_send(pk))
                requeued += 1
    lost = OutboundMessage.objects.filter(status=OutboundStatus.QUEUED, created_at__lt=cutoff).exclude(
        next_attempt_at__gte=cutoff
    )
    for message_id in lost.values_list("pk", flat=True):
        with transaction.atomic():
            if (
                OutboundMessage.objects.filter(pk=message_id, status=OutboundStatus.QUEUED)
                .exclude(next_attempt_at__gte=cutoff)
                .update(next_attempt_at=now)
            ):
                transaction.on_commit(lambda pk=message_id: services.enqueue_send(pk))
                requeued += 1
    return requeued
