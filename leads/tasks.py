"""Lead tasks: take ids, load rows, call one service."""

from __future__ import annotations

from celery import shared_task


@shared_task(
    acks_late=True, time_limit=600, autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=3
)
def send_welcome_messages(lead_ids: list[int]) -> int:
    """Welcome the leads a bulk import created (send_welcome is idempotent per lead by its dedup key)."""
    from automation.services import send_welcome
    from leads.models import Lead

    count = 0
    for lead in Lead.objects.filter(pk__in=lead_ids, is_erased=False).select_related("program").iterator():
        send_welcome(lead)
        count += 1
    return count
