"""Working-hours arithmetic (pure; no database)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays
import pytest

from core.workhours import (
    Override,
    WorkingCalendar,
    add_working_minutes,
    is_working_time,
    next_working_instant,
    working_minutes_between,
    working_time_between,
)

JKT = ZoneInfo("Asia/Jakarta")
UTC = UTC


def at(y, mo, d, h=0, mi=0, tz=JKT) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=tz)


@pytest.fixture
def plain() -> WorkingCalendar:
    """DESIGN.md default: Monday-Friday 08:00-16:00, no holidays."""
    return WorkingCalendar(tz=JKT)


@pytest.fixture
def office() -> WorkingCalendar:
    """Lunch break every day, the Friday-prayer break, Indonesian holidays, a cuti bersama closure."""
    weekday_blocks = ((time(8), time(12)), (time(13), time(16)))
    friday = ((time(8), time(11, 30)), (time(13, 30), time(16, 30)))
    return WorkingCalendar(
        tz=JKT,
        weekly={0: weekday_blocks, 1: weekday_blocks, 2: weekday_blocks, 3: weekday_blocks, 4: friday},
        holidays=holidays.country_holidays("ID"),
        closures=((date(2026, 3, 18), date(2026, 3, 18)), (date(2026, 3, 23), date(2026, 3, 24))),
    )


# 2026-11-16 is a Monday.


def test_adding_inside_one_block(plain):
    assert add_working_minutes(plain, at(2026, 11, 16, 9), 120) == at(2026, 11, 16, 11)


def test_ending_exactly_at_closing_time_stays_on_that_day(plain):
    assert add_working_minutes(plain, at(2026, 11, 16, 14), 120) == at(2026, 11, 16, 16)


def test_carries_over_to_the_next_morning(plain):
    assert add_working_minutes(plain, at(2026, 11, 16, 15), 120) == at(2026, 11, 17, 9)


def test_before_opening_starts_at_opening(plain):
    assert add_working_minutes(plain, at(2026, 11, 16, 6, 30), 120) == at(2026, 11, 16, 10)


def test_after_closing_starts_next_working_morning(plain):
    assert add_working_minutes(plain, at(2026, 11, 16, 19), 120) == at(2026, 11, 17, 10)


def test_friday_evening_lands_on_monday(plain):
    assert add_working_minutes(plain, at(2026, 11, 20, 17), 120) == at(2026, 11, 23, 10)


def test_weekend_message_is_due_monday(plain):
    assert add_working_minutes(plain, at(2026, 11, 21, 10), 120) == at(2026, 11, 23, 10)
    assert add_working_minutes(plain, at(2026, 11, 22, 23, 59), 1) == at(2026, 11, 23, 8, 1)


def test_span_of_several_days(plain):
    # 24 working hours = three full 8-hour days: Monday 08:00 -> Wednesday 16:00.
    assert add_working_minutes(plain, at(2026, 11, 16, 8), 24 * 60) == at(2026, 11, 18, 16)
    # 5 days of work from Wednesday noon crosses a weekend.
    assert add_working_minutes(plain, at(2026, 11, 18, 12), 5 * 8 * 60) == at(2026, 11, 25, 12)


def test_lunch_break_is_skipped(office):
    assert add_working_minutes(office, at(2026, 11, 16, 11), 120) == at(2026, 11, 16, 14)


def test_arrival_during_lunch_counts_from_one_oclock(office):
    assert add_working_minutes(office, at(2026, 11, 16, 12, 15), 120) == at(2026, 11, 16, 15)


def test_friday_prayer_break(office):
    # Friday 2026-11-20: 10:30 + 2h = 1h until 11:30, then 1h from 13:30.
    assert add_working_minutes(office, at(2026, 11, 20, 10, 30), 120) == at(2026, 11, 20, 14, 30)


def test_public_holiday_is_skipped(office):
    # 2026-12-25 (Christmas, a Friday) is an Indonesian public holiday: Thursday 15:00 + 2h
    # -> 1h on Thursday, then Monday 2026-12-28 09:00.
    assert date(2026, 12, 25) in holidays.country_holidays("ID")
    assert add_working_minutes(office, at(2026, 12, 24, 15), 120) == at(2026, 12, 28, 9)


def test_independence_day_is_not_a_working_day(office):
    monday_17_aug = at(2026, 8, 17, 9)
    assert not is_working_time(office, monday_17_aug)
    assert next_working_instant(office, monday_17_aug) == at(2026, 8, 18, 8)


def test_office_closure_is_skipped(office):
    # Closure on Wednesday 2026-03-18 (cuti bersama around Nyepi, which is 2026-03-19).
    assert add_working_minutes(office, at(2026, 3, 17, 15), 120) == at(2026, 3, 20, 9)


def test_year_boundary(office):
    # Thursday 2026-12-31 15:00 + 2h: 1h on the 31st; 1 January 2027 (a Friday) is a holiday and
    # then comes a weekend, so the second hour is Monday 2027-01-04 08:00-09:00.
    assert date(2027, 1, 1) in holidays.country_holidays("ID")
    assert add_working_minutes(office, at(2026, 12, 31, 15), 120) == at(2027, 1, 4, 9)


def test_year_boundary_measured_backwards(plain):
    calendar = WorkingCalendar(tz=JKT, holidays=holidays.country_holidays("ID"))
    # 2027-01-01 is a Friday and a holiday: Thursday 15:00 + 2h -> Monday 2027-01-04 09:00.
    assert date(2027, 1, 1).weekday() == 4
    assert working_minutes_between(calendar, at(2026, 12, 31, 15), at(2027, 1, 4, 9)) == 120


def test_instant_given_in_utc(plain):
    # 02:00 UTC is 09:00 in Jakarta (UTC+7).
    due = add_working_minutes(plain, datetime(2026, 11, 16, 2, 0, tzinfo=UTC), 120)
    assert due == at(2026, 11, 16, 11)
    assert due.astimezone(UTC) == datetime(2026, 11, 16, 4, 0, tzinfo=UTC)


def test_utc_evening_is_already_next_day_in_jakarta(plain):
    # Sunday 2026-11-22 20:00 UTC = Monday 03:00 WIB -> due Monday 10:00 WIB.
    assert add_working_minutes(plain, datetime(2026, 11, 22, 20, 0, tzinfo=UTC), 120) == at(2026, 11, 23, 10)


def test_naive_datetimes_are_refused(plain):
    with pytest.raises(ValueError):
        add_working_minutes(plain, datetime(2026, 11, 16, 9), 10)


def test_negative_minutes_are_refused(plain):
    with pytest.raises(ValueError):
        add_working_minutes(plain, at(2026, 11, 16, 9), -5)


def test_zero_minutes_is_the_instant_itself(plain):
    assert add_working_minutes(plain, at(2026, 11, 21, 10), 0) == at(2026, 11, 21, 10)


def test_calendar_without_any_hours_fails_loudly():
    with pytest.raises(ValueError):
        add_working_minutes(WorkingCalendar(tz=JKT, weekly={}), at(2026, 11, 16, 9), 10)


def test_override_with_ramadan_hours(office):
    ramadan = Override(
        starts_on=date(2027, 2, 8),
        ends_on=date(2027, 3, 9),
        weekly={d: ((time(8), time(14)),) for d in range(5)},
    )
    calendar = WorkingCalendar(tz=JKT, weekly=office.weekly, holidays=office.holidays, overrides=(ramadan,))
    # Tuesday 2027-02-09 13:00 + 2h -> 1h until 14:00, then Wednesday 09:00.
    assert add_working_minutes(calendar, at(2027, 2, 9, 13), 120) == at(2027, 2, 10, 9)


def test_override_opening_saturdays_for_a_registration_wave(plain):
    wave = Override(
        starts_on=date(2026, 11, 21),
        ends_on=date(2026, 11, 21),
        weekly={5: ((time(9), time(12)),)},
    )
    calendar = WorkingCalendar(tz=JKT, overrides=(wave,))
    assert add_working_minutes(calendar, at(2026, 11, 21, 8), 60) == at(2026, 11, 21, 10)
    assert is_working_time(calendar, at(2026, 11, 21, 11))


def test_working_time_between_same_block(plain):
    assert working_time_between(plain, at(2026, 11, 16, 9), at(2026, 11, 16, 10, 30)) == timedelta(minutes=90)


def test_working_time_between_over_a_weekend(plain):
    assert working_minutes_between(plain, at(2026, 11, 20, 15), at(2026, 11, 23, 9)) == 120


def test_working_time_between_outside_hours_is_zero(plain):
    assert working_time_between(plain, at(2026, 11, 21, 9), at(2026, 11, 22, 18)) == timedelta(0)


def test_working_time_between_skips_lunch_and_holidays(office):
    # Thursday 24 Dec 11:00 -> Monday 28 Dec 09:00: 1h + 3h Thursday, Christmas Friday off, 1h Monday.
    assert working_minutes_between(office, at(2026, 12, 24, 11), at(2026, 12, 28, 9)) == 5 * 60


def test_working_time_between_mixed_zones(plain):
    start = datetime(2026, 11, 16, 1, 0, tzinfo=UTC)  # 08:00 WIB
    assert working_minutes_between(plain, start, at(2026, 11, 16, 16)) == 8 * 60


def test_working_time_between_reversed_is_negative(plain):
    assert working_minutes_between(plain, at(2026, 11, 16, 10), at(2026, 11, 16, 9)) == -60


def test_round_trip_add_then_measure(office):
    start = at(2026, 12, 23, 14, 10)
    for minutes in (1, 59, 120, 480, 1440, 5000):
        end = add_working_minutes(office, start, minutes)
        assert working_minutes_between(office, start, end) == minutes


def test_next_working_instant(office):
    assert next_working_instant(office, at(2026, 11, 16, 12, 30)) == at(2026, 11, 16, 13)
    assert next_working_instant(office, at(2026, 11, 16, 9)) == at(2026, 11, 16, 9)
    assert next_working_instant(office, at(2026, 11, 20, 17)) == at(2026, 11, 23, 8)
