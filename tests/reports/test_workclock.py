"""The dashboard's fast working-minute clock agrees with core's working-time arithmetic."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from core import workhours
from reports.workclock import percentile, working_minutes

JKT = ZoneInfo("Asia/Jakarta")
CALENDAR = workhours.WorkingCalendar(
    tz=JKT,
    weekly={
        **{day: ((time(8), time(12)), (time(13), time(16))) for day in range(4)},
        4: ((time(8), time(11, 30)), (time(13, 30), time(16, 30))),  # Friday prayer
    },
    holidays=frozenset({date(2026, 11, 11)}),
    closures=((date(2026, 11, 25), date(2026, 11, 26)),),
)


def test_matches_core_on_random_pairs_across_weekends_lunch_and_holidays():
    rng = random.Random(7)
    origin = datetime(2026, 11, 2, 0, 0, tzinfo=JKT)
    pairs = []
    for _ in range(400):
        start = origin + timedelta(minutes=rng.randrange(0, 30 * 24 * 60))
        pairs.append((start, start + timedelta(minutes=rng.randrange(0, 5 * 24 * 60))))
    fast = working_minutes(CALENDAR, pairs)
    for (start, end), minutes in zip(pairs, fast, strict=True):
        assert abs(minutes - workhours.working_minutes_between(CALENDAR, start, end)) < 1e-6


def test_examples():
    friday_11 = datetime(2026, 11, 6, 11, 0, tzinfo=JKT)
    monday_9 = datetime(2026, 11, 9, 9, 0, tzinfo=JKT)
    # Friday 11:00-11:30 and 13:30-16:30, then Monday 08:00-09:00.
    assert working_minutes(CALENDAR, [(friday_11, monday_9)]) == [30 + 180 + 60]
    utc_pair = (
        datetime(2026, 11, 9, 1, 0, tzinfo=ZoneInfo("UTC")),
        datetime(2026, 11, 9, 2, 0, tzinfo=ZoneInfo("UTC")),
    )
    assert working_minutes(CALENDAR, [utc_pair]) == [60]  # 08:00-09:00 WIB
    assert working_minutes(CALENDAR, []) == []


def test_nearest_rank_percentiles():
    values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
    assert percentile(values, 0.5) == 5
    assert percentile(values, 0.9) == 9
    assert percentile([42], 0.9) == 42
    assert percentile([], 0.5) is None
