from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from leads.models import LeadSource
from reports import periods


class SourceCostForm(forms.Form):
    month = forms.CharField(label=_("Bulan"), widget=forms.TextInput(attrs={"type": "month"}))
    source = forms.ChoiceField(label=_("Sumber"), choices=LeadSource.choices)
    event = forms.CharField(
        label=_("Acara (opsional)"),
        max_length=200,
        required=False,
        help_text=_("Tulis persis seperti “detail sumber” calon mahasiswa dari acara itu."),
    )
    amount = forms.DecimalField(label=_("Biaya (Rp)"), min_value=0, max_digits=14, decimal_places=0)
    note = forms.CharField(label=_("Keterangan"), max_length=200, required=False)

    def clean_month(self) -> date:
        try:
            return periods.month_period(
                self.cleaned_data["month"], ZoneInfo(settings.OFFICE_TIME_ZONE)
            ).first_day
        except periods.BadPeriod as exc:
            raise forms.ValidationError(_("Bulan harus berformat TTTT-BB, mis. 2026-11.")) from exc
