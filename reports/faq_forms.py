"""Forms of the FAQ update page: the period and a proposal for the template library."""

from __future__ import annotations

from datetime import date, timedelta

from django import forms
from django.utils.translation import gettext_lazy as _

from core.models import ResponseTemplate, TemplateKind
from core.template_library.preview import unknown_placeholders

MAX_DAYS = 366
# Nothing was recorded before the CRM existed; a far date would overflow the period arithmetic.
EARLIEST = date(2000, 1, 1)


class FaqPeriodForm(forms.Form):
    date_from = forms.DateField(
        label=_("Dari"),
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
    )
    date_to = forms.DateField(
        label=_("Sampai"),
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
    )

    @staticmethod
    def default(today: date) -> dict:
        return {"date_from": today - timedelta(days=29), "date_to": today}

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        for value in (start, end):
            if value and not EARLIEST <= value <= date.today() + timedelta(days=366):
                raise forms.ValidationError(_("Tanggal di luar rentang laporan."))
        if start and end:
            if end < start:
                raise forms.ValidationError(_("Tanggal akhir sebelum tanggal awal."))
            if (end - start).days >= MAX_DAYS:
                raise forms.ValidationError(_("Periode paling panjang satu tahun."))
        return data


class FaqProposalForm(forms.Form):
    template = forms.ModelChoiceField(
        label=_("Revisi jawaban FAQ yang ada"),
        queryset=ResponseTemplate.objects.filter(kind=TemplateKind.FAQ).order_by("name"),
        required=False,
        empty_label=_("— jawaban FAQ baru —"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    name = forms.CharField(
        label=_("Nama (FAQ baru)"),
        max_length=120,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    category = forms.CharField(
        label=_("Kategori"),
        max_length=80,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    question = forms.CharField(
        label=_("Pertanyaan yang dijawab"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    body = forms.CharField(
        label=_("Jawaban yang diusulkan"), widget=forms.Textarea(attrs={"rows": 4, "class": "form-control"})
    )

    def clean_body(self) -> str:
        body = self.cleaned_data["body"].strip()
        unknown = unknown_placeholders(body)
        if unknown:
            raise forms.ValidationError(
                _("Placeholder tidak dikenal: %(names)s")
                % {"names": ", ".join("{" + n + "}" for n in unknown)}
            )
        return body

    def clean(self):
        data = super().clean()
        if not data.get("template") and not (data.get("name") or "").strip():
            self.add_error("name", _("Beri nama untuk jawaban FAQ baru, atau pilih jawaban yang direvisi."))
        return data
