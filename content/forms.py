"""Forms of the content plan: they validate and coerce; services write."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from content.models import ChecklistPoint, ContentChannel, ContentItem, ContentStatus
from core import roles
from core.people import name_people_in
from leads.models import StudyProgram

CONTENT_ROLES = [roles.ADMIN_MEDIA_SOSIAL, roles.HUMAS, roles.HUMAS_COORDINATOR, roles.KADIV]


def content_staff():
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name__in=CONTENT_ROLES)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class ContentItemForm(forms.ModelForm):
    target_url = forms.URLField(
        label=_("Tujuan tautan"),
        required=False,
        assume_scheme="https",
        help_text=_("Kosongkan untuk formulir minat publik"),
    )
    url = forms.URLField(label=_("URL publik"), required=False, assume_scheme="https")

    class Meta:
        model = ContentItem
        fields = [
            "title",
            "channel",
            "program",
            "campaign",
            "brief",
            "caption",
            "target_url",
            "owner",
            "scheduled_at",
            "cost",
            "url",
            "media_id",
        ]
        widgets = {
            "brief": forms.Textarea(attrs={"rows": 3}),
            "caption": forms.Textarea(attrs={"rows": 4}),
            "scheduled_at": DATETIME_WIDGET,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = content_staff()
        name_people_in(self.fields["owner"])
        self.fields["program"].queryset = StudyProgram.objects.filter(is_active=True)
        self.fields["scheduled_at"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
        if self.instance.pk:
            # The code's prefix is the channel; it stays what it was created with.
            self.fields["channel"].disabled = True
        else:
            for name in ("url", "media_id"):
                del self.fields[name]


class TransitionForm(forms.Form):
    status = forms.ChoiceField(choices=ContentStatus.choices, widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("Catatan"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    scheduled_at = forms.DateTimeField(
        label=_("Jadwal tayang"), required=False, widget=DATETIME_WIDGET, input_formats=["%Y-%m-%dT%H:%M"]
    )
    url = forms.URLField(label=_("URL publik"), required=False, assume_scheme="https")
    media_id = forms.CharField(label=_("Media id platform"), required=False, max_length=80)

    def clean(self):
        data = super().clean()
        if data.get("status") == ContentStatus.CHANGES_REQUESTED and not data.get("note"):
            self.add_error("note", _("Tuliskan apa yang perlu direvisi."))
        return data


class ChecklistForm(forms.Form):
    points = forms.MultipleChoiceField(
        label=_("Periksa ulang sebelum memposting"),
        choices=ChecklistPoint.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class AssetForm(forms.Form):
    name = forms.CharField(label=_("Nama"), required=False, max_length=160)
    link = forms.URLField(label=_("Tautan"), required=False, assume_scheme="https")
    file = forms.FileField(label=_("Berkas"), required=False)

    def clean(self):
        data = super().clean()
        if bool(data.get("link")) == bool(data.get("file")):
            raise forms.ValidationError(_("Isi tautan atau pilih berkas (salah satu)."))
        return data


class _BootstrapFilterForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            is_select = isinstance(field.widget, forms.Select)
            field.widget.attrs["class"] = (
                "form-select form-select-sm" if is_select else "form-control form-control-sm"
            )


class CalendarFilterForm(_BootstrapFilterForm):
    view = forms.ChoiceField(
        choices=[
            ("month", pgettext_lazy("calendar view", "Bulan")),
            ("week", pgettext_lazy("calendar view", "Minggu")),
        ],
        required=False,
    )
    date = forms.DateField(required=False)
    channel = forms.ChoiceField(choices=[("", _("Semua kanal")), *ContentChannel.choices], required=False)
    program = forms.ModelChoiceField(
        queryset=StudyProgram.objects.filter(is_active=True), required=False, empty_label=_("Semua prodi")
    )
    campaign = forms.CharField(required=False, max_length=80)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].widget.input_type = "date"


class ListFilterForm(_BootstrapFilterForm):
    q = forms.CharField(label=_("Cari judul atau kode"), required=False, max_length=80)
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Semua status")), *ContentStatus.choices], required=False
    )
    channel = forms.ChoiceField(
        label=_("Kanal"), choices=[("", _("Semua kanal")), *ContentChannel.choices], required=False
    )
    campaign = forms.CharField(label=_("Kampanye"), required=False, max_length=80)


class AttributeLeadForm(forms.Form):
    code = forms.CharField(label=_("Kode konten"), max_length=12)

    def clean_code(self) -> ContentItem:
        code = self.cleaned_data["code"].strip().upper()
        item = ContentItem.objects.filter(code=code).first()
        if item is None:
            raise forms.ValidationError(_("Tidak ada konten dengan kode %(code)s.") % {"code": code})
        return item
