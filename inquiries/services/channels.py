"""Which outbox channel and recipient answer an inquiry (read-only helper for the services)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Max
from django.utils import timezone

from inquiries.models import Channel, Direction, Inquiry

# Inquiry channels the platforms let us answer through their API; the others are answered by
# staff outside the app (phone, LinkedIn, comments) and only recorded here.
API_CHANNELS = {Channel.WHATSAPP: "whatsapp", Channel.FACEBOOK: "facebook", Channel.INSTAGRAM: "instagram"}


def outbound_channel_and_recipient(inquiry: Inquiry) -> tuple[str, str] | None:
    """(outbox channel, recipient) for a reply, or None when the channel has no API and no email."""
    if inquiry.channel in API_CHANNELS:
        recipient = (
            "+" + inquiry.contact_key
            if inquiry.channel == Channel.WHATSAPP and inquiry.contact_key.isdigit()
            else inquiry.contact_key
        )
        return API_CHANNELS[Channel(inquiry.channel)], recipient
    if inquiry.channel in (Channel.EMAIL, Channel.WEBSITE):
        email = inquiry.lead.email if inquiry.lead is not None and inquiry.lead.email else ""
        if not email and "@" in inquiry.contact_key:
            email = inquiry.contact_key
        if email:
            return "email", email
    return None


@dataclass(frozen=True)
class ReplyWindow:
    """WhatsApp's 24-hour customer-service window as the reply box shows it."""

    applies: bool  # only WhatsApp has the rule
    is_open: bool
    last_inbound_at: datetime | None = None
    closes_at: datetime | None = None


def reply_window(inquiry: Inquiry, *, now: datetime | None = None) -> ReplyWindow:
    """Whether free-form text can reach the contact now (the same 24 hours the outbox enforces)."""
    from outbox.services import WHATSAPP_WINDOW

    if inquiry.channel != Channel.WHATSAPP:
        return ReplyWindow(applies=False, is_open=True)
    now = now or timezone.now()
    last = inquiry.messages.filter(direction=Direction.INBOUND).aggregate(at=Max("sent_at"))["at"]
    lead_last = inquiry.lead.last_inbound_whatsapp_at if inquiry.lead is not None else None
    if lead_last is not None and (last is None or lead_last > last):
        last = lead_last
    if last is None:
        return ReplyWindow(applies=True, is_open=False)
    closes_at = last + WHATSAPP_WINDOW
    return ReplyWindow(applies=True, is_open=now < closes_at, last_inbound_at=last, closes_at=closes_at)
