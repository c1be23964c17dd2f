"""Forms of the newsletter campaign pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from leads.campaigns import selectors
from leads.models import Campaign
from leads.selectors import segments_for

_DATETIME = forms.DateTimeInput(
    attrs={"type": "datetime-local", "class": "form-control"}, format="%Y-%m-%dT%H:%M"
)
_DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


class CampaignForm(forms.Form):
    name = forms.CharField(
        label=_("Nama kampanye"), max_length=120, widget=forms.TextInput(attrs={"class": "form-control"})
    )
    template = forms.ModelChoiceField(
        label=_("Template newsletter (disetujui)"),
        queryset=selectors.newsletter_templates(),
        widget=forms.Select(attrs={"class": "form-select"}),
        help_text=_(
            "Hanya versi yang disetujui yang dikirim; revisi yang belum disetujui tidak pernah terkirim."
        ),
    )
    segment = forms.ModelChoiceField(
        label=_("Segmen tersimpan"), queryset=None, widget=forms.Select(attrs={"class": "form-select"})
    )
    frequency = forms.ChoiceField(
        label=_("Frekuensi"),
        choices=Campaign.Frequency.choices,
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["segment"].queryset = segments_for(user)
        self.fields["template"].label_from_instance = lambda template: template.name


class NewCampaignForm(CampaignForm):
    next_run_at = forms.DateTimeField(
        label=_("Kirim pertama mulai"),
        required=False,
        widget=_DATETIME,
        input_formats=_DATETIME_FORMATS,
        help_text=_("Kosong = pada jadwal berikutnya setelah disetujui"),
    )


class ScheduleForm(forms.Form):
    next_run_at = forms.DateTimeField(
        label=_("Kirim pertama mulai"), required=False, widget=_DATETIME, input_formats=_DATETIME_FORMATS
    )
    is_active = forms.BooleanField(
        label=_("Aktif"), required=False, widget=forms.CheckboxInput(attrs={"class": "form-check-input"})
    )


class ReviewForm(forms.Form):
    note = forms.CharField(
        label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"})
    )
