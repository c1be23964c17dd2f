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
    try:
        local = timezone.localtime(value) if timezone.is_aware(value) else value
    except OverflowError as exc:  # 9999-12-31 23:59 UTC is already year 10000 in Jakarta
        raise ValidationError(
            _("Tanggal di luar rentang yang masuk akal."), code="date_out_of_range"
        ) from exc
    check_date(local.date(), today=timezone.localtime(now).date(), allow_future=True)
    return value


# --- fields that enforce the range (forms, filters, API) --------------------------------------

from django import forms  # noqa: E402
from rest_framework import serializers  # noqa: E402


def _overflow_safe(parse, value):
    try:
        return parse(value)
    except OverflowError as exc:  # year 1 or 9999 moved across a time zone
        raise ValidationError(
            _("Tanggal di luar rentang yang masuk akal."), code="date_out_of_range"
        ) from exc


class SaneDateField(forms.DateField):
    """A date in 1990..today+2 years (or ..today with allow_future=False)."""

    def __init__(self, *args, allow_future: bool = True, **kwargs):
        self.allow_future = allow_future
        super().__init__(*args, **kwargs)

    def clean(self, value):
        day = _overflow_safe(super().clean, value)
        return check_date(day, allow_future=self.allow_future) if day else day


class SaneDateTimeField(forms.DateTimeField):
    """A moment in 1990..today+2 years (or not in the future with allow_future=False)."""

    def __init__(self, *args, allow_future: bool = True, **kwargs):
        self.allow_future = allow_future
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        return _overflow_safe(super().to_python, value)

    def clean(self, value):
        moment = super().clean(value)
        return check_moment(moment, allow_future=self.allow_future) if moment else moment


class SaneDateTimeSerializerField(serializers.DateTimeField):
    """The API's datetime with the same range; `allow_future=False` for things that already happened."""

    def __init__(self, *args, allow_future: bool = True, **kwargs):
        self.allow_future = allow_future
        super().__init__(*args, **kwargs)

    def to_internal_value(self, value):
        try:
            moment = super().to_internal_value(value)
            if moment is not None:
                check_moment(moment, allow_future=self.allow_future)
        except OverflowError as exc:
            raise serializers.ValidationError(_("Tanggal di luar rentang yang masuk akal.")) from exc
        except ValidationError as exc:
            raise serializers.ValidationError(exc.messages) from exc
        return moment
