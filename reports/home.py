"""Kadiv's home section: today's numbers at a glance."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from core.home import HomeSection, register
from reports import periods, selectors


@register("reports.view_reports")
def today_numbers(user) -> HomeSection:
    tz = ZoneInfo(settings.OFFICE_TIME_ZONE)
    daily = selectors.daily_report(periods.day_period(timezone.localdate(timezone=tz).isoformat(), tz))
    url = reverse("reports:dashboard")
    return HomeSection(
        title=_("Hari ini"),
        more_url=url,
        counters=[
            {
                "label": pgettext("counter", "Pertanyaan"),
                "value": daily["inquiries_total"],
                "tone": "primary",
                "url": url,
            },
            {
                "label": _("Respons tepat waktu"),
                # Localised like the reports page ("37,5%" in Indonesian, "37.5%" in English).
                "value": f"{number_format(daily['first_response_within_sla_pct'], decimal_pos=1)}%",
                "tone": "success",
                "url": url,
            },
            {
                "label": _("Calon mahasiswa baru"),
                "value": daily["new_leads_total"],
                "tone": "info",
                "url": url,
            },
        ],
        empty_text=_("Buka dasbor untuk konversi per kanal dan sumber."),
    )
