"""Home-page sections: the inbox's breached/unanswered clocks, and a unit's open escalations."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.calendar import due_soon_until
from core.context_processors import register_nav_badge
from core.home import HomeSection, register
from core.selectors import counter_value
from inquiries.models import Escalation, EscalationStatus, Inquiry

ITEMS = 5
# Counters count up to this many, then show "1.000+": at a million inquiries 5% active is 50,000 rows.
COUNTER_CAP = 1000


@register("inquiries.view_inquiry")
def inbox_due(user) -> HomeSection:
    now = timezone.now()
    inbox = reverse("inquiries:inbox")
    counts = {
        "breached": counter_value(Inquiry.objects.breached(now), COUNTER_CAP),
        "mine": counter_value(Inquiry.objects.active().assigned_to(user), COUNTER_CAP),
        "unassigned": counter_value(Inquiry.objects.active().unassigned(), COUNTER_CAP),
    }
    urgent = Inquiry.objects.active().select_related("category").order_by("sla_due_at", "pk")[:ITEMS]
    items = []
    soon = due_soon_until(now)
    for inquiry in urgent:
        state = inquiry.sla_state(now, due_soon_until=soon)
        items.append(
            {
                "label": f"{inquiry.contact_name or inquiry.contact_key} · {inquiry.get_channel_display()}",
                "url": reverse("inquiries:detail", args=[inquiry.pk]),
                "detail": inquiry.subject[:80],
                "badge": _("lewat SLA")
                if state == "breached"
                else timezone.localtime(inquiry.sla_due_at).strftime("%d/%m %H:%M")
                if inquiry.sla_due_at
                else "",
                "tone": {"breached": "danger", "due_soon": "warning"}.get(state, "secondary"),
            }
        )
    return HomeSection(
        title=_("Inbox: yang harus dijawab"),
        items=items,
        empty_text=_("Tidak ada pertanyaan terbuka."),
        more_url=inbox,
        counters=[
            {
                "label": _("Lewat SLA"),
                "value": counts["breached"],
                "tone": "danger",
                "url": f"{inbox}?sla=breached",
            },
            {"label": _("Milik saya"), "value": counts["mine"], "tone": "primary", "url": f"{inbox}?mine=on"},
            {
                "label": _("Belum ditugaskan"),
                "value": counts["unassigned"],
                "tone": "secondary",
                "url": f"{inbox}?unassigned=on",
            },
        ],
    )


@register("inquiries.answer_escalation")
def unit_escalations(user) -> HomeSection:
    now = timezone.now()
    pending = (
        Escalation.objects.filter(
            unit__in=user.units.all(), status__in=[EscalationStatus.OPEN, EscalationStatus.FORWARDED]
        )
        .select_related("unit")
        .order_by("due_at")
    )
    items = [
        {
            "label": f"{e.unit.name}: {e.question[:80]}",
            "url": reverse("inquiries:escalation", args=[e.pk]),
            "detail": "",
            "badge": timezone.localtime(e.due_at).strftime("%d/%m %H:%M"),
            "tone": "danger" if e.due_at < now else "secondary",
        }
        for e in pending[:ITEMS]
    ]
    return HomeSection(
        title=_("Eskalasi untuk unit saya"),
        items=items,
        empty_text=_("Tidak ada eskalasi yang menunggu."),
        more_url=reverse("inquiries:unit_queue"),
    )


@register_nav_badge("inquiries:unit_queue")
def escalations_waiting_for_me(user) -> int:
    """The in-app badge: escalations whose current step belongs to the user's office."""
    from inquiries.selectors import escalations_awaiting

    return escalations_awaiting(user).count()


@register_nav_badge("inquiries:inbox")
def conversations_waiting_for_me(user) -> int:
    """The inbox badge: conversations assigned to me whose last word is the contact's."""
    from inquiries.services.team import waiting_for_me

    return waiting_for_me(user)
