"""The outbox: every outbound message is a row, sent after commit by a Celery task.

(Foundation version: rows are queued; the automation issue adds the senders, retries and rules.)
"""

from __future__ import annotations

from django.db import transaction

from automation.models import OutboundMessage


def queue_message(
    *,
    channel: str,
    recipient: str,
    purpose: str,
    body: str = "",
    subject: str = "",
    html_body: str = "",
    template_name: str = "",
    template_language: str = "",
    template_params: list | None = None,
    lead=None,
    inquiry=None,
    campaign=None,
    by=None,
    dedup_key: str | None = None,
) -> OutboundMessage:
    """Store one outbound message and send it after the surrounding transaction commits."""
    message = OutboundMessage.objects.create(
        channel=channel,
        recipient=recipient,
        purpose=purpose,
        body=body,
        subject=subject,
        html_body=html_body,
        template_name=template_name,
        template_language=template_language,
        template_params=template_params or [],
        lead=lead,
        inquiry=inquiry,
        campaign=campaign,
        created_by=by,
        dedup_key=dedup_key,
    )
    transaction.on_commit(lambda: _enqueue_send(message.pk))
    return message


def _enqueue_send(message_id: int) -> None:
    from automation.tasks import send_outbound_message

    send_outbound_message.delay(message_id)


def send_welcome(lead) -> None:
    """Queue the welcome email and/or WhatsApp for a new lead (SOP 03 stage 2.1), exactly once."""


def apply_provider_status(*, provider_message_id: str, status: str, at=None, error_code: str = "", error: str = "", outbox_id: int | None = None) -> OutboundMessage | None:
    """Apply a provider status callback (sent/delivered/read/failed) without moving backwards."""
    return None
