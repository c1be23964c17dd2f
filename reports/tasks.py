from celery import shared_task
from django.utils import timezone

from reports import rollups, services


@shared_task(acks_late=True, time_limit=300)
def send_report(kind: str) -> int:
    """Beat entry: daily after the office closes (working days only), weekly on Monday, monthly on the 1st."""
    return services.send_scheduled_report(kind, now=timezone.now())


@shared_task(acks_late=True, time_limit=600)
def refresh_rollups() -> int:
    """Beat entry (every 5 minutes): recount the cohort roll-up of every day marked stale, so the
    pages seldom find one to recount themselves. Returns the number of days recounted."""
    return rollups.refresh()
