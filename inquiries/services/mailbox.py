"""Inbound email (ITB care center step 2): the office mailbox, polled over IMAP by a beat job.

Each new message becomes (or joins) the sender's inquiry of channel email; its Message-ID is the
platform message id, so fetching the same message twice stores it once. A message that cannot be
used (no sender address, unparsable) is skipped and flagged so it is not fetched again; the poll goes
on. Replies go out by email in the same thread: `thread_headers` gives In-Reply-To / References
and the outbox adds them when it sends (registered in inquiries.apps).
"""

from __future__ import annotations

import contextlib
import email
import email.policy
import imaplib
import logging
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.utils import getaddresses, parsedate_to_datetime

from django.conf import settings
from django.utils import timezone

from inquiries.models import Channel, Direction, Inquiry, Message
from inquiries.webhooks import InboundMessage
from outbox.models import OutboundMessage

logger = logging.getLogger(__name__)
SKIPPED_FLAG = "$PmbSkipped"
MAX_TEXT = 20_000


@dataclass
class PollResult:
    fetched: int = 0
    stored: int = 0
    duplicates: int = 0
    skipped: int = 0


def _connect() -> imaplib.IMAP4:
    host, port = settings.INBOUND_IMAP_HOST or "", settings.INBOUND_IMAP_PORT
    timeout = settings.INBOUND_IMAP_TIMEOUT
    if settings.INBOUND_IMAP_SSL:
        return imaplib.IMAP4_SSL(host, port, timeout=timeout)
    return imaplib.IMAP4(host, port, timeout=timeout)


def _body_text(parsed: EmailMessage) -> str:
    part = parsed.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    text = part.get_content()
    if part.get_content_type() == "text/html":
        from django.utils.html import strip_tags

        text = strip_tags(text)
    return text.strip()[:MAX_TEXT]


def parse_email(raw: bytes, *, now: datetime | None = None) -> InboundMessage | None:
    """The inbound message of one RFC 5322 email; None when it has no usable sender."""
    try:
        parsed = email.message_from_bytes(raw, policy=email.policy.default)
        addresses = getaddresses([str(parsed.get("From", ""))])
    except Exception:  # the stdlib parser raises many kinds of errors on broken input
        logger.warning("Unparsable email skipped", exc_info=True)
        return None
    name, address = addresses[0] if addresses else ("", "")
    address = (address or "").strip().lower()
    if "@" not in address:
        return None
    message_id = str(parsed.get("Message-ID", "") or "").strip()
    try:
        sent_at = parsedate_to_datetime(str(parsed["Date"])) if parsed.get("Date") else None
        if sent_at is not None and sent_at.tzinfo is None:
            sent_at = None
    except (TypeError, ValueError):
        sent_at = None
    now = now or timezone.now()
    if sent_at is None or sent_at > now:
        sent_at = now
    subject = str(parsed.get("Subject", "") or "").strip()
    try:
        body = _body_text(parsed)
    except Exception:
        logger.warning("Email body unreadable: %s", message_id, exc_info=True)
        body = ""
    text = f"{subject}\n\n{body}".strip() if subject else body
    return InboundMessage(
        channel=Channel.EMAIL,
        contact_key=address[:160],
        contact_name=(name or "").strip()[:160],
        platform_message_id=f"email:{message_id}"[:200] if message_id else "",
        type="text",
        text=text or subject or "(kosong)",
        sent_at=sent_at,
        raw={
            "message_id": message_id,
            "subject": subject,
            "in_reply_to": str(parsed.get("In-Reply-To", "") or ""),
            "references": str(parsed.get("References", "") or ""),
        },
    )


def poll_mailbox() -> PollResult:
    """Fetch the unseen messages of the configured mailbox into inquiries; safe to run twice."""
    from inquiries.services.ingest import record_inbound_message

    result = PollResult()
    if not settings.INBOUND_IMAP_HOST:
        return result
    client = _connect()
    try:
        client.login(settings.INBOUND_IMAP_USER or "", settings.INBOUND_IMAP_PASSWORD or "")
        client.select(settings.INBOUND_IMAP_FOLDER or "INBOX")
        status, data = client.uid("SEARCH", "UNSEEN", "UNKEYWORD", SKIPPED_FLAG)
        uids = data[0].split() if status == "OK" and data and data[0] else []
        for uid in uids:
            status, parts = client.uid("FETCH", uid, "(BODY.PEEK[])")
            raw = next((p[1] for p in parts or [] if isinstance(p, tuple) and len(p) > 1), None)
            result.fetched += 1
            item = parse_email(raw) if raw else None
            if item is None:
                result.skipped += 1
                client.uid("STORE", uid, "+FLAGS", f"(\\Seen {SKIPPED_FLAG})")
                continue
            message = record_inbound_message(item, email=item.contact_key)
            if message is None:
                result.duplicates += 1
            else:
                result.stored += 1
            # Marked seen only after the row is committed: a crash before this fetches it again,
            # and the Message-ID makes that second fetch a duplicate.
            client.uid("STORE", uid, "+FLAGS", "(\\Seen)")
    finally:
        with contextlib.suppress(imaplib.IMAP4.error, OSError):
            client.logout()
    return result


def thread_headers(inquiry: Inquiry) -> dict[str, str]:
    """In-Reply-To and References for an email reply, so it lands in the contact's thread."""
    ids: list[str] = [
        str(raw["message_id"])
        for raw in Message.objects.filter(inquiry=inquiry, direction=Direction.INBOUND)
        .order_by("sent_at", "pk")
        .values_list("raw", flat=True)
        if isinstance(raw, dict) and raw.get("message_id")
    ]
    if not ids:
        return {}
    return {"In-Reply-To": ids[-1], "References": " ".join(ids[-10:])}


def reply_subject(inquiry: Inquiry) -> str:
    first = (
        Message.objects.filter(inquiry=inquiry, direction=Direction.INBOUND)
        .order_by("sent_at", "pk")
        .values_list("raw", flat=True)
        .first()
    )
    subject = first.get("subject", "") if isinstance(first, dict) else ""
    if not subject:
        return ""
    return subject if subject.lower().startswith("re:") else f"Re: {subject}"


def email_reply_headers(outbound: OutboundMessage) -> dict[str, str]:
    """Outbox hook: an email answering an email inquiry carries the thread's headers."""
    if not outbound.inquiry_id or outbound.purpose not in ("reply", "survey", "auto_reply"):
        return {}
    inquiry = Inquiry.objects.filter(pk=outbound.inquiry_id, channel=Channel.EMAIL).first()
    return thread_headers(inquiry) if inquiry is not None else {}
