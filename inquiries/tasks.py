"""Celery tasks of the inbox: each takes ids and calls one service."""

from __future__ import annotations

from celery import shared_task

from inquiries import policies
from inquiries.services import ingest


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=ingest.PROCESS_HARD_TIME_LIMIT - 30,
    time_limit=ingest.PROCESS_HARD_TIME_LIMIT,
)
def process_webhook_event(event_id: int) -> None:
    """Process one stored webhook body (claimed with a conditional update: safe to run twice)."""
    ingest.process_webhook_event(event_id)


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=ingest.PROCESS_HARD_TIME_LIMIT - 30,
    time_limit=ingest.PROCESS_HARD_TIME_LIMIT,
)
def drain_webhook_events() -> int:
    """Process stored events in claimed chunks (queued by the webhook view at most once per window
    per web process). Its hard time limit equals the stuck wait, so a claim older than that belongs
    to a dead worker; work left after the budget goes to a fresh task."""
    done, more = ingest.drain_webhook_events()
    if more:
        drain_webhook_events.apply_async()
    return done


@shared_task(soft_time_limit=240, time_limit=300)
def process_pending_webhook_events() -> int:
    """Beat job: reprocess events left pending (broker outage) for over a minute, or stuck."""
    return ingest.process_pending_webhook_events()


@shared_task(acks_late=True, time_limit=600)
def follow_up_inquirers() -> int:
    return policies.follow_up_inquirers()


@shared_task(acks_late=True, time_limit=600)
def check_inquiry_slas() -> list[int]:
    return list(policies.check_inquiry_slas())


@shared_task(acks_late=True, time_limit=600)
def alert_overdue_escalations() -> int:
    return policies.alert_overdue_escalations()


@shared_task(soft_time_limit=240, time_limit=300)
def poll_mailbox() -> int:
    """Beat job: new emails in the office mailbox become email inquiries."""
    from inquiries.services.mailbox import poll_mailbox as poll

    return poll().stored


@shared_task(acks_late=True, soft_time_limit=120, time_limit=150)
def fetch_message_media(message_id: int) -> int:
    """Fetch the images/documents/audio of one inbound message through the Graph API."""
    from inquiries.services.media import fetch_message_media as fetch

    return fetch(message_id)
