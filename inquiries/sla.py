"""SLA clocks of an inquiry (SOP 02 stage 1.3, ITB target), from the office's working calendar.

First response: 2 working hours after receipt (receipt = the platform's timestamp).
Resolution: 24 hours counted from the first working instant at or after receipt, so a message of
Saturday 21:00 is due Tuesday 08:00 (Monday-Friday 08:00-16:00), never on Sunday night. It is never
due before the first response is due either: when a long closure pushes the first response past the
24 hours, the resolution is due with it, so answering in time can never breach the ticket.
Both lengths are settings (`INQUIRY_FIRST_RESPONSE_WORKING_MINUTES`, `INQUIRY_RESOLUTION_HOURS`).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from core import workhours

FIRST_RESPONSE_WORKING_MINUTES = 120
RESOLUTION_CLOCK_HOURS = 24
# Default due time of an escalation to a unit: half a working day (Unmul: 10 minutes to 1 day per step).
ESCALATION_WORKING_MINUTES = 240


def configured_first_response_minutes() -> int:
    from django.conf import settings

    return getattr(settings, "INQUIRY_FIRST_RESPONSE_WORKING_MINUTES", FIRST_RESPONSE_WORKING_MINUTES)


def configured_resolution_hours() -> int:
    from django.conf import settings

    return getattr(settings, "INQUIRY_RESOLUTION_HOURS", RESOLUTION_CLOCK_HOURS)


def first_response_due(
    calendar: workhours.WorkingCalendar, received_at: datetime, *, minutes: int | None = None
) -> datetime:
    minutes = configured_first_response_minutes() if minutes is None else minutes
    return workhours.add_working_minutes(calendar, received_at, minutes)


def resolution_due(
    calendar: workhours.WorkingCalendar,
    received_at: datetime,
    *,
    hours: int | None = None,
    first_response_minutes: int | None = None,
) -> datetime:
    hours = configured_resolution_hours() if hours is None else hours
    start = workhours.next_working_instant(calendar, received_at)
    first_due = first_response_due(calendar, received_at, minutes=first_response_minutes)
    return max(start + timedelta(hours=hours), first_due)


def escalation_due(calendar: workhours.WorkingCalendar, now: datetime) -> datetime:
    return workhours.add_working_minutes(calendar, now, ESCALATION_WORKING_MINUTES)
