from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import roles
from core.dates import SaneDateTimeField
from inquiries.models import Category, ChainRole, Channel, InquiryStatus, Level, Unit
from inquiries.selectors import SLA_STATES, InboxFilters
from leads.models import LeadSource
from leads.phones import InvalidPhoneNumber, normalize_phone

MANUAL_CHANNELS = [Channel.LINKEDIN, Channel.PHONE, Channel.COMMENT, Channel.EMAIL, Channel.WEBSITE]
SLA_LABELS = {"breached": _("Lewat SLA"), "due_soon": _("Segera jatuh tempo"), "ok": _("Dalam SLA")}


class InboxFilterForm(forms.Form):
    mine = forms.BooleanField(label=_("Milik saya"), required=False)
    unassigned = forms.BooleanField(label=_("Belum ditugaskan"), required=False)
    channel = forms.ChoiceField(
        label=_("Kanal"), required=False, choices=[("", _("Semua kanal"))] + Channel.choices
    )
    level = forms.ChoiceField(
        label=_("Level"),
        required=False,
        choices=[("", _("Semua level")), ("none", _("Belum ditriase"))]
        + [(str(value), label) for value, label in Level.choices],
    )
    category = forms.ModelChoiceField(
        label=_("Kategori"), required=False, queryset=Category.objects.all(), empty_label=_("Semua kategori")
    )
    sla = forms.ChoiceField(
        label=_("SLA"),
        required=False,
        choices=[("", _("Semua SLA"))] + [(s, SLA_LABELS[s]) for s in SLA_STATES],
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Aktif")), ("all", _("Semua status"))] + InquiryStatus.choices,
    )

    def filters(self) -> InboxFilters:
        data = self.cleaned_data if self.is_valid() else {}
        category = data.get("category")
        return InboxFilters(
            mine=bool(data.get("mine")),
            unassigned=bool(data.get("unassigned")),
            channel=data.get("channel", ""),
            level=data.get("level", ""),
            category=str(category.pk) if category else "",
            sla=data.get("sla", ""),
            status=data.get("status", ""),
        )


class ReplyForm(forms.Form):
    body = forms.CharField(label=_("Balasan"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000)


class TriageForm(forms.Form):
    level = forms.TypedChoiceField(label=_("Level"), choices=Level.choices, coerce=int)
    category = forms.ModelChoiceField(label=_("Kategori"), queryset=Category.objects.filter(is_active=True))


def staff_for_assignment():
    return (
        get_user_model()
        .objects.filter(
            groups__name__in=[roles.ADMIN_MEDIA_SOSIAL, roles.HUMAS, roles.SUPERVISOR], is_active=True
        )
        .distinct()
        .order_by("username")
    )


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(
        label=_("Tugaskan ke"),
        queryset=get_user_model().objects.none(),
        required=False,
        empty_label=_("— belum ditugaskan —"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = staff_for_assignment()


class EscalateForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.all())
    question = forms.CharField(
        label=_("Pertanyaan untuk unit"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )
    due_at = SaneDateTimeField(
        label=_("Batas waktu (opsional)"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )

    def clean_due_at(self):
        due = self.cleaned_data.get("due_at")
        if due and due <= timezone.now():
            raise forms.ValidationError(_("Batas waktu harus di masa depan."))
        return due


class CloseForm(forms.Form):
    category = forms.ModelChoiceField(label=_("Kategori"), queryset=Category.objects.filter(is_active=True))
    note = forms.CharField(
        label=_("Catatan penyelesaian"), widget=forms.Textarea(attrs={"rows": 2}), max_length=4000
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Jawaban unit"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000
    )


class ForwardForm(forms.Form):
    to_role = forms.ChoiceField(label=_("Teruskan ke"), choices=ChainRole.choices)
    note = forms.CharField(
        label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class ValidateForm(forms.Form):
    note = forms.CharField(
        label=_("Catatan validasi"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class RelayForm(forms.Form):
    body = forms.CharField(
        label=_("Pesan ke penanya"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000
    )


class ManualInquiryForm(forms.Form):
    channel = forms.ChoiceField(label=_("Kanal"), choices=[(c.value, c.label) for c in MANUAL_CHANNELS])
    lead_source = forms.ChoiceField(
        label=_("Sumber"),
        required=False,
        choices=[
            ("", _("Otomatis")),
            (LeadSource.WALK_IN, LeadSource.WALK_IN.label),
            (LeadSource.SOCIAL_MEDIA, LeadSource.SOCIAL_MEDIA.label),
            (LeadSource.WEBSITE, LeadSource.WEBSITE.label),
            (LeadSource.OTHER, LeadSource.OTHER.label),
        ],
    )
    contact_name = forms.CharField(label=_("Nama penanya"), max_length=160)
    phone = forms.CharField(label=_("Telepon/WhatsApp"), required=False, max_length=40)
    email = forms.EmailField(label=_("Email"), required=False)
    handle = forms.CharField(label=_("Akun (LinkedIn/Instagram)"), required=False, max_length=80)
    text = forms.CharField(
        label=_("Isi pertanyaan"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000
    )
    received_at = SaneDateTimeField(
        allow_future=False,
        label=_("Diterima pada"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )

    def clean_phone(self) -> str:
        raw = self.cleaned_data.get("phone", "").strip()
        if not raw:
            return ""
        try:
            return normalize_phone(raw)
        except InvalidPhoneNumber as exc:
            raise forms.ValidationError(str(exc)) from exc

    def clean_received_at(self):
        received = self.cleaned_data.get("received_at")
        if received and received > timezone.now():
            raise forms.ValidationError(_("Waktu diterima tidak boleh di masa depan."))
        return received


class SurveyForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("Nilai"), choices=[(i, str(i)) for i in range(1, 6)], coerce=int, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("Komentar (opsional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


class CategoryForm(forms.ModelForm):
    """The supervisor's triage categories (ITB: the supervisor prepares the categories)."""

    class Meta:
        model = Category
        fields = ["name", "level", "keywords", "default_unit", "is_active"]
        widgets = {"keywords": forms.Textarea(attrs={"rows": 3})}

    def clean_keywords(self) -> str:
        from inquiries.triage import parse_keywords

        return "\n".join(parse_keywords(self.cleaned_data.get("keywords", "")))
