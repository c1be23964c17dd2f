"""Webhook payload parsing (pure, no ORM): WhatsApp Cloud API, Messenger and Instagram.

`parse_whatsapp` and `parse_meta` turn one decoded POST body into a flat list of events: every
entry, change, message and status of a batch (Meta sends up to 1000 updates in one POST). Items the
product does not handle are returned as `Ignored` with a reason, never dropped silently; a body
without the envelope raises `PayloadError` so the stored event is kept as FAILED for inspection.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

WHATSAPP = "whatsapp"
INSTAGRAM = "instagram"
FACEBOOK = "facebook"
COMMENT = "comment"

MAX_TYPE_LENGTH = 20
MEDIA_TYPES = ("image", "video", "audio", "document", "sticker")


class PayloadError(ValueError):
    """The body is authentic but not a payload this parser understands."""


@dataclass(frozen=True)
class InboundMessage:
    channel: str
    contact_key: str
    platform_message_id: str
    type: str
    text: str
    sent_at: datetime
    raw: dict
    contact_name: str = ""
    phone: str = ""  # WhatsApp: '+' + wa_id (normalised later)
    handle: str = ""  # Instagram username
    psid: str = ""  # Messenger page-scoped id
    referral: str = ""  # click-to-WhatsApp / ad referral: headline or source URL


@dataclass(frozen=True)
class StatusUpdate:
    provider_message_id: str
    status: str
    at: datetime | None
    recipient: str = ""
    error_code: str = ""
    error: str = ""
    outbox_id: int | None = None


@dataclass(frozen=True)
class Ignored:
    reason: str
    raw: dict = field(default_factory=dict)


Event = InboundMessage | StatusUpdate | Ignored

# Meta's "Send to server" / "Test" button in the app dashboard posts sample payloads whose entry id
# is "0" (WhatsApp: sender "16315551181" named "test user name"; Messenger/Instagram: user "test").
# They are kept as test events and create no lead or inquiry.
TEST_EVENT = "Meta dashboard test event"


def is_test_entry(entry: dict) -> bool:
    return str(entry.get("id", "")) == "0"


def parse_timestamp(value, *, fallback: datetime) -> datetime:
    """Seconds (WhatsApp, strings) or milliseconds (Messenger/Instagram) since the epoch, or ISO 8601."""
    if isinstance(value, str):
        text = value.strip()
        if text.isdigit():
            value = int(text)
        else:
            try:
                parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
            except ValueError:
                return fallback
            return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return fallback
    seconds = value / 1000 if value > 10_000_000_000 else value
    try:
        return datetime.fromtimestamp(seconds, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return fallback


def _entries(payload) -> list[dict]:
    if not isinstance(payload, dict):
        raise PayloadError("payload is not a JSON object")
    entries = payload.get("entry")
    if not isinstance(entries, list):
        raise PayloadError("payload has no 'entry' list")
    return [entry for entry in entries if isinstance(entry, dict)]


def _as_dict(value) -> dict:
    return value if isinstance(value, dict) else {}


def _as_list(value) -> list:
    return value if isinstance(value, list) else []


# --- WhatsApp Cloud API -------------------------------------------------------------------------


def _whatsapp_text(message: dict, kind: str) -> str:
    body = _as_dict(message.get(kind))
    if kind == "text":
        return str(body.get("body", ""))
    if kind in MEDIA_TYPES:
        return str(body.get("caption", "") or body.get("filename", ""))
    if kind == "button":
        return str(body.get("text", "") or body.get("payload", ""))
    if kind == "interactive":
        reply = (
            _as_dict(body.get("button_reply"))
            or _as_dict(body.get("list_reply"))
            or _as_dict(body.get("nfm_reply"))
        )
        return str(reply.get("title", "") or reply.get("body", ""))
    if kind == "reaction":
        return str(body.get("emoji", ""))
    if kind == "location":
        parts = [body.get("name"), body.get("address")]
        text = ", ".join(str(part) for part in parts if part)
        return text or f"{body.get('latitude', '')},{body.get('longitude', '')}"
    if kind == "contacts":
        names = [
            _as_dict(c.get("name")).get("formatted_name", "")
            for c in _as_list(message.get("contacts"))
            if isinstance(c, dict)
        ]
        return ", ".join(name for name in names if name)
    if kind == "order":
        return str(body.get("text", ""))
    if kind == "system":
        return str(body.get("body", ""))
    return ""


def _referral_text(referral: dict) -> str:
    return str(
        referral.get("headline")
        or referral.get("source_url")
        or referral.get("body")
        or referral.get("ref")
        or ""
    )[:200]


def _whatsapp_value(value: dict, fallback: datetime) -> list[Event]:
    events: list[Event] = []
    names = {}
    for contact in _as_list(value.get("contacts")):
        if isinstance(contact, dict) and contact.get("wa_id"):
            names[str(contact["wa_id"])] = str(_as_dict(contact.get("profile")).get("name", ""))
    for message in _as_list(value.get("messages")):
        if not isinstance(message, dict) or not message.get("id") or not message.get("from"):
            events.append(Ignored("message without id or sender", _as_dict(message)))
            continue
        wa_id = str(message["from"])
        kind = str(message.get("type") or "unknown")[:MAX_TYPE_LENGTH]
        events.append(
            InboundMessage(
                channel=WHATSAPP,
                contact_key=wa_id,
                contact_name=names.get(wa_id, ""),
                platform_message_id=str(message["id"]),
                type=kind,
                text=_whatsapp_text(message, kind),
                sent_at=parse_timestamp(message.get("timestamp"), fallback=fallback),
                raw=message,
                phone="+" + wa_id if wa_id.isdigit() else "",
                referral=_referral_text(_as_dict(message.get("referral"))),
            )
        )
    for status in _as_list(value.get("statuses")):
        if not isinstance(status, dict) or not status.get("id") or not status.get("status"):
            events.append(Ignored("status without id", _as_dict(status)))
            continue
        errors = [e for e in _as_list(status.get("errors")) if isinstance(e, dict)]
        first_error = errors[0] if errors else {}
        detail = _as_dict(first_error.get("error_data")).get("details", "")
        opaque = str(status.get("biz_opaque_callback_data") or "")
        events.append(
            StatusUpdate(
                provider_message_id=str(status["id"]),
                status=str(status["status"]),
                at=parse_timestamp(status.get("timestamp"), fallback=fallback),
                recipient=str(status.get("recipient_id", "")),
                error_code=str(first_error.get("code", "")),
                error=" — ".join(
                    str(part)
                    for part in (first_error.get("title") or first_error.get("message"), detail)
                    if part
                ),
                outbox_id=_outbox_id(opaque),
            )
        )
    for error in _as_list(value.get("errors")):
        events.append(Ignored("platform error notification", _as_dict(error)))
    return events


def _outbox_id(opaque: str) -> int | None:
    """Our outbox id, when the sender put `outbox:<id>` (or just the id) in biz_opaque_callback_data."""
    text = opaque.removeprefix("outbox:")
    return int(text) if text.isdigit() else None


def parse_whatsapp(payload, *, received_at: datetime) -> list[Event]:
    events: list[Event] = []
    for entry in _entries(payload):
        if is_test_entry(entry):
            events.append(Ignored(TEST_EVENT, entry))
            continue
        for change in _as_list(entry.get("changes")):
            change = _as_dict(change)
            value = _as_dict(change.get("value"))
            if change.get("field", "messages") != "messages":
                events.append(Ignored(f"field {change.get('field')!r} not handled", change))
                continue
            events.extend(_whatsapp_value(value, received_at))
    return events


# --- Messenger and Instagram -------------------------------------------------------------------


def _messaging_event(item: dict, channel: str, fallback: datetime) -> Event:
    sender = str(_as_dict(item.get("sender")).get("id", ""))
    sent_at = parse_timestamp(item.get("timestamp"), fallback=fallback)
    message = item.get("message")
    if isinstance(message, dict):
        if message.get("is_echo"):
            return Ignored("echo of a message the page sent", item)
        if not message.get("mid") or not sender:
            return Ignored("message without mid or sender", item)
        attachments = [a for a in _as_list(message.get("attachments")) if isinstance(a, dict)]
        if message.get("is_deleted"):
            kind = "deleted"
        elif "text" in message:
            kind = "text"
        elif attachments:
            kind = str(attachments[0].get("type") or "attachment")[:MAX_TYPE_LENGTH]
        else:
            kind = "unsupported"
        return InboundMessage(
            channel=channel,
            contact_key=sender,
            platform_message_id=str(message["mid"]),
            type=kind,
            text=str(message.get("text", "")),
            sent_at=sent_at,
            raw=item,
            psid=sender if channel == FACEBOOK else "",
            referral=_referral_text(_as_dict(message.get("referral")) or _as_dict(item.get("referral"))),
        )
    if isinstance(item.get("postback"), dict) and sender:
        postback = item["postback"]
        mid = postback.get("mid") or f"postback:{sender}:{item.get('timestamp', '')}"
        return InboundMessage(
            channel=channel,
            contact_key=sender,
            platform_message_id=str(mid),
            type="postback",
            text=str(postback.get("title") or postback.get("payload") or ""),
            sent_at=sent_at,
            raw=item,
            psid=sender if channel == FACEBOOK else "",
            referral=_referral_text(_as_dict(postback.get("referral"))),
        )
    if isinstance(item.get("reaction"), dict) and sender:
        reaction = item["reaction"]
        return InboundMessage(
            channel=channel,
            contact_key=sender,
            platform_message_id=f"reaction:{reaction.get('mid', '')}:{sender}:{item.get('timestamp', '')}",
            type="reaction",
            text=str(reaction.get("emoji") or reaction.get("reaction") or ""),
            sent_at=sent_at,
            raw=item,
            psid=sender if channel == FACEBOOK else "",
        )
    kinds = sorted(key for key in item if key not in {"sender", "recipient", "timestamp"})
    return Ignored(f"messaging event {', '.join(kinds) or 'empty'} not handled", item)


def _comment_event(field_name: str, value: dict, platform: str, fallback: datetime) -> Event:
    """Instagram `comments` (value.id or value.comment_id) and Facebook `feed` comments."""
    if field_name == "feed" and (value.get("item") != "comment" or value.get("verb", "add") != "add"):
        return Ignored(f"feed {value.get('item')}/{value.get('verb')} not handled", value)
    sender = _as_dict(value.get("from"))
    comment_id = value.get("id") or value.get("comment_id")
    if not comment_id or not sender.get("id"):
        return Ignored("comment without id or author", value)
    username = str(sender.get("username", ""))
    return InboundMessage(
        channel=COMMENT,
        contact_key=f"{platform}:{sender['id']}",
        contact_name=str(sender.get("name") or username),
        platform_message_id=f"comment:{comment_id}",
        type="comment",
        text=str(value.get("text") or value.get("message") or ""),
        sent_at=parse_timestamp(value.get("created_time") or value.get("timestamp"), fallback=fallback),
        raw=value,
        handle=username if platform == "ig" else "",
    )


def parse_meta(payload, *, received_at: datetime) -> list[Event]:
    entries = _entries(payload)
    platform_object = payload.get("object")
    channel = INSTAGRAM if platform_object == "instagram" else FACEBOOK
    platform = "ig" if platform_object == "instagram" else "fb"
    events: list[Event] = []
    for entry in entries:
        if is_test_entry(entry):
            events.append(Ignored(TEST_EVENT, entry))
            continue
        fallback = parse_timestamp(entry.get("time"), fallback=received_at)
        for key in ("messaging", "standby"):
            for item in _as_list(entry.get(key)):
                events.append(_messaging_event(_as_dict(item), channel, fallback))
        changes = [c for c in _as_list(entry.get("changes")) if isinstance(c, dict)]
        if "field" in entry and "value" in entry:
            changes.append({"field": entry["field"], "value": entry["value"]})  # Business-Login shape
        for change in changes:
            field_name = str(change.get("field", ""))
            if field_name in {"comments", "feed", "live_comments"}:
                events.append(_comment_event(field_name, _as_dict(change.get("value")), platform, fallback))
            else:
                events.append(Ignored(f"field {field_name!r} not handled", change))
    return events
