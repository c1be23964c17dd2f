"""Lead tasks: take ids, load rows, call one service."""

from __future__ import annotations

from celery import shared_task


@shared_task(acks_late=True, time_limit=600, autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=3)
def send_welcome_messages(lead_ids: list[int]) -> int:
    """Welcome the leads a bulk import created (send_welcome is idempotent per lead by its dedup key)."""
    from leads.models import Lead
    from leads.services import _on_lead_created

    count = 0
    for lead in Lead.objects.filter(pk__in=lead_ids, is_erased=False).iterator():
        _on_lead_created(lead)
        count += 1
    return count
