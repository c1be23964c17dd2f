"""One "due soon": `sla_warning_minutes` working minutes from the one settings row, for the inbox
badge and filter and for the SLA warning alert alike (read once per page, not per row)."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from core import workhours
from core.calendar import CACHE_KEY, due_soon_until
from core.models import AutomationSettings
from inquiries.models import Inquiry
from inquiries.policies import check_inquiry_slas

pytestmark = pytest.mark.django_db

OFFICE = ZoneInfo(str(settings.OFFICE_TIME_ZONE))
# Friday 15:50 office time: 10 working minutes left today, then Monday 08:00.
FRIDAY_LATE = datetime(2026, 11, 27, 15, 50, tzinfo=OFFICE)


def use_calendar(weekly) -> None:
    cache.set(CACHE_KEY, workhours.WorkingCalendar(tz=OFFICE, weekly=weekly), 300)


def set_warning_minutes(minutes: int) -> None:
    AutomationSettings.objects.update_or_create(pk=1, defaults={"sla_warning_minutes": minutes})


def due_at(inquiry: Inquiry, when: datetime) -> Inquiry:
    Inquiry.objects.filter(pk=inquiry.pk).update(sla_due_at=when, first_response_due=when)
    inquiry.refresh_from_db()
    return inquiry


def test_due_soon_counts_working_minutes_across_the_weekend(whatsapp_inquiry, admin_medsos):
    use_calendar(workhours.DEFAULT_WEEKLY)
    set_warning_minutes(30)
    # 30 working minutes after Friday 15:50 is Monday 08:20, not Friday 16:20.
    assert due_soon_until(FRIDAY_LATE) == datetime(2026, 11, 30, 8, 20, tzinfo=OFFICE)
    monday = due_at(whatsapp_inquiry(mid="w1"), datetime(2026, 11, 30, 8, 10, tzinfo=OFFICE))
    later = due_at(
        whatsapp_inquiry(wa_id="6281234567002", mid="w2"), datetime(2026, 11, 30, 9, 0, tzinfo=OFFICE)
    )
    until = due_soon_until(FRIDAY_LATE)
    assert monday.sla_state(FRIDAY_LATE, due_soon_until=until) == "due_soon"
    assert later.sla_state(FRIDAY_LATE, due_soon_until=until) == "ok"
    assert set(Inquiry.objects.due_soon(FRIDAY_LATE)) == {monday}
    assert set(Inquiry.objects.within_sla(FRIDAY_LATE)) == {later}
    # The alert job warns exactly the inquiry the inbox shows as due soon.
    warnings, breaches = check_inquiry_slas(now=FRIDAY_LATE)
    assert (warnings, breaches) == (1, 0)
    assert Inquiry.objects.get(pk=monday.pk).sla_warning_sent_at is not None
    assert Inquiry.objects.get(pk=later.pk).sla_warning_sent_at is None


def test_changing_the_settings_row_moves_the_inbox_badge_and_filter(
    client_for, admin_medsos, whatsapp_inquiry
):
    # Always open, so working minutes equal clock minutes whatever time the test runs.
    use_calendar({day: ((time(0, 0), time(23, 59, 59)),) for day in range(7)})
    inquiry = due_at(whatsapp_inquiry(), timezone.now() + timedelta(minutes=45))
    client = client_for(admin_medsos)

    set_warning_minutes(30)
    assert 'data-sla="ok"' in client.get("/inbox/").content.decode()
    assert inquiry.contact_name not in client.get("/inbox/?sla=due_soon").content.decode()

    set_warning_minutes(60)
    assert 'data-sla="due_soon"' in client.get("/inbox/").content.decode()
    assert inquiry.contact_name in client.get("/inbox/?sla=due_soon").content.decode()
    assert inquiry.contact_name not in client.get("/inbox/?sla=ok").content.decode()
