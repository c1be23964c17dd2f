"""Forms of the office calendar page: weekly hours as text per weekday, a closure, an override."""

from __future__ import annotations

from datetime import date, timedelta

from django import forms
from django.utils.translation import gettext_lazy as _

from core.models import Weekday
from core.office_calendar.hours_text import BadHours, parse_blocks

_DATE = forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d")
# Every SLA clock searches forward for working time: a week without hours, or a closure or
# override over years, would leave no working instant at all. Bounded here, at the source.
MAX_CLOSURE_DAYS = 62
MAX_OVERRIDE_DAYS = 366
EARLIEST = date(2000, 1, 1)
LATEST_YEARS_AHEAD = 5


class WeeklyHoursForm(forms.Form):
    """One field per weekday; empty = closed; a gap between blocks is a break."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for weekday, label in Weekday.choices:
            self.fields[f"day_{weekday}"] = forms.CharField(
                label=label,
                required=False,
                max_length=200,
                # An empty day is a closed day: the placeholder says so rather than suggesting hours.
                widget=forms.TextInput(attrs={"class": "form-control", "placeholder": _("tutup")}),
            )

    def clean(self) -> dict:
        super().clean()
        data = self.cleaned_data
        weekly = {}
        for weekday, _label in Weekday.choices:
            try:
                weekly[weekday] = parse_blocks(data.get(f"day_{weekday}", ""))
            except BadHours as exc:
                self.add_error(f"day_{weekday}", str(exc))
        data["weekly"] = weekly
        if self.needs_working_week and not self.errors and not any(weekly.values()):
            raise forms.ValidationError(_("Minggu kerja tanpa jam kerja sama sekali tidak dapat disimpan."))
        return data

    needs_working_week = True


class ClosureForm(forms.Form):
    name = forms.CharField(
        label=_("Nama"), max_length=120, widget=forms.TextInput(attrs={"class": "form-control"})
    )
    starts_on = forms.DateField(label=_("Dari tanggal"), widget=_DATE)
    ends_on = forms.DateField(label=_("Sampai tanggal"), widget=_DATE)

    max_days = MAX_CLOSURE_DAYS

    def clean(self) -> dict:
        super().clean()
        data = self.cleaned_data
        start, end = data.get("starts_on"), data.get("ends_on")
        latest = date.today() + timedelta(days=365 * LATEST_YEARS_AHEAD)
        for value in (start, end):
            if value and not EARLIEST <= value <= latest:
                raise forms.ValidationError(_("Tanggal di luar rentang yang dapat dipakai."))
        if start and end:
            if end < start:
                raise forms.ValidationError(_("Tanggal akhir sebelum tanggal awal."))
            if (end - start).days >= self.max_days:
                raise forms.ValidationError(
                    _("Rentang paling panjang %(days)s hari.") % {"days": self.max_days}
                )
        return data


class OverrideForm(ClosureForm, WeeklyHoursForm):
    max_days = MAX_OVERRIDE_DAYS
    # An override may close every day of its (bounded) range, like a closure.
    needs_working_week = False
