"""Forms validate and coerce: phones come out E.164, emails lower-case, duplicates are named."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import roles
from core.dates import SaneDateTimeField
from core.ids import parse_id
from core.people import name_people_in
from leads.models import (
    Direction,
    InteractionKind,
    Lead,
    LeadStatus,
    Outcome,
    SavedSegment,
    StudyProgram,
    Temperature,
    VerificationState,
)
from leads.phones import InvalidPhoneNumber, normalize_email, normalize_phone
from leads.services import find_existing_lead

CONSENT_WORDING = _(
    "Saya bersedia menerima informasi penerimaan mahasiswa baru dari Politeknik Bintan Cakrawala melalui "
    "WhatsApp dan email, dan dapat berhenti kapan saja."
)

# A minute typed on a phone whose clock runs a little off is still "now".
_CLOCK_SLACK = dt.timedelta(minutes=5)

_DATETIME = forms.DateTimeInput(
    attrs={"type": "datetime-local", "class": "form-control"}, format="%Y-%m-%dT%H:%M"
)


def clean_phone_value(raw: str) -> str:
    if not (raw or "").strip():
        return ""
    try:
        return normalize_phone(raw)
    except InvalidPhoneNumber as exc:
        raise forms.ValidationError(str(exc)) from exc


def staff_users():
    return (
        get_user_model()
        .objects.filter(
            is_active=True, groups__name__in=[roles.ADMIN_MARKETING, roles.TELEMARKETING, roles.HUMAS]
        )
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


class LeadForm(forms.ModelForm):
    """Create or edit a lead; a contact owned by another lead is refused with a link to that lead."""

    consent = forms.BooleanField(label=CONSENT_WORDING, required=False)
    obtained_at = SaneDateTimeField(
        label=_("diperoleh pada"), allow_future=False, widget=_DATETIME, initial=timezone.now, required=False
    )

    class Meta:
        model = Lead
        fields = [
            "full_name",
            "phone",
            "whatsapp",
            "email",
            "instagram",
            "facebook",
            "linkedin",
            "identity_number",
            "source",
            "source_detail",
            "obtained_at",
            "track",
            "institution",
            "program",
            "temperature",
            "owner",
            "notes",
        ]
        widgets = {"obtained_at": _DATETIME, "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.duplicate: Lead | None = None
        self.fields["owner"].queryset = staff_users()
        name_people_in(self.fields["owner"])
        self.fields["program"].queryset = StudyProgram.objects.filter(is_active=True)
        self.fields["obtained_at"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"]
        if self.instance.pk:
            del self.fields["consent"]

    def clean_phone(self) -> str:
        return clean_phone_value(self.cleaned_data.get("phone", ""))

    def clean_obtained_at(self):
        value = self.cleaned_data.get("obtained_at")
        if value is not None and value > timezone.now() + _CLOCK_SLACK:
            raise forms.ValidationError(_("Tanggal diperoleh tidak boleh di masa depan."))
        return value or timezone.now()

    def clean_whatsapp(self) -> str:
        return clean_phone_value(self.cleaned_data.get("whatsapp", ""))

    def clean_email(self) -> str:
        return normalize_email(self.cleaned_data.get("email", ""))

    def clean(self):
        data = super().clean()
        contacts = {key: data.get(key) or "" for key in ("phone", "whatsapp", "email")}
        if not any(contacts.values()) and not self.errors:
            raise forms.ValidationError(_("Isi minimal satu kontak: telepon, WhatsApp atau email."))
        existing = find_existing_lead(**contacts)
        if existing is not None and existing.pk != self.instance.pk:
            self.duplicate = existing
            raise forms.ValidationError(
                _("Kontak ini sudah dimiliki calon mahasiswa lain: %(name)s (#%(id)s).")
                % {"name": existing.full_name, "id": existing.pk}
            )
        return data


class TransitionForm(forms.Form):
    status = forms.ChoiceField(label=_("Status baru"), choices=LeadStatus.choices)
    note = forms.CharField(label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    reason = forms.CharField(label=_("Alasan tanpa interaksi"), required=False, max_length=200)


class InteractionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Jenis"), choices=InteractionKind.choices, initial=InteractionKind.CALL)
    direction = forms.ChoiceField(label=_("Arah"), choices=Direction.choices, initial=Direction.OUTBOUND)
    outcome = forms.ChoiceField(label=_("Hasil"), choices=[("", "—")] + Outcome.choices, required=False)
    note = forms.CharField(label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    next_follow_up_at = SaneDateTimeField(
        label=_("Tindak lanjut berikutnya"),
        required=False,
        widget=_DATETIME,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    status = forms.ChoiceField(
        label=_("Ubah status (opsional)"), choices=[("", "—")] + LeadStatus.choices, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault(
                "class", "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            )

    def clean_next_follow_up_at(self):
        value = self.cleaned_data.get("next_follow_up_at")
        if value is not None and value < timezone.now() - _CLOCK_SLACK:
            raise forms.ValidationError(_("Tanggal tindak lanjut sudah lewat; pilih waktu yang akan datang."))
        return value

    def clean(self):
        data = super().clean()
        if data.get("kind") == InteractionKind.CALL and not data.get("outcome"):
            self.add_error("outcome", _("Pilih hasil panggilan."))
        return data


class VerifyForm(forms.Form):
    phone_state = forms.ChoiceField(label=_("Telepon"), choices=VerificationState.choices)
    email_state = forms.ChoiceField(label=_("Email"), choices=VerificationState.choices)
    name_state = forms.ChoiceField(label=_("Nama lengkap"), choices=VerificationState.choices)


class BulkActionForm(forms.Form):
    """The list's bulk bar: picked ids, or every lead matching `query` (capped, see leads.bulk)."""

    ACTIONS = [
        ("assign", _("Tetapkan pemilik")),
        ("temperature", _("Ubah suhu")),
        ("status", _("Ubah status")),
        ("segment", _("Tambahkan ke segmen")),
        ("export", _("Ekspor pilihan")),
    ]

    lead_ids = forms.TypedMultipleChoiceField(coerce=int, choices=(), required=False)
    all_matching = forms.BooleanField(required=False, widget=forms.HiddenInput)
    query = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)
    action = forms.ChoiceField(label=_("Aksi"), choices=ACTIONS)
    owner = forms.ModelChoiceField(
        label=_("Pemilik"), queryset=get_user_model().objects.none(), required=False
    )
    temperature = forms.ChoiceField(
        label=_("Suhu"), choices=[("", "—")] + Temperature.choices, required=False
    )
    status = forms.ChoiceField(
        label=_("Status baru"), choices=[("", "—")] + LeadStatus.choices, required=False
    )
    reason = forms.CharField(label=_("Alasan (untuk status)"), required=False, max_length=200)
    segment = forms.ModelChoiceField(label=_("Segmen"), queryset=SavedSegment.objects.none(), required=False)
    format = forms.ChoiceField(
        label=_("Format ekspor"), choices=[("csv", "CSV"), ("xlsx", "XLSX")], required=False
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = staff_users()
        name_people_in(self.fields["owner"])
        if user is not None:
            self.fields["segment"].queryset = SavedSegment.objects.filter(
                Q(is_shared=True) | Q(created_by=user)
            ).order_by("name")
        for name in ("action", "owner", "temperature", "status", "segment", "format"):
            self.fields[name].widget.attrs["class"] = "form-select form-select-sm"
        self.fields["reason"].widget.attrs["class"] = "form-control form-control-sm"
        self.fields["lead_ids"].valid_value = lambda value: parse_id(value) is not None

    def clean(self):
        data = super().clean()
        if not data.get("lead_ids") and not data.get("all_matching"):
            raise forms.ValidationError(_("Pilih minimal satu calon mahasiswa."))
        required = {
            "assign": ("owner", _("Pilih pemilik.")),
            "temperature": ("temperature", _("Pilih suhu.")),
            "status": ("status", _("Pilih status.")),
            "segment": ("segment", _("Pilih segmen.")),
        }.get(data.get("action"))
        if required and not data.get(required[0]):
            self.add_error(required[0], required[1])
        return data


class SegmentForm(forms.Form):
    name = forms.CharField(label=_("Nama segmen"), max_length=120)
    query = forms.CharField(required=False, max_length=1000, widget=forms.HiddenInput)
    is_shared = forms.BooleanField(label=_("Bagikan ke tim"), required=False, initial=True)


class MergeForm(forms.Form):
    keep = forms.IntegerField(label=_("Pertahankan calon mahasiswa #"), min_value=1)
    merge = forms.IntegerField(label=_("Gabungkan calon mahasiswa #"), min_value=1)

    def clean(self):
        data = super().clean()
        if data.get("keep") and data.get("keep") == data.get("merge"):
            raise forms.ValidationError(_("Pilih dua calon mahasiswa yang berbeda."))
        return data


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Berkas CSV atau XLSX"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Format berkas harus CSV atau XLSX."))
        limit = settings.IMPORT_MAX_UPLOAD_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("Berkas terlalu besar (maksimal %(mb)s MB).") % {"mb": limit // (1024 * 1024)}
            )
        return upload
