"""The resolution clock (issue 10, item 3): 24 hours from the first working instant at or after
receipt, configurable, and never due before the first response (a property over random receipts)."""

from __future__ import annotations

import importlib
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core import workhours
from inquiries import sla

JAKARTA = ZoneInfo("Asia/Jakarta")
# Indonesian 2026 holidays around Eid al-Fitr, plus a made-up office closure: long gaps on purpose.
HOLIDAYS = frozenset(
    {
        date(2026, 1, 1),
        date(2026, 3, 19),
        date(2026, 3, 20),
        date(2026, 3, 23),
        date(2026, 3, 24),
        date(2026, 5, 1),
    }
)
CALENDAR = workhours.WorkingCalendar(
    tz=JAKARTA, holidays=HOLIDAYS, closures=((date(2026, 6, 1), date(2026, 6, 12)),)
)
LUNCH_CALENDAR = workhours.WorkingCalendar(
    tz=JAKARTA,
    weekly={d: ((time(8), time(12)), (time(13), time(16))) for d in range(5)} | {4: ((time(8), time(11)),)},
    holidays=HOLIDAYS,
)


def jakarta(*args) -> datetime:
    return datetime(*args, tzinfo=JAKARTA)


def test_saturday_night_is_due_tuesday_morning():
    received = jakarta(2026, 2, 28, 21, 0)  # Saturday
    assert sla.first_response_due(CALENDAR, received, minutes=120) == jakarta(2026, 3, 2, 10, 0)
    assert sla.resolution_due(CALENDAR, received, hours=24, first_response_minutes=120) == jakarta(
        2026, 3, 3, 8, 0
    )


def test_inside_office_hours_the_clock_starts_at_receipt():
    received = jakarta(2026, 3, 2, 9, 30)  # Monday
    assert sla.resolution_due(CALENDAR, received, hours=24, first_response_minutes=120) == jakarta(
        2026, 3, 3, 9, 30
    )


def test_resolution_length_is_configurable(settings):
    settings.INQUIRY_RESOLUTION_HOURS = 48
    assert sla.resolution_due(CALENDAR, jakarta(2026, 2, 28, 21, 0)) == jakarta(2026, 3, 4, 8, 0)


def test_a_long_closure_never_makes_the_resolution_due_before_the_first_response():
    received = jakarta(2026, 3, 18, 15, 30)  # Wednesday before the Eid holidays (Thu-Tue closed)
    first = sla.first_response_due(CALENDAR, received, minutes=120)
    assert first == jakarta(2026, 3, 25, 9, 30)
    assert sla.resolution_due(CALENDAR, received, hours=24, first_response_minutes=120) == first


receipts = st.datetimes(
    min_value=datetime(2025, 12, 1), max_value=datetime(2026, 12, 31), timezones=st.just(UTC)
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    received=receipts,
    calendar=st.sampled_from([CALENDAR, LUNCH_CALENDAR]),
    hours=st.integers(min_value=1, max_value=72),
    minutes=st.integers(min_value=10, max_value=600),
)
def test_first_response_is_never_due_after_the_resolution(received, calendar, hours, minutes):
    first = sla.first_response_due(calendar, received, minutes=minutes)
    due = sla.resolution_due(calendar, received, hours=hours, first_response_minutes=minutes)
    start = workhours.next_working_instant(calendar, received)
    assert first <= due
    assert due >= start + timedelta(hours=hours) >= received + timedelta(hours=hours)
    assert start >= received and workhours.is_working_time(calendar, start)
    # Exactly the clock hours from the first working instant unless the first response needs longer.
    assert due == start + timedelta(hours=hours) or due == first


@pytest.mark.django_db
def test_migration_recomputes_open_inquiries(whatsapp_inquiry):
    from core.calendar import get_calendar
    from inquiries.models import Inquiry

    inquiry = whatsapp_inquiry()
    received = datetime(2026, 2, 28, 14, 0, tzinfo=UTC)  # Saturday 21:00 WIB
    Inquiry.objects.filter(pk=inquiry.pk).update(
        received_at=received,
        resolution_due=received + timedelta(hours=24),  # the old, contradicting clock
        first_response_at=received + timedelta(hours=40),
    )
    closed = whatsapp_inquiry(wa_id="6281234567999", mid="wamid.other")
    Inquiry.objects.filter(pk=closed.pk).update(status="closed", resolution_due=received, category_id=1)
    importlib.import_module(
        "inquiries.migrations.0008_resolution_clock_from_first_working_instant"
    ).recompute(apps, None)
    inquiry.refresh_from_db()
    expected = sla.resolution_due(get_calendar(), received)
    assert inquiry.resolution_due == inquiry.sla_due_at == expected == jakarta(2026, 3, 3, 8, 0)
    closed.refresh_from_db()
    assert closed.resolution_due == received  # finished tickets keep their history
