"""The outbox: every outbound message is a row, sent after commit by a Celery task.

Writes here: queue a message (with the WhatsApp 24-hour rule and marketing consent applied),
provider status callbacks, retry of failed rows, cancelling queued marketing sends, alerts.
Sending itself (claim, provider call, retry decision) is in `outbox.delivery`.

The outbox knows no SOP and imports no domain app: a send that fails for a domain reason (outside
the WhatsApp window, recipient unreachable) is recorded on the row and announced through
`outbox.events`; the owning app (leads) reacts in its registered handler.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import NamedTuple

from django.conf import settings
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone, translation

from core.models import Alert, MessageDirection, ResponseTemplate, UsedIn
from core.placeholders import fill_placeholders, placeholder_values
from core.template_library.services import record_template_use
from core.texts import StoredText
from core.type_aliases import Actor, DomainRow
from outbox import events, selectors, senders, texts
from outbox.models import (
    STATUS_RANK,
    OutboundChannel,
    OutboundMessage,
    OutboundStatus,
    Purpose,
    WhatsAppTemplate,
)

WHATSAPP_WINDOW = timedelta(hours=24)
OUTSIDE_WINDOW_CODE = "outside_window"
# A person's words to an inquirer are never swapped for a template behind the agent's back: the
# inbox decides what goes out before queueing (the agent picks the template), so such a row that
# meets a closed window fails visibly instead.
NEVER_SUBSTITUTED = frozenset({Purpose.REPLY, Purpose.SURVEY})


def is_substitutable(message: OutboundMessage) -> bool:
    return not (message.inquiry_id and message.purpose in NEVER_SUBSTITUTED)


class MessageRefused(ValueError):
    """The message may not be queued at all (bad input, or marketing without consent)."""


# --- Queueing ---------------------------------------------------------------------------------


logger = logging.getLogger(__name__)


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
    lead: DomainRow = None,
    inquiry: DomainRow = None,
    campaign: DomainRow = None,
    by: Actor = None,
    dedup_key: str | None = None,
) -> OutboundMessage:
    """Store one outbound message and send it after the surrounding transaction commits.

    Free-form WhatsApp outside the contact's 24-hour window is never sent: it becomes the approved
    template for its purpose, or (without one) a failed row plus a call FollowUp for the lead —
    with zero calls to the API. A `dedup_key` already used returns the existing row unchanged.
    """
    recipient = (recipient or "").strip()
    if channel not in OutboundChannel.values:
        raise MessageRefused(f"Unknown channel {channel!r}")
    if purpose not in Purpose.values:
        raise MessageRefused(f"Unknown purpose {purpose!r}")
    if not recipient:
        raise MessageRefused("A message needs a recipient.")
    if not (body or html_body or template_name):
        raise MessageRefused("A message needs a body or a template.")
    if channel == OutboundChannel.EMAIL and not subject:
        raise MessageRefused("An email needs a subject.")
    if lead is None and inquiry is not None:
        lead = inquiry.lead
    if purpose == Purpose.NEWSLETTER and (lead is None or not lead.has_marketing_consent or lead.is_erased):
        raise MessageRefused("Marketing messages go only to leads who consented.")
    if dedup_key:
        existing = OutboundMessage.objects.filter(dedup_key=dedup_key).first()
        if existing is not None:
            return existing

    message = OutboundMessage(
        channel=channel,
        recipient=recipient,
        purpose=purpose,
        body=body,
        subject=subject,
        html_body=html_body,
        template_name=template_name,
        template_language=template_language or ("id" if template_name else ""),
        template_params=template_params or [],
        lead=lead,
        inquiry=inquiry,
        campaign=campaign,
        created_by=by,
        dedup_key=dedup_key or None,
    )
    outside_window = message.is_free_form_whatsapp and not whatsapp_window_open(lead=lead, inquiry=inquiry)
    if outside_window:
        use_template_or_refuse(message)
    try:
        with transaction.atomic():
            message.save()
    except IntegrityError:
        # Two callers raced on the same dedup key: the first one's row is the message.
        if dedup_key:
            existing = OutboundMessage.objects.filter(dedup_key=dedup_key).first()
            if existing is not None:
                return existing
        raise
    if message.status == OutboundStatus.QUEUED:
        transaction.on_commit(lambda: enqueue_send(message.pk))
    elif outside_window:
        events.notify_unreachable(message)
    return message


def enqueue_send(message_id: int) -> None:
    """Hand the row to a worker. A broker outage must not fail the caller's request: the row stays
    `queued` and the beat sweep `requeue_stuck_messages` enqueues it once the broker is back."""
    # Function-level: outbox.tasks imports outbox.delivery, which imports this module.
    from outbox.tasks import send_outbound_message

    try:
        send_outbound_message.delay(message_id)
    except Exception:  # kombu raises transport-specific errors (OperationalError, OSError, ...)
        logger.warning(
            "Broker unavailable; outbound message %s stays queued for the sweep", message_id, exc_info=True
        )


# --- WhatsApp 24-hour customer-service window ------------------------------------------------


def whatsapp_window_open(
    *, lead: DomainRow = None, inquiry: DomainRow = None, now: datetime | None = None
) -> bool:
    """Free-form WhatsApp is allowed within 24 hours of the contact's last inbound message."""
    now = now or timezone.now()
    last_inbound = lead.last_inbound_whatsapp_at if lead is not None else None
    if last_inbound is None and inquiry is not None:
        last_inbound = inquiry.messages.filter(direction=MessageDirection.INBOUND).aggregate(
            at=Max("sent_at")
        )["at"]
    return last_inbound is not None and now - last_inbound < WHATSAPP_WINDOW


def lead_placeholder_values(lead: DomainRow) -> dict[str, str]:
    """core.placeholders.placeholder_values for a lead (its programme's name when it has one), in the
    office language: a message to a prospect never takes the language of the staff screen that sent it."""
    with translation.override(settings.LANGUAGE_CODE):
        return placeholder_values(
            full_name=lead.full_name, program=lead.program.name if lead.program_id else ""
        )


def template_params_for(template: WhatsAppTemplate, lead: DomainRow) -> list[str]:
    names = [part.strip() for part in template.parameters.split(",") if part.strip()]
    if lead is None:
        return ["" for _name in names]
    values = lead_placeholder_values(lead)
    return [values[name] if name in values else str(getattr(lead, name, "") or "") for name in names]


def use_template_or_refuse(message: OutboundMessage) -> bool:
    """Turn an unsaved or claimed free-form WhatsApp into its purpose's approved template.

    Without an active template the row is marked failed (`outside_window`); the caller flags the
    lead for a call. Returns True when a template was applied.
    """
    template = selectors.template_for(message.purpose) if is_substitutable(message) else None
    if template is not None:
        message.template_name = template.name
        message.template_language = template.language
        message.template_params = template_params_for(template, message.lead)
        return True
    message.status = OutboundStatus.FAILED
    message.failed_at = timezone.now()
    message.error_code = OUTSIDE_WINDOW_CODE
    for name, value in texts.error_fields(texts.OUTSIDE_WINDOW.stored()).items():
        setattr(message, name, value)
    return False


# --- Texts from templates ---------------------------------------------------------------------


def render_email(name: str, context: dict) -> tuple[str, str, str]:
    """Subject, text and HTML of `templates/emails/<name>_*`, in the office language."""
    context = {"public_base_url": settings.PUBLIC_BASE_URL, **context}
    with translation.override(settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string(f"emails/{name}_subject.txt", context).split())
        body = render_to_string(f"emails/{name}_body.txt", context)
        html = render_to_string(f"emails/{name}_body.html", context)
    return subject, body, html


class ApprovedText(NamedTuple):
    subject: str
    body: str
    template: ResponseTemplate  # its approved_version_id is the version the text came from


def approved_text(kind: str, lead: DomainRow) -> ApprovedText | None:
    """(subject, body, template) of the newest Kadiv-approved ResponseTemplate of `kind` for the
    lead's track (a track-specific one first), placeholders filled; None when Kadiv has approved none.
    Only the approved version's text is read: a draft revision never reaches a prospect."""
    template = (
        ResponseTemplate.objects.approved()
        .of_kind(kind)
        .filter(track__in=["", lead.track])
        .select_related("approved_version")
        .order_by("-track", "-approved_at")
        .first()
    )
    if template is None:
        return None
    # Sent without a person reading it first: no placeholder may reach the prospect empty.
    return ApprovedText(
        template.subject, fill_placeholders(template.body, lead_placeholder_values(lead)), template
    )


def record_send(approved: ApprovedText | None, message: OutboundMessage | None) -> None:
    """Count the approved template version carried by an outbox row (library usage counts)."""
    if approved is None or message is None:
        return
    record_template_use(
        approved.template,
        used_in=UsedIn.SEND,
        object_type="automation.outboundmessage",
        object_id=message.pk,
        by=message.created_by,
    )


def library_whatsapp_template(
    approved: ApprovedText | None, lead: DomainRow
) -> tuple[str, str, list[str]] | None:
    """(name, language, parameters) of the Meta template named by the approved version, if any."""
    if approved is None:
        return None
    version = approved.template.approved_version
    if version is None or not version.whatsapp_template_name:
        return None
    values = lead_placeholder_values(lead)
    params = [values.get(name, "") for name in version.parameter_names]
    return version.whatsapp_template_name, version.whatsapp_language or approved.template.language, params


# --- Provider status callbacks -----------------------------------------------------------------

_TIMESTAMP_FIELD = {
    OutboundStatus.SENT: "sent_at",
    OutboundStatus.DELIVERED: "delivered_at",
    OutboundStatus.READ: "read_at",
    OutboundStatus.FAILED: "failed_at",
}


def apply_provider_status(
    *,
    provider_message_id: str,
    status: str,
    at: datetime | None = None,
    error_code: str = "",
    error: str = "",
    outbox_id: int | None = None,
) -> OutboundMessage | None:
    """Apply a provider status callback (sent/delivered/read/failed) without moving backwards.

    Finds the row by our outbox id (`biz_opaque_callback_data`) first, then by the provider id;
    unknown messages and statuses are ignored (None). Read then a late delivered stays read.
    """
    if status not in _TIMESTAMP_FIELD:
        return None
    at = at or timezone.now()
    message = None
    if outbox_id not in (None, ""):
        try:
            message = OutboundMessage.objects.filter(pk=int(outbox_id)).first()
        except (TypeError, ValueError):
            message = None
    if message is None and provider_message_id:
        message = OutboundMessage.objects.filter(provider_message_id=provider_message_id).first()
    if message is None:
        return None
    rows = OutboundMessage.objects.filter(pk=message.pk)
    # The worker may have died after the provider accepted and before it saved the id.
    if (
        provider_message_id
        and not message.provider_message_id
        and not OutboundMessage.objects.filter(provider_message_id=provider_message_id).exists()
    ):
        rows.filter(provider_message_id__isnull=True).update(provider_message_id=provider_message_id)
    if status == OutboundStatus.FAILED:
        moved = rows.filter(
            status__in=[OutboundStatus.QUEUED, OutboundStatus.SENDING, OutboundStatus.SENT]
        ).update(
            status=OutboundStatus.FAILED,
            failed_at=at,
            error_code=str(error_code or "")[:20],
            **(
                texts.error_fields(raw=error) if error else texts.error_fields(texts.PROVIDER_FAILED.stored())
            ),
        )
        if moved and str(error_code) == str(senders.WA_OUTSIDE_WINDOW) and message.lead_id:
            handle_outside_window_failure(message)
    else:
        new_status = OutboundStatus(status)
        lower = [value for value, rank in STATUS_RANK.items() if rank < STATUS_RANK[new_status]]
        field = _TIMESTAMP_FIELD[new_status]
        moved = rows.filter(status__in=lower).update(status=status, **{field: at})
        if not moved:
            rows.filter(**{f"{field}__isnull": True}).exclude(status=OutboundStatus.FAILED).update(
                **{field: at}
            )
    message.refresh_from_db()
    return message


def handle_outside_window_failure(message: OutboundMessage) -> OutboundMessage | None:
    """WhatsApp answered 131047 (outside the window): send the approved template, else announce the
    message as unreachable (the leads app flags a call). An inquiry reply is never substituted: the
    inbox decides what goes out before queueing, so it stays failed and visible."""
    if message.template_name or message.lead is None or not is_substitutable(message):
        events.notify_unreachable(message)
        return None
    template = selectors.template_for(message.purpose)
    if template is None:
        events.notify_unreachable(message)
        return None
    return queue_message(
        channel=OutboundChannel.WHATSAPP,
        recipient=message.recipient,
        purpose=message.purpose,
        template_name=template.name,
        template_language=template.language,
        template_params=template_params_for(template, message.lead),
        lead=message.lead,
        inquiry=message.inquiry,
        campaign=message.campaign,
        dedup_key=f"wa-template:{message.pk}",
    )


# --- Staff actions, consent withdrawal, alerts --------------------------------------------------------------


def retry_message(message: OutboundMessage, *, by: Actor) -> bool:
    """Put a failed message back in the queue with fresh attempts; False when it was not failed."""
    with transaction.atomic():
        moved = OutboundMessage.objects.filter(pk=message.pk, status=OutboundStatus.FAILED).update(
            status=OutboundStatus.QUEUED,
            attempts=0,
            failed_at=None,
            **texts.error_fields(),
            error_code="",
            claim_task_id="",
            next_attempt_at=None,
        )
        if moved:
            transaction.on_commit(lambda: enqueue_send(message.pk))
    return bool(moved)


def cancel_marketing_sends(lead: DomainRow) -> int:
    """Cancel every queued marketing message of the lead (consent withdrawn)."""
    return OutboundMessage.objects.filter(
        lead=lead, purpose=Purpose.NEWSLETTER, status=OutboundStatus.QUEUED
    ).update(status=OutboundStatus.CANCELLED, **texts.error_fields(texts.CONSENT_WITHDRAWN.stored()))


def mark_alert_read(alert: Alert, *, by: Actor) -> None:
    Alert.objects.filter(pk=alert.pk, recipient=by, read_at__isnull=True).update(read_at=timezone.now())


def create_alert(
    *, key: str, recipient: User | None, text: StoredText, topic: str = "", url: str = "", now: datetime
) -> bool:
    """An alert for one user, created once per key; False when the key was already used.

    `text` is shown in the reader's language; `topic` names the cause, which `resolve_alerts`
    clears when it is gone."""
    try:
        with transaction.atomic():
            _alert, created = Alert.objects.get_or_create(
                key=key[:120],
                defaults={
                    "recipient": recipient,
                    "code": text.code,
                    "params": text.params,
                    "message": text.text,
                    "topic": topic[:60],
                    "url": url,
                    "created_at": now,
                },
            )
    except IntegrityError:
        return False
    return created


def resolve_alerts(*topics: str, now: datetime | None = None) -> int:
    """Resolve the open alerts about `topics` (their cause is gone: answered, closed, done); the count."""
    if not topics:
        return 0
    return Alert.objects.filter(topic__in=topics, resolved_at__isnull=True).update(
        resolved_at=now or timezone.now()
    )
