"""Home-page sections for lead work: today's calls, leads still to verify."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.home import HomeSection, register
from core.selectors import counter_value
from leads import selectors
from leads.models import Lead

# The counters count up to this many (then "1.000+", like the lead list they open).
COUNTER_CAP = selectors.COUNT_CAP


@register("leads.view_callqueue")
def calls_today(user) -> HomeSection | None:
    now = timezone.now()
    items = [
        {
            "label": follow_up.lead.full_name,
            "url": reverse("leads:detail", args=[follow_up.lead_id]),
            "detail": follow_up.get_reason_display(),
            "badge": _("Terlambat")
            if follow_up.due_at < now
            else timezone.localtime(follow_up.due_at).strftime("%H:%M"),
            "tone": "danger" if follow_up.due_at < now else "secondary",
        }
        for follow_up in selectors.call_queue(user, now=now)[:5]
    ]
    return HomeSection(
        title=_("Panggilan hari ini"),
        items=items,
        empty_text=_("Tidak ada panggilan yang jatuh tempo hari ini."),
        more_url=reverse("calls:queue"),
    )


@register("leads.verify_lead")
def leads_to_verify(user) -> HomeSection | None:
    live = Lead.objects.not_erased()
    return HomeSection(
        title=_("Data calon mahasiswa"),
        counters=[
            {
                "label": _("Perlu verifikasi"),
                "value": counter_value(live.filter(verified_at__isnull=True), COUNTER_CAP),
                "tone": "warning",
                "url": reverse("leads:list") + "?to_verify=true",
            },
            {
                "label": _("Input terlambat"),
                "value": counter_value(live.filter(is_late_entry=True), COUNTER_CAP),
                "tone": "danger",
                "url": reverse("leads:list") + "?is_late_entry=true",
            },
        ],
        more_url=reverse("leads:list"),
    )
