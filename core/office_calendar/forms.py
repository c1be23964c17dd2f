"""Forms of the office calendar page: weekly hours as text per weekday, a closure, an override."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.models import Weekday
from core.office_calendar.hours_text import BadHours, parse_blocks

_DATE = forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d")


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
        return data


class ClosureForm(forms.Form):
    name = forms.CharField(
        label=_("Nama"), max_length=120, widget=forms.TextInput(attrs={"class": "form-control"})
    )
    starts_on = forms.DateField(label=_("Dari tanggal"), widget=_DATE)
    ends_on = forms.DateField(label=_("Sampai tanggal"), widget=_DATE)

    def clean(self) -> dict:
        super().clean()
        data = self.cleaned_data
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            raise forms.ValidationError(_("Tanggal akhir sebelum tanggal awal."))
        return data


class OverrideForm(ClosureForm, WeeklyHoursForm):
    pass
