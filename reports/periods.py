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
    return _sane(Period(day.isoformat(), day, day, tz))


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
    return _sane(Period(value, monday, monday + timedelta(days=6), tz))


_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def month_period(value: str, tz: ZoneInfo) -> Period:
    match = _MONTH.match(value or "")
    if not match or not 1 <= int(match[2]) <= 12:
        raise BadPeriod(f"month must be YYYY-MM, got {value!r}")
    first = date(int(match[1]), int(match[2]), 1)
    if first.year >= 9999:
        raise BadPeriod(f"month out of range: {value!r}")
    next_first = date(first.year + (first.month == 12), first.month % 12 + 1, 1)
    return _sane(Period(value, first, next_first - timedelta(days=1), tz))


def week_label(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def month_label(day: date) -> str:
    return f"{day.year}-{day.month:02d}"
