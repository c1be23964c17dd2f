"""Inbound side of the inbox: raw webhook storage, processing, threading into inquiries, leads."""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import logging
import os
import queue
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

from django.conf import settings
from django.db import IntegrityError, OperationalError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError as KombuOperationalError

from core import changes, touches
from core.calendar import get_calendar
from core.type_aliases import Actor
from inquiries import policies, sla, texts, webhooks
from inquiries.models import (
    ACTIVE_STATUSES,
    Category,
    Channel,
    Direction,
    Inquiry,
    InquiryStatus,
    Message,
    WebhookEvent,
)
from inquiries.services.workflow import transition_inquiry
from inquiries.triage import CategoryRule, parse_keywords, suggest
from leads import services as lead_services
from leads.models import Lead, LeadSource, LeadStatus
from leads.phones import InvalidPhoneNumber, normalize_phone
from outbox import services as outbox_services

T = TypeVar("T")
logger = logging.getLogger(__name__)

SOURCE_WHATSAPP = "whatsapp"
SOURCE_META = "meta"
STALE_AFTER = timedelta(minutes=1)
PROCESS_HARD_TIME_LIMIT = 150  # seconds; inquiries.tasks.process_webhook_event is killed after this


def stuck_after() -> timedelta:
    """How long a PROCESSING event waits before the sweep takes it back: WEBHOOK_STUCK_AFTER_MINUTES
    (default 3), never shorter than the task's hard time limit (a live worker is never overtaken)."""
    return max(
        timedelta(minutes=settings.WEBHOOK_STUCK_AFTER_MINUTES), timedelta(seconds=PROCESS_HARD_TIME_LIMIT)
    )


LOCK_RETRIES = 5


# --- Raw events ----------------------------------------------------------------------------------

# The acknowledgement path is one statement in autocommit: no ORM instance, no transaction block.
# A redelivery of the same bytes hits the unique digest and stores nothing (idempotent).
_INSERT_EVENT = (
    "INSERT INTO inquiries_webhookevent"
    " (source, body, digest, received_at, state, attempts, error, is_test, processed_at)"
    " VALUES (%s, %s, %s, %s, %s, 0, %s, %s, %s) ON CONFLICT (digest) DO NOTHING"
)
# One drain task per web process per window at most: under load every request in the window is
# covered by the drain already queued to start at the window's end (after their commits).
DRAIN_WINDOW = 0.2  # seconds
DRAIN_CHUNK = 50  # events claimed per statement
DRAIN_BUDGET = 60.0  # seconds a drain task works before it hands the rest to a fresh task
_drain_lock = threading.Lock()
_drain_scheduled_until = 0.0


def event_digest(*, source: str, body: bytes) -> bytes:
    return hashlib.sha256(source.encode() + b"\n" + body).digest()


def payload_problem(body: bytes) -> str:
    """Why a signed body cannot be a platform event ("" when it can): not JSON, or no entry list."""
    try:
        payload = json.loads(body)
    except ValueError as exc:  # JSONDecodeError and UnicodeDecodeError
        return f"not JSON: {exc}"
    if not isinstance(payload, dict) or not isinstance(payload.get("entry"), list):
        return "not a platform event: a JSON object with an entry list is expected"
    return ""


def receive_webhook(*, source: str, body: bytes, problem: str = "") -> bool:
    """Store a verified raw body durably (once per distinct body), then ring the drain after commit.

    With a `problem` the body is kept FAILED for inspection and not processed. Returns False for a
    redelivery of a body already stored."""
    now = timezone.now()
    params = [
        source,
        body,
        event_digest(source=source, body=body),
        connection.ops.adapt_datetimefield_value(now),
        WebhookEvent.State.FAILED if problem else WebhookEvent.State.PENDING,
        f"unparseable payload: {problem}"[:10000] if problem else "",
        False,
        connection.ops.adapt_datetimefield_value(now) if problem else None,
    ]
    with connection.cursor() as cursor:
        cursor.execute(_INSERT_EVENT, params)
        stored = cursor.rowcount == 1
    if stored and not problem:
        transaction.on_commit(ring_drain)
    return stored


def ring_drain() -> None:
    """Make sure a drain task starts after this moment: queue one unless this process already queued
    one that starts later. The publish happens on this process's doorbell thread, so no request
    waits on the broker. Eager Celery (tests, `CELERY_TASK_ALWAYS_EAGER`) drains at once."""
    global _drain_scheduled_until
    # Function-level: inquiries.tasks imports this module at its top (the task calls the service).
    from inquiries.tasks import drain_webhook_events

    if drain_webhook_events.app.conf.task_always_eager:
        try:
            drain_webhook_events.apply_async()
        except (OSError, KombuOperationalError):  # a broker outage simulated in tests
            logger.warning("Broker unavailable: webhook events stay pending for the sweeper", exc_info=True)
        return
    now = time.time()
    with _drain_lock:
        if now < _drain_scheduled_until:
            return  # the drain queued for the end of this window will see the row just committed
        _drain_scheduled_until = now + DRAIN_WINDOW
        eta = datetime.fromtimestamp(_drain_scheduled_until, tz=UTC)
        _doorbell_thread()
    doorbell.put(eta)


doorbell: queue.Queue[datetime] = queue.Queue()
_doorbell_pid = 0


def _doorbell_thread() -> None:
    """Start this process's publisher thread once (again in a forked child). Caller holds _drain_lock."""
    global _doorbell_pid
    if _doorbell_pid != os.getpid():
        _doorbell_pid = os.getpid()
        threading.Thread(target=_publish_forever, name="webhook-drain-doorbell", daemon=True).start()


def _publish_forever() -> None:
    while True:
        eta = doorbell.get()
        try:
            publish_drain(eta)
        finally:
            doorbell.task_done()


def publish_drain(eta: datetime) -> None:
    """Queue a drain task to start at `eta`. With the broker down the publish gives up at once: its
    own connection with no connect retries (kombu's default retries for seconds) and no publish
    retry. The events stay PENDING and the beat sweep processes them."""
    from inquiries.tasks import drain_webhook_events

    app = drain_webhook_events.app
    try:
        options = {**(app.conf.broker_transport_options or {}), "max_retries": 0}
        with app.connection_for_write(transport_options=options) as broker:
            drain_webhook_events.apply_async(eta=eta, connection=broker, retry=False)
    except Exception:  # kombu/redis raise many types when the broker is down
        logger.warning("Broker unavailable: webhook events stay pending for the sweeper", exc_info=True)


def claim_pending_events(*, limit: int) -> list[int]:
    """Mark up to `limit` PENDING events PROCESSING for this worker and return their ids (oldest first).

    PostgreSQL: SELECT ... FOR UPDATE SKIP LOCKED inside one transaction, so two drains claim
    disjoint chunks without waiting on each other. SQLite has one writer at a time: each row is
    claimed by a conditional update whose row count says whether this worker won it."""
    now = timezone.now()
    pending = WebhookEvent.objects.filter(state=WebhookEvent.State.PENDING).order_by("pk")
    claim = {"state": WebhookEvent.State.PROCESSING, "claimed_at": now, "attempts": F("attempts") + 1}
    if connection.features.has_select_for_update_skip_locked:
        with transaction.atomic():
            ids = list(pending.select_for_update(skip_locked=True).values_list("pk", flat=True)[:limit])
            if ids:
                WebhookEvent.objects.filter(pk__in=ids).update(**claim)
        return ids
    candidates = list(pending.values_list("pk", flat=True)[:limit])
    return [
        pk
        for pk in candidates
        if WebhookEvent.objects.filter(pk=pk, state=WebhookEvent.State.PENDING).update(**claim)
    ]


def drain_webhook_events(*, budget: float | None = None, chunk: int | None = None) -> tuple[int, bool]:
    """Process PENDING events in claimed chunks until none is left or `budget` seconds have passed
    (default DRAIN_BUDGET, chunks of DRAIN_CHUNK).

    Returns (events processed, whether events were left for another run)."""
    deadline = time.monotonic() + (DRAIN_BUDGET if budget is None else budget)
    chunk = chunk or DRAIN_CHUNK
    done = 0
    while True:
        ids = claim_pending_events(limit=chunk)
        events = WebhookEvent.objects.in_bulk(ids)  # one query for the chunk's bodies
        for event_id in ids:
            _process_claimed(events[event_id])
        done += len(ids)
        # A short chunk means the end of the queue, unless another drain won some of its rows (SQLite
        # claims row by row; PostgreSQL skips rows another drain has locked): look before stopping.
        if len(ids) < chunk and not WebhookEvent.objects.filter(state=WebhookEvent.State.PENDING).exists():
            return done, False
        if not ids:
            time.sleep(0.05)  # the rows left are being claimed by another drain right now
        if time.monotonic() >= deadline:
            return done, True


def process_webhook_event(event_id: int) -> WebhookEvent | None:
    """Claim one stored event and process every entry, change, message and status in it."""
    now = timezone.now()
    claimed = WebhookEvent.objects.filter(
        Q(state=WebhookEvent.State.PENDING)
        | Q(state=WebhookEvent.State.PROCESSING, claimed_at__lt=now - stuck_after()),
        pk=event_id,
    ).update(state=WebhookEvent.State.PROCESSING, claimed_at=now, attempts=F("attempts") + 1)
    if not claimed:
        return None  # already processed, or another worker holds it
    return _process_claimed(WebhookEvent.objects.get(pk=event_id))


def _process_claimed(event: WebhookEvent) -> WebhookEvent:
    """Parse and apply an event this worker has marked PROCESSING."""
    event_id = event.pk
    try:
        payload = _without_nul(json.loads(bytes(event.body)))
        parse = webhooks.parse_whatsapp if event.source == SOURCE_WHATSAPP else webhooks.parse_meta
        events = [_fit_columns(item) for item in parse(payload, received_at=event.received_at)]
    except (
        ValueError,
        webhooks.PayloadError,
    ) as exc:  # JSONDecodeError and UnicodeDecodeError are ValueErrors
        return _finish(event, WebhookEvent.State.FAILED, f"unparseable payload: {exc}")
    errors = []
    for index, item in enumerate(events):
        try:
            _with_lock_retries(functools.partial(_apply, item))
        except Exception as exc:  # one bad item must not lose the rest of a 1000-item batch
            logger.exception("Webhook event %s item %s failed", event_id, index)
            errors.append(f"item {index}: {exc.__class__.__name__}: {exc}")
    ignored = [f"ignored: {item.reason}" for item in events if isinstance(item, webhooks.Ignored)]
    if any(isinstance(item, webhooks.Ignored) and item.reason == webhooks.TEST_EVENT for item in events):
        WebhookEvent.objects.filter(pk=event.pk).update(is_test=True)
    if errors:
        return _finish(event, WebhookEvent.State.FAILED, "\n".join(errors + ignored))
    return _finish(event, WebhookEvent.State.PROCESSED, "\n".join(ignored))


def _without_nul(value: Any) -> Any:
    """The payload with NUL characters dropped (PostgreSQL text cannot hold them; nobody types one)."""
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, list):
        return [_without_nul(item) for item in value]
    if isinstance(value, dict):
        return {_without_nul(key): _without_nul(item) for key, item in value.items()}
    return value


def _fit_columns(item: webhooks.Event) -> webhooks.Event:
    """An item whose ids cannot fit their columns is ignored (no real platform id is that long);
    names and types are cut to their columns."""
    if isinstance(item, webhooks.InboundMessage):
        if len(item.platform_message_id) > 200 or len(item.contact_key) > 160:
            return webhooks.Ignored("message id or sender id longer than any platform id", {})
        return dataclasses.replace(item, contact_name=item.contact_name[:160], handle=item.handle[:80])
    if isinstance(item, webhooks.StatusUpdate) and len(item.provider_message_id) > 200:
        return webhooks.Ignored("status for a message id longer than any platform id", {})
    return item


def _finish(event: WebhookEvent, state: str, error: str) -> WebhookEvent:
    event.state, event.error, event.processed_at = state, error[:10000], timezone.now()
    event.save(update_fields=["state", "error", "processed_at"])
    return event


def _with_lock_retries(func: Callable[[], T]) -> T:
    """SQLite reports concurrent writers as 'database is locked'; PostgreSQL deadlocks similarly."""
    for attempt in range(LOCK_RETRIES):
        try:
            return func()
        except OperationalError:
            if attempt == LOCK_RETRIES - 1:
                raise
            time.sleep(0.05 * (attempt + 1))
    raise AssertionError("unreachable: the last attempt returns or raises")


def _apply(item: webhooks.InboundMessage | webhooks.StatusUpdate | webhooks.Ignored) -> None:
    if isinstance(item, webhooks.InboundMessage):
        record_inbound_message(item)
    elif isinstance(item, webhooks.StatusUpdate):
        outbox_services.apply_provider_status(
            provider_message_id=item.provider_message_id,
            status=item.status,
            at=item.at,
            error_code=item.error_code,
            error=item.error,
            outbox_id=item.outbox_id,
        )


def process_pending_webhook_events(*, older_than: timedelta = STALE_AFTER, limit: int = 500) -> int:
    """Reprocess events left PENDING (broker was down) or stuck PROCESSING; returns how many ran."""
    now = timezone.now()
    ids = list(
        WebhookEvent.objects.filter(
            Q(state=WebhookEvent.State.PENDING, received_at__lte=now - older_than)
            | Q(state=WebhookEvent.State.PROCESSING, claimed_at__lt=now - stuck_after())
        )
        .order_by("received_at")
        .values_list("pk", flat=True)[:limit]
    )
    return sum(1 for event_id in ids if process_webhook_event(event_id) is not None)


# --- Messages and inquiries ----------------------------------------------------------------------


def record_inbound_message(
    item: webhooks.InboundMessage, *, email: str = "", by: Actor = None, lead_source: str = ""
) -> Message | None:
    """Thread one platform message into its contact's open inquiry; None for a duplicate delivery."""
    if (
        item.platform_message_id
        and Message.objects.filter(platform_message_id=item.platform_message_id).exists()
    ):
        return None
    with transaction.atomic():
        inquiry, created = open_inquiry_for(
            channel=item.channel,
            contact_key=item.contact_key,
            contact_name=item.contact_name,
            received_at=item.sent_at,
            text=item.text,
        )
        try:
            with transaction.atomic():
                message = Message.objects.create(
                    inquiry=inquiry,
                    direction=Direction.INBOUND,
                    type=item.type,
                    text=item.text,
                    platform_message_id=item.platform_message_id or None,
                    sent_at=item.sent_at,
                    raw=item.raw,
                )
        except IntegrityError:
            return None  # the same message delivered concurrently: the other delivery stored it
        _after_inbound(inquiry, item, email=email, by=by, lead_source=lead_source)
        if created and inquiry.assignee_id is None:
            from inquiries.services.team import auto_assign

            auto_assign(inquiry)
        from inquiries.services.media import enqueue_media_fetch

        enqueue_media_fetch(message)
    _report_touch(inquiry, item)
    return message


def _report_touch(inquiry: Inquiry, item: webhooks.InboundMessage) -> None:
    """Let the apps above attribute the inquiry (a quoted content code, a comment on a known post)."""
    raw = item.raw if isinstance(item.raw, dict) else {}
    media = raw.get("media")
    # Instagram comments name the post in media.id, Facebook feed comments in post_id.
    media_id = str((media.get("id") if isinstance(media, dict) else "") or raw.get("post_id") or "")
    touches.report(
        touches.Touch(
            via="comment" if item.type == "comment" else "message",
            lead_id=inquiry.lead_id,
            inquiry_id=inquiry.pk,
            text=f"{item.text} {item.referral}".strip(),  # a click-to-WhatsApp ad's URL may carry the code
            media_id=media_id,
        )
    )


def open_inquiry_for(
    *, channel: str, contact_key: str, contact_name: str, received_at: datetime, text: str = ""
) -> tuple[Inquiry, bool]:
    """The contact's one open inquiry on this channel, created if needed (the loser of a race re-fetches)."""
    existing = Inquiry.objects.filter(
        channel=channel, contact_key=contact_key, status__in=ACTIVE_STATUSES
    ).first()
    if existing is not None:
        return existing, False
    calendar = get_calendar()
    first_due = sla.first_response_due(calendar, received_at)
    suggestion = suggest_triage(text)
    try:
        with transaction.atomic():
            inquiry = Inquiry.objects.create(
                channel=channel,
                contact_key=contact_key,
                contact_name=contact_name[:160],
                subject=(text or "")[:200],
                received_at=received_at,
                last_message_at=received_at,
                first_response_due=first_due,
                resolution_due=sla.resolution_due(calendar, received_at),
                sla_due_at=first_due,
                suggested_level=suggestion[1] if suggestion else None,
                suggested_category=suggestion[0] if suggestion else None,
            )
    except IntegrityError:
        return Inquiry.objects.get(
            channel=channel, contact_key=contact_key, status__in=ACTIVE_STATUSES
        ), False
    return inquiry, True


def suggest_triage(text: str) -> tuple[Category, int] | None:
    categories = {c.pk: c for c in Category.objects.filter(is_active=True)}
    rules = [CategoryRule(pk, c.level, parse_keywords(c.keywords)) for pk, c in categories.items()]
    found = suggest(text, rules)
    return (categories[int(found.key)], found.level) if found else None


def _after_inbound(
    inquiry: Inquiry, item: webhooks.InboundMessage, *, email: str, by: Actor, lead_source: str
) -> None:
    updates: dict[str, object] = {}
    if inquiry.last_message_at is None or item.sent_at > inquiry.last_message_at:
        updates["last_message_at"] = item.sent_at
    if item.sent_at < inquiry.received_at:  # an older message delivered late moves the receipt back
        calendar = get_calendar()
        updates["received_at"] = item.sent_at
        updates["first_response_due"] = sla.first_response_due(calendar, item.sent_at)
        updates["resolution_due"] = sla.resolution_due(calendar, item.sent_at)
        updates["sla_due_at"] = (
            updates["first_response_due"] if inquiry.first_response_at is None else updates["resolution_due"]
        )
    if not inquiry.contact_name and item.contact_name:
        updates["contact_name"] = item.contact_name[:160]
    if updates:
        Inquiry.objects.filter(pk=inquiry.pk).update(**updates)
        for name, value in updates.items():
            setattr(inquiry, name, value)
        if "received_at" in updates:  # may change which inquiry was the lead's first
            changes.leads_changed([inquiry.lead_id])
    if inquiry.status == InquiryStatus.ANSWERED and item.platform_message_id:
        transition_inquiry(inquiry, to=InquiryStatus.OPEN, by=None, note=_("Pesan baru dari penanya"))
    if inquiry.lead_id is None:
        lead = match_or_create_lead(inquiry, item, email=email, by=by, source=lead_source)
        Inquiry.objects.filter(pk=inquiry.pk).update(lead=lead)
        inquiry.lead = lead
        changes.leads_changed([lead.pk])  # its first contact may be this inquiry
    if item.channel == Channel.WHATSAPP and inquiry.lead_id:
        Lead.objects.filter(pk=inquiry.lead_id).filter(
            Q(last_inbound_whatsapp_at__isnull=True) | Q(last_inbound_whatsapp_at__lt=item.sent_at)
        ).update(last_inbound_whatsapp_at=item.sent_at)
    policies.send_auto_reply_if_closed(inquiry, received_at=item.sent_at)


def match_or_create_lead(
    inquiry: Inquiry, item: webhooks.InboundMessage, *, email: str = "", by: Actor = None, source: str = ""
) -> Lead:
    """The inquirer's lead: an earlier inquiry's, one owning the contact, else a new `inquired` lead."""
    previous = (
        Inquiry.objects.filter(channel=inquiry.channel, contact_key=inquiry.contact_key, lead__isnull=False)
        .exclude(pk=inquiry.pk)
        .select_related("lead")
        .order_by("-received_at")
        .first()
    )
    if previous is not None and previous.lead is not None:
        return previous.lead
    raw_phone = item.phone
    try:
        phone_e164 = normalize_phone(raw_phone) if raw_phone else ""
    except InvalidPhoneNumber:
        phone_e164 = ""
    contacts: dict[str, Any] = {
        "whatsapp": phone_e164 if inquiry.channel == Channel.WHATSAPP else "",
        "phone": phone_e164 if inquiry.channel != Channel.WHATSAPP else "",
        "email": email,
        "instagram": item.handle,
        "facebook": item.psid,
    }
    lead = lead_services.find_existing_lead(**contacts)
    if lead is None:
        name = (
            inquiry.contact_name
            or item.handle
            or _("Penanya %(channel)s") % {"channel": inquiry.get_channel_display()}
        )
        result = lead_services.create_lead(
            full_name=name,
            status=LeadStatus.INQUIRED,
            source=source
            or (LeadSource.WEBSITE if inquiry.channel == Channel.WEBSITE else LeadSource.SOCIAL_MEDIA),
            source_detail=item.referral[:200],
            obtained_at=inquiry.received_at,
            by=by,
            **contacts,
        )
        lead = result.lead
    if lead.status == LeadStatus.NEW:
        lead = lead_services.transition_lead(
            lead,
            to=LeadStatus.INQUIRED,
            by=by,
            note=texts.INQUIRED_VIA.stored(channel=inquiry.channel),
        )
    return lead
