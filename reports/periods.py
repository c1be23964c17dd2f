"""Report periods (pure): a day, an ISO week or a month in the office zone, as UTC-aware bounds."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo


class BadPeriod(ValueError):
    pass


EARLIEST = date(1990, 1, 1)  # the sane range of core.dates: 1990 .. today + 2 years


def _sane(period: Period) -> Period:
    today = datetime.now(period.tz).date()
    try:
        latest = today.replace(year=today.year + 2)
    except ValueError:  # 29 February
        latest = today.replace(year=today.year + 2, day=28)
    if period.first_day < EARLIEST or period.last_day > latest:
        raise BadPeriod(f"period must lie between {EARLIEST.isoformat()} and {latest.isoformat()}")
    return period


@dataclass(frozen=True)
class Period:
    label: str
    first_day: date
    last_day: date  # inclusive
    tz: ZoneInfo
    kind: str = "range"  # day | week | month | range

    @property
    def start(self) -> datetime:
        return datetime.combine(self.first_day, time.min, self.tz)

    @property
    def end(self) -> datetime:
        """Exclusive upper bound."""
        return datetime.combine(self.last_day + timedelta(days=1), time.min, self.tz)


def day_period(value: str, tz: ZoneInfo) -> Period:
    try:
        day = date.fromisoformat(value)
    except (TypeError, ValueError) as exc:
        raise BadPeriod(f"date must be YYYY-MM-DD, got {value!r}") from exc
    return _sane(Period(day.isoformat(), day, day, tz, "day"))


_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")


def week_period(value: str, tz: ZoneInfo) -> Period:
    match = _WEEK.match(value or "")
    if not match:
        raise BadPeriod(f"week must be YYYY-Www (ISO week), got {value!r}")
    if not 1000 <= int(match[1]) < 9999:
        raise BadPeriod(f"week out of range: {value!r}")
    try:
        monday = date.fromisocalendar(int(match[1]), int(match[2]), 1)
    except ValueError as exc:
        raise BadPeriod(f"no such ISO week: {value!r}") from exc
    return _sane(Period(value, monday, monday + timedelta(days=6), tz, "week"))


_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def month_period(value: str, tz: ZoneInfo) -> Period:
    match = _MONTH.match(value or "")
    if not match or not 1 <= int(match[2]) <= 12:
        raise BadPeriod(f"month must be YYYY-MM, got {value!r}")
    first = date(int(match[1]), int(match[2]), 1)
    if first.year >= 9999:
        raise BadPeriod(f"month out of range: {value!r}")
    next_first = date(first.year + (first.month == 12), first.month % 12 + 1, 1)
    return _sane(Period(value, first, next_first - timedelta(days=1), tz, "month"))


def week_label(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def month_label(day: date) -> str:
    return f"{day.year}-{day.month:02d}"


def previous_period(period: Period) -> Period:
    """The period of the same kind just before `period` (yesterday, last week, last month; a range
    of the same length ending the day before)."""
    if period.kind == "day":
        return day_period((period.first_day - timedelta(days=1)).isoformat(), period.tz)
    if period.kind == "week":
        return week_period(week_label(period.first_day - timedelta(days=7)), period.tz)
    if period.kind == "month":
        return month_period(month_label(period.first_day - timedelta(days=1)), period.tz)
    length = period.last_day - period.first_day
    last = period.first_day - timedelta(days=1)
    first = last - length
    return Period(f"{first.isoformat()}/{last.isoformat()}", first, last, period.tz)
