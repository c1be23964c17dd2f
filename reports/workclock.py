"""Working minutes between many pairs of instants, fast (pure).

`core.workhours.working_minutes_between` walks the calendar day by day for every pair; a month of
first responses is tens of thousands of pairs. Here the office's working intervals over the whole span
are laid out once (from the same `WorkingCalendar.intervals_on`), each with the working seconds before
it, so that one instant's position on the working clock is a binary search and a pair is a subtraction.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from datetime import date, datetime, timedelta

from core.workhours import WorkingCalendar


class WorkingClock:
    def __init__(self, calendar: WorkingCalendar, first_day: date, last_day: date):
        self.first_day = first_day
        self.last_day = last_day
        self._starts: list[float] = []
        self._ends: list[float] = []
        self._before: list[float] = []  # working seconds from the first interval up to this one's start
        elapsed = 0.0
        day = first_day
        while day <= last_day:
            for start, end in calendar.intervals_on(day):
                self._starts.append(start.timestamp())
                self._ends.append(end.timestamp())
                self._before.append(elapsed)
                elapsed += (end - start).total_seconds()
            day += timedelta(days=1)

    def position(self, moment: datetime) -> float:
        """Working seconds elapsed from the start of `first_day` to `moment` (inside the span)."""
        stamp = moment.timestamp()
        index = bisect_right(self._starts, stamp) - 1
        if index < 0:
            return 0.0
        return self._before[index] + min(stamp, self._ends[index]) - self._starts[index]

    def minutes_between(self, start: datetime, end: datetime) -> float:
        return (self.position(end) - self.position(start)) / 60


def working_minutes(calendar: WorkingCalendar, pairs: list[tuple[datetime, datetime]]) -> list[float]:
    """Working minutes from each pair's first to its second instant (second >= first)."""
    if not pairs:
        return []
    tz = calendar.tz
    first = min(start for start, _ in pairs).astimezone(tz).date()
    last = max(end for _, end in pairs).astimezone(tz).date()
    clock = WorkingClock(calendar, first, last)
    return [clock.minutes_between(start, end) for start, end in pairs]


def percentile(sorted_values: list[float], fraction: float) -> float | None:
    """Nearest-rank percentile of already sorted values (the median is `fraction=0.5`)."""
    if not sorted_values:
        return None
    rank = max(1, math.ceil(fraction * len(sorted_values)))
    return sorted_values[rank - 1]
