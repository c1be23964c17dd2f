from __future__ import annotations

from django import template
from django.utils.translation import gettext as _

from core.calendar import due_soon_until
from outbox.models import OutboundStatus

register = template.Library()

SLA_TONES = {"breached": "danger", "due_soon": "warning", "ok": "success", "done": "secondary"}


@register.filter
def duration_short(delta) -> str:
    """A timedelta as '2 j 05 m' (negative: 'lewat 2 j 05 m')."""
    if delta is None:
        return "—"
    seconds = int(delta.total_seconds())
    late = seconds < 0
    seconds = abs(seconds)
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    text = (_("%(d)s h ") % {"d": days} if days else "") + _("%(h)s j %(m)02d m") % {"h": hours, "m": minutes}
    return _("lewat %(t)s") % {"t": text} if late else text


@register.simple_tag(takes_context=True)
def sla_state(context, inquiry, now) -> str:
    """The badge state; the "due soon" horizon comes from the view's context or is read once per render."""
    until = context.get("due_soon_until") or context.render_context.get("due_soon_until")
    if until is None:
        until = context.render_context["due_soon_until"] = due_soon_until(now)
    return inquiry.sla_state(now, due_soon_until=until)


@register.simple_tag
def time_left(inquiry, now):
    return inquiry.time_left(now)


@register.filter
def sla_tone(state: str) -> str:
    return SLA_TONES.get(state, "secondary")


@register.filter
def message_status(message) -> str:
    """Inbound: received; outbound: the outbox status (or waiting for approval / recorded only)."""
    if message.direction == "inbound":
        return "received"
    if message.direction == "internal":
        return "internal"
    if message.needs_approval and message.approved_by_id is None:
        return "pending_approval"
    if message.outbound_id is None:
        return "recorded"
    return message.outbound.status


@register.filter
def message_status_label(status: str) -> str:
    """The person-facing name of a `message_status` value."""
    labels = {
        "received": _("diterima"),
        "pending_approval": _("menunggu persetujuan"),
        "recorded": _("dicatat (tanpa kirim)"),
        "internal": _("catatan internal, tidak dikirim"),
        **{value: str(label) for value, label in OutboundStatus.choices},
    }
    return labels.get(status, status)


@register.filter
def failure_reason(message) -> str:
    """The human reason a message failed (never the bare provider code)."""
    from inquiries import send_status

    outbound = message.outbound
    if outbound is None:
        return ""
    return send_status.failure_reason(outbound.error_code, channel=outbound.channel)


@register.simple_tag
def retry_refusal(message, window) -> str:
    """Why a retry cannot succeed now; "" when the retry button makes sense."""
    from inquiries import send_status

    outbound = message.outbound
    if outbound is None:
        return ""
    return send_status.retry_refusal(
        outbound.error_code,
        channel=outbound.channel,
        is_template=bool(outbound.template_name),
        window_open=window.is_open,
    )


@register.simple_tag
def relay_text(escalation, draft) -> str:
    """The relay box: what the agent typed before a refusal, else the unit's answer."""
    if draft and draft.get("form") == f"relay-{escalation.pk}":
        return draft.get("body", "")
    return escalation.answer


@register.simple_tag
def age_since(moment, now):
    """How long ago `moment` was (a ticket's age), as a timedelta for `duration_short`."""
    return now - moment if moment else None


@register.simple_tag
def escalation_units():
    """The units a question can be escalated to (the lead page's escalation form)."""
    from inquiries.models import Unit

    return list(Unit.objects.all())
