"""The sane range for every date a person types or an API sends (no 500 on year 1 or 9999).

Dates before 1990 or after today + 2 years are typing mistakes in an admissions office; dates in
the future are refused where they cannot mean anything (when a lead was obtained, when a message
was received, when a call happened) and allowed where they are plans (a follow-up, a filter end).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

EARLIEST = dt.date(1990, 1, 1)
FUTURE_YEARS = 2


def latest(today: dt.date) -> dt.date:
    try:
        return today.replace(year=today.year + FUTURE_YEARS)
    except ValueError:  # 29 February
        return today.replace(year=today.year + FUTURE_YEARS, day=28)


def check_date(value: dt.date, *, today: dt.date | None = None, allow_future: bool = True) -> dt.date:
    """`value` when it lies in the sane range, else ValidationError with a message saying the range."""
    today = today or timezone.localdate()
    day = value.date() if isinstance(value, dt.datetime) else value
    end = latest(today) if allow_future else today
    if day < EARLIEST or day > end:
        raise ValidationError(
            _("Tanggal harus antara %(start)s dan %(end)s.")
            % {"start": EARLIEST.isoformat(), "end": end.isoformat()},
            code="date_out_of_range",
        )
    return value


def check_moment(
    value: dt.datetime, *, now: dt.datetime | None = None, allow_future: bool = True, slack_minutes: int = 5
) -> dt.datetime:
    """Like check_date for a datetime; a past-only moment may be a few minutes ahead (clock skew)."""
    now = now or timezone.now()
    if not allow_future and value > now + dt.timedelta(minutes=slack_minutes):
        raise ValidationError(_("Waktu tidak boleh di masa depan."), code="future")
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    check_date(local.date(), today=timezone.localtime(now).date(), allow_future=True)
    return value
