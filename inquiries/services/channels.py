"""Which outbox channel and recipient answer an inquiry (read-only helper for the services)."""

from __future__ import annotations

from inquiries.models import Channel, Inquiry

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
