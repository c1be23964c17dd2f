"""Celery tasks of the outbox: each takes ids (or nothing), loads its rows and calls one service."""

from __future__ import annotations

from celery import shared_task

from core.models import OUTBOX_SEND_TIME_LIMIT_SECONDS
from outbox import delivery, sweep

# The stuck-send wait (AutomationSettings.stuck_sending_minutes, 3 by default) is validated and
# clamped to never be shorter than this hard time limit, so the sweep never re-queues a live send.
SEND_TIME_LIMIT = OUTBOX_SEND_TIME_LIMIT_SECONDS


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=10,
    soft_time_limit=60,
    time_limit=SEND_TIME_LIMIT,
)
def send_outbound_message(self, message_id: int) -> str:
    """Send one queued outbound message; transient provider errors retry with exponential backoff."""
    result = delivery.deliver_message(message_id, task_id=self.request.id or "")
    if result.retry_in is not None:
        if self.request.is_eager:
            # Eager mode (tests, no broker): retry at once in-process; a raised Retry would
            # propagate to the caller as an error. The attempt cap in the row bounds the loop.
            return self.apply(
                args=(message_id,), task_id=self.request.id, retries=self.request.retries + 1
            ).result
        # A short countdown (<= 5 min) is fine on Redis: far below its visibility timeout. If the
        # retry message is lost anyway, the sweep re-queues the row (it is `queued` with a past
        # next_attempt_at) and the claim keeps the send single.
        raise self.retry(countdown=result.retry_in)
    return result.outcome


@shared_task(acks_late=True, time_limit=600)
def requeue_stuck_messages() -> int:
    return sweep.requeue_stuck_messages()
