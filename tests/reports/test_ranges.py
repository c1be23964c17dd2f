"""The dashboard's period picker (pure: no database)."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

import pytest

from reports.ranges import BadPeriod, choose

JKT = ZoneInfo("Asia/Jakarta")
SUNDAY = date(2026, 11, 22)  # ISO week 2026-W47 runs 16-22 November


def pick(**params):
    return choose(params, today=SUNDAY, tz=JKT)


@pytest.mark.parametrize(
    ("preset", "kind", "first", "last"),
    [
        ("today", "day", date(2026, 11, 22), date(2026, 11, 22)),
        ("this_week", "week", date(2026, 11, 16), date(2026, 11, 22)),
        ("last_week", "week", date(2026, 11, 9), date(2026, 11, 15)),
        ("this_month", "month", date(2026, 11, 1), date(2026, 11, 30)),
        ("last_30_days", "range", date(2026, 10, 24), date(2026, 11, 22)),
    ],
)
def test_presets_resolve_against_today_in_the_office_zone(preset, kind, first, last):
    choice = pick(preset=preset)
    assert (choice.kind, choice.period.first_day, choice.period.last_day) == (kind, first, last)


def test_previous_period_is_the_one_before_of_the_same_kind():
    choice = pick(**{"from": "2026-11-03", "to": "2026-11-12"})
    assert choice.kind == "range"
    assert (choice.previous.first_day, choice.previous.last_day) == (date(2026, 10, 24), date(2026, 11, 2))
    previous_month = pick(month="2026-03").previous  # the calendar month, as in the emailed reports
    assert (previous_month.first_day, previous_month.last_day) == (date(2026, 2, 1), date(2026, 2, 28))
    assert pick(week="2026-W01").previous.first_day == date(2025, 12, 22)
    assert pick(date="2026-03-01").previous.first_day == date(2026, 2, 28)


def test_week_month_and_day_values():
    assert pick(week="2026-W01").period.first_day == date(2025, 12, 29)
    assert pick(month="2026-02").period.last_day == date(2026, 2, 28)
    assert pick(date="2026-10-15").kind == "day"
    assert pick(**{"from": "2026-10-15", "to": "2026-10-15"}).kind == "day"


def test_bounds_are_office_midnights():
    period = pick(date="2026-10-15").period
    assert period.start.isoformat() == "2026-10-15T00:00:00+07:00"
    assert period.end.isoformat() == "2026-10-16T00:00:00+07:00"


def test_long_ranges_are_charted_per_week():
    assert pick(month="2026-10").bucket == "day"
    assert pick(**{"from": "2026-01-01", "to": "2026-06-30"}).bucket == "week"


def test_default_is_this_month():
    assert pick().period.first_day == date(2026, 11, 1)


@pytest.mark.parametrize(
    "params",
    [
        {"date": "15-10-2026"},
        {"date": "2026-02-30"},
        {"week": "2026-W60"},
        {"month": "2026-13"},
        {"from": "2026-11-10", "to": "2026-11-01"},
        {"from": "2026-11-10"},
        {"from": "2024-01-01", "to": "2026-01-01"},
        {"date": "1999-12-31"},
        {"date": "2030-01-01"},
        {"preset": "yesterday"},
    ],
)
def test_unparseable_or_out_of_range_values_are_refused_with_a_message(params):
    with pytest.raises(BadPeriod) as caught:
        pick(**params)
    assert str(caught.value)


def test_daily_only_accepts_a_single_day():
    assert choose({}, today=SUNDAY, tz=JKT, daily_only=True).period.first_day == SUNDAY
    assert choose({"date": "2026-11-02"}, today=SUNDAY, tz=JKT, daily_only=True).kind == "day"
    for params in ({"preset": "this_week"}, {"month": "2026-11"}, {"week": "2026-W47"}):
        with pytest.raises(BadPeriod):
            choose(params, today=SUNDAY, tz=JKT, daily_only=True)
