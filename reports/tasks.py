from celery import shared_task
from django.utils import timezone

from reports import services


@shared_task(acks_late=True, time_limit=300)
def send_report(kind: str) -> int:
    """Beat entry: daily after the office closes (working days only), weekly on Monday, monthly on the 1st."""
    return services.send_scheduled_report(kind, now=timezone.now())
