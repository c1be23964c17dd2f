"""Lead tasks: take ids (or nothing), load rows, call one service or policy."""

from __future__ import annotations

from celery import shared_task

from leads import policies
from leads.models import Lead


@shared_task(
    acks_late=True, time_limit=600, autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=3
)
def send_welcome_messages(lead_ids: list[int]) -> int:
    """Welcome the leads a bulk import created (send_welcome is idempotent per lead by its dedup key)."""
    count = 0
    for lead in Lead.objects.not_erased().filter(pk__in=lead_ids).select_related("program").iterator():
        policies.send_welcome(lead)
        count += 1
    return count


@shared_task(acks_late=True, time_limit=600)
def schedule_warm_lead_calls() -> int:
    return policies.schedule_warm_lead_calls()


@shared_task(acks_late=True, time_limit=600)
def alert_overdue_follow_ups() -> int:
    return policies.alert_overdue_follow_ups()


@shared_task(acks_late=True, time_limit=1800)
def send_due_newsletters() -> int:
    return policies.send_due_newsletters()
