"""SLA clocks of an inquiry (SOP 02 stage 1.3, ITB target), from the office's working calendar.

First response: 2 working hours after receipt (receipt = the platform's timestamp).
Resolution: 24 clock hours after receipt — the ITB target "tickets resolved within 24 hours" and the
monthly report's `resolved_within_24h_pct` count calendar hours, so the clock does too.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from core import workhours

FIRST_RESPONSE_WORKING_MINUTES = 120
RESOLUTION_CLOCK_HOURS = 24
# Default due time of an escalation to a unit: half a working day (Unmul: 10 minutes to 1 day per step).
ESCALATION_WORKING_MINUTES = 240


def first_response_due(calendar: workhours.WorkingCalendar, received_at: datetime) -> datetime:
    return workhours.add_working_minutes(calendar, received_at, FIRST_RESPONSE_WORKING_MINUTES)


def resolution_due(received_at: datetime) -> datetime:
    return received_at + timedelta(hours=RESOLUTION_CLOCK_HOURS)


def escalation_due(calendar: workhours.WorkingCalendar, now: datetime) -> datetime:
    return workhours.add_working_minutes(calendar, now, ESCALATION_WORKING_MINUTES)
