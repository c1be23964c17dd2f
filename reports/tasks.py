from celery import shared_task

from reports import services


@shared_task(acks_late=True, time_limit=300)
def send_report(kind: str) -> int:
    """Beat entry: daily at the end of the office day, weekly on Monday, monthly on the 1st."""
    return services.send_report(kind)
