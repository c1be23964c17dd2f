from celery import shared_task


@shared_task(acks_late=True, reject_on_worker_lost=True)
def send_outbound_message(message_id: int) -> None:
    """Send one queued outbound message (implemented by the automation issue)."""
