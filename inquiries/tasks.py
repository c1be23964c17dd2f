"""Celery tasks of the inbox: each takes ids and calls one service."""

from __future__ import annotations

from celery import shared_task

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


@shared_task(soft_time_limit=240, time_limit=300)
def process_pending_webhook_events() -> int:
    """Beat job: reprocess events left pending (broker outage) for over a minute, or stuck."""
    return ingest.process_pending_webhook_events()
