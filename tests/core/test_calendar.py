"""The office calendar built from admin-edited rows."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from core.calendar import build_calendar, clear_calendar_cache, get_calendar
from core.models import HoursOverride, HoursOverrideBlock, OfficeClosure, OfficeHoursBlock
from core.workhours import add_working_minutes

pytestmark = pytest.mark.django_db
JKT = ZoneInfo("Asia/Jakarta")


def test_default_office_hours_are_monday_to_friday_eight_to_four():
    blocks = sorted(OfficeHoursBlock.objects.values_list("weekday", "starts_at", "ends_at"))
    assert blocks == [(d, time(8), time(16)) for d in range(5)]


def test_calendar_uses_indonesian_holidays_and_closures():
    OfficeClosure.objects.create(
        name="Cuti bersama Natal", starts_on=date(2026, 12, 24), ends_on=date(2026, 12, 24)
    )
    calendar = build_calendar()
    # Wednesday 23 Dec 15:00 + 2h: 1h, then 24 Dec closed, 25 Dec Christmas, weekend -> Monday 28 Dec 09:00.
    due = add_working_minutes(calendar, datetime(2026, 12, 23, 15, tzinfo=JKT), 120)
    assert due == datetime(2026, 12, 28, 9, tzinfo=JKT)


def test_override_blocks_replace_the_week_in_their_range():
    override = HoursOverride.objects.create(
        name="Jam Ramadan", starts_on=date(2027, 2, 8), ends_on=date(2027, 3, 9)
    )
    HoursOverrideBlock.objects.bulk_create(
        HoursOverrideBlock(override=override, weekday=d, starts_at=time(8), ends_at=time(14))
        for d in range(5)
    )
    calendar = build_calendar()
    assert add_working_minutes(calendar, datetime(2027, 2, 9, 13, tzinfo=JKT), 120) == datetime(
        2027, 2, 10, 9, tzinfo=JKT
    )


def test_cached_calendar_is_refreshed_after_clearing():
    assert not get_calendar().is_closed(date(2026, 11, 23))
    OfficeClosure.objects.create(
        name="Dies natalis", starts_on=date(2026, 11, 23), ends_on=date(2026, 11, 23)
    )
    assert not get_calendar().is_closed(date(2026, 11, 23))  # still the cached calendar
    clear_calendar_cache()
    assert get_calendar().is_closed(date(2026, 11, 23))


def test_closure_with_end_before_start_is_refused_by_the_database():
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        OfficeClosure.objects.create(name="Salah", starts_on=date(2026, 11, 23), ends_on=date(2026, 11, 20))


def test_admin_edit_of_closures_takes_effect_at_once(admin_client):
    assert not get_calendar().is_closed(date(2026, 11, 23))
    response = admin_client.post(
        "/admin/core/officeclosure/add/",
        {"name": "Dies natalis", "starts_on": "2026-11-23", "ends_on": "2026-11-23"},
    )
    assert response.status_code == 302
    assert get_calendar().is_closed(date(2026, 11, 23))
