"""Working-time arithmetic for SLA clocks: pure, no ORM, `now` always passed in.

A `WorkingCalendar` knows the weekly office blocks (several per day: lunch, Friday prayer),
closed days (public holidays, office closures) and date-range overrides with their own weekly
blocks (Ramadan hours, registration waves). All instants are timezone-aware; any zone in,
the office zone out.
"""

from __future__ import annotations

from collections.abc import Container, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

Block = tuple[time, time]
WeeklyBlocks = Mapping[int, Sequence[Block]]  # weekday (Monday=0) -> blocks

# A calendar with no working block in this many days is treated as broken, not waited out.
MAX_SEARCH_DAYS = 3 * 366

DEFAULT_WEEKLY: dict[int, tuple[Block, ...]] = {weekday: ((time(8, 0), time(16, 0)),) for weekday in range(5)}


@dataclass(frozen=True)
class Override:
    starts_on: date
    ends_on: date
    weekly: WeeklyBlocks

    def covers(self, day: date) -> bool:
        return self.starts_on <= day <= self.ends_on


@dataclass(frozen=True)
class WorkingCalendar:
    tz: ZoneInfo
    weekly: WeeklyBlocks = field(default_factory=lambda: DEFAULT_WEEKLY)
    holidays: Container[date] = frozenset()
    closures: Sequence[tuple[date, date]] = ()
    overrides: Sequence[Override] = ()

    def is_closed(self, day: date) -> bool:
        return day in self.holidays or any(start <= day <= end for start, end in self.closures)

    def blocks_on(self, day: date) -> list[Block]:
        if self.is_closed(day):
            return []
        weekly = self.weekly
        for override in self.overrides:
            if override.covers(day):
                weekly = override.weekly
                break
        return sorted(weekly.get(day.weekday(), ()))

    def intervals_on(self, day: date) -> list[tuple[datetime, datetime]]:
        return [
            (datetime.combine(day, start, self.tz), datetime.combine(day, end, self.tz))
            for start, end in self.blocks_on(day)
        ]


def _require_aware(moment: datetime, name: str) -> None:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware, got {moment!r}")


def _intervals_from(calendar: WorkingCalendar, start: datetime) -> Iterator[tuple[datetime, datetime]]:
    """Working intervals, clipped to begin no earlier than `start`, in order."""
    day = start.astimezone(calendar.tz).date()
    empty_days = 0
    while True:
        intervals = calendar.intervals_on(day)
        if intervals:
            empty_days = 0
        else:
            empty_days += 1
            if empty_days > MAX_SEARCH_DAYS:
                raise ValueError("The working calendar has no working hours in the next three years.")
        for block_start, block_end in intervals:
            if block_end <= start:
                continue
            yield max(block_start, start), block_end
        day += timedelta(days=1)


def is_working_time(calendar: WorkingCalendar, moment: datetime) -> bool:
    _require_aware(moment, "moment")
    local = moment.astimezone(calendar.tz)
    return any(start <= local < end for start, end in calendar.intervals_on(local.date()))


def next_working_instant(calendar: WorkingCalendar, moment: datetime) -> datetime:
    """`moment` itself when inside office hours, otherwise the start of the next working block."""
    _require_aware(moment, "moment")
    local = moment.astimezone(calendar.tz)
    for start, end in _intervals_from(calendar, local):
        if start < end:
            return start
    raise AssertionError("unreachable")  # _intervals_from never ends without a block


def add_working_minutes(calendar: WorkingCalendar, start: datetime, minutes: int | float) -> datetime:
    """The instant `minutes` of working time after `start` (an SLA due time)."""
    _require_aware(start, "start")
    if minutes < 0:
        raise ValueError("minutes must not be negative")
    local = start.astimezone(calendar.tz)
    remaining = timedelta(minutes=minutes)
    if not remaining:
        return local
    for block_start, block_end in _intervals_from(calendar, local):
        available = block_end - block_start
        if remaining <= available:
            return block_start + remaining
        remaining -= available
    raise AssertionError("unreachable")


def working_time_between(calendar: WorkingCalendar, start: datetime, end: datetime) -> timedelta:
    """Working time elapsed from `start` to `end`; negative when `end` is before `start`."""
    _require_aware(start, "start")
    _require_aware(end, "end")
    if end < start:
        return -working_time_between(calendar, end, start)
    local_start = start.astimezone(calendar.tz)
    local_end = end.astimezone(calendar.tz)
    total = timedelta()
    day = local_start.date()
    while day <= local_end.date():
        for block_start, block_end in calendar.intervals_on(day):
            overlap_start = max(block_start, local_start)
            overlap_end = min(block_end, local_end)
            if overlap_end > overlap_start:
                total += overlap_end - overlap_start
        day += timedelta(days=1)
    return total


def working_minutes_between(calendar: WorkingCalendar, start: datetime, end: datetime) -> float:
    return working_time_between(calendar, start, end).total_seconds() / 60
