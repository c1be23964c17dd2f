"""Sending one outbox row: claim it, call the provider, record the outcome, decide on a retry.

Exactly once, as far as the provider allows:
- The row is claimed by a conditional update (queued -> sending, attempts + 1). A duplicate task
  or a second worker finds nothing to claim and sends nothing.
- A redelivery of the *same* Celery task (its worker died; `acks_late` + `reject_on_worker_lost`)
  may take back a row still `sending` under its own task id; any other task may not.
- A worker killed with its whole process tree leaves the row `sending`; the beat sweep
  (`outbox.sweep.requeue_stuck_messages`) re-queues it after `stuck_sending_minutes` (3 by default),
  which is never shorter than the task's hard time limit, so a live send is never re-queued.
- Remaining duplicate window: the provider accepted the request and the worker died before it
  saved the answer. The retry then sends a second copy. WhatsApp carries our outbox id in
  `biz_opaque_callback_data`, so both copies' status callbacks reconcile to the one row.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from core.models import AutomationSettings
from outbox import events, senders, services, texts
from outbox.models import OutboundMessage, OutboundStatus

MAX_BACKOFF_SECONDS = 300  # well below the Redis visibility timeout (3600 s) of countdown tasks


@dataclass
class DeliveryResult:
    outcome: str  # sent | retry | failed | cancelled | skipped
    retry_in: int | None = None


def backoff_seconds(attempt: int, *, base: int, minimum: int = 0) -> int:
    """Exponential backoff after the `attempt`-th try: base, 2*base, 4*base ... capped."""
    return min(max(base * 2 ** max(attempt - 1, 0), minimum), MAX_BACKOFF_SECONDS)


def claim_message(message_id: int, *, task_id: str, max_attempts: int) -> bool:
    claimable = Q(status=OutboundStatus.QUEUED)
    if task_id:
        claimable |= Q(status=OutboundStatus.SENDING, claim_task_id=task_id)
    claimed = OutboundMessage.objects.filter(claimable, pk=message_id, attempts__lt=max_attempts).update(
        status=OutboundStatus.SENDING,
        attempts=F("attempts") + 1,
        claimed_at=timezone.now(),
        claim_task_id=task_id,
    )
    return claimed == 1


def deliver_message(message_id: int, *, task_id: str = "") -> DeliveryResult:
    """Claim the row, send it once, and record sent / retry / failed."""
    config = AutomationSettings.current()
    if not claim_message(message_id, task_id=task_id, max_attempts=config.max_send_attempts):
        OutboundMessage.objects.filter(
            pk=message_id, status=OutboundStatus.QUEUED, attempts__gte=config.max_send_attempts
        ).update(status=OutboundStatus.FAILED, failed_at=timezone.now())
        return DeliveryResult("skipped")
    message = OutboundMessage.objects.select_related("lead", "inquiry").get(pk=message_id)
    rows = OutboundMessage.objects.filter(pk=message_id, status=OutboundStatus.SENDING)

    lead = message.lead
    if message.is_marketing and (lead is None or not lead.has_marketing_consent or lead.is_erased):
        rows.update(status=OutboundStatus.CANCELLED, **texts.error_fields(texts.CONSENT_WITHDRAWN.stored()))
        return DeliveryResult("cancelled")
    if message.is_free_form_whatsapp and not services.whatsapp_window_open(
        lead=lead, inquiry=message.inquiry
    ):
        # The window closed while the message waited (a retry, a slow queue): never call the API.
        if services.use_template_or_refuse(message):
            rows.update(
                template_name=message.template_name,
                template_language=message.template_language,
                template_params=message.template_params,
            )
        else:
            rows.update(
                status=OutboundStatus.FAILED,
                failed_at=message.failed_at,
                error_code=message.error_code,
                last_error=message.last_error,
                last_error_code=message.last_error_code,
                last_error_params=message.last_error_params,
            )
            events.notify_unreachable(message)
            return DeliveryResult("failed")

    try:
        provider_id = senders.send(message, headers=_headers_for(message))
    except senders.SendError as exc:
        return _record_failure(message, exc, config)

    now = timezone.now()
    if not rows.update(
        status=OutboundStatus.SENT,
        sent_at=now,
        provider_message_id=provider_id,
        error_code="",
        **texts.error_fields(),
    ):
        # A status callback (carrying our outbox id) got there first; keep its newer status.
        OutboundMessage.objects.filter(pk=message_id, provider_message_id__isnull=True).update(
            provider_message_id=provider_id
        )
        OutboundMessage.objects.filter(pk=message_id, sent_at__isnull=True).update(sent_at=now)
    return DeliveryResult("sent")


def _error_fields(exc: senders.SendError) -> dict:
    return texts.error_fields(exc.text) if exc.text is not None else texts.error_fields(raw=str(exc)[:1000])


def _record_failure(
    message: OutboundMessage, exc: senders.SendError, config: AutomationSettings
) -> DeliveryResult:
    now = timezone.now()
    rows = OutboundMessage.objects.filter(pk=message.pk, status=OutboundStatus.SENDING)
    if exc.retryable and message.attempts < config.max_send_attempts:
        delay = backoff_seconds(
            message.attempts, base=config.retry_base_seconds, minimum=exc.min_backoff_seconds
        )
        rows.update(
            status=OutboundStatus.QUEUED,
            **_error_fields(exc),
            error_code=exc.code[:20],
            next_attempt_at=now + timedelta(seconds=delay),
            claim_task_id="",
        )
        return DeliveryResult("retry", retry_in=delay)
    moved = rows.update(
        status=OutboundStatus.FAILED, failed_at=now, error_code=exc.code[:20], **_error_fields(exc)
    )
    if moved and exc.code == str(senders.WA_OUTSIDE_WINDOW):
        message.refresh_from_db()
        services.handle_outside_window_failure(message)
    return DeliveryResult("failed")


# Domain apps add headers to outgoing email (the inbox's In-Reply-To threading) without the outbox
# importing them: `register_header_provider(func)`, func(message) -> dict of headers.
HEADER_PROVIDERS: list = []


def register_header_provider(func):
    if func not in HEADER_PROVIDERS:
        HEADER_PROVIDERS.append(func)
    return func


def _headers_for(message: OutboundMessage) -> dict[str, str]:
    headers: dict[str, str] = {}
    if message.channel == "email":
        for provider in HEADER_PROVIDERS:
            headers.update(provider(message) or {})
    if not (message.is_marketing and message.lead is not None):
        return headers
    url = settings.PUBLIC_BASE_URL + reverse("unsubscribe:unsubscribe", args=[message.lead.unsubscribe_token])
    # RFC 8058 one-click unsubscribe: mail providers POST to the URL.
    headers.update({"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"})
    return headers
