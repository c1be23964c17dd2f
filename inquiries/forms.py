from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import roles
from core.dates import SaneDateTimeField
from core.people import display_name, name_people_in
from inquiries.models import Category, ChainRole, Channel, InquiryStatus, Level, Unit
from inquiries.selectors import SLA_STATES, InboxFilters
from inquiries.triage import parse_keywords
from leads.forms import CONSENT_WORDING, clean_phone_value
from leads.models import LeadSource, StudyProgram, Track
from leads.phones import InvalidPhoneNumber, normalize_email, normalize_phone

MANUAL_CHANNELS = [Channel.LINKEDIN, Channel.PHONE, Channel.COMMENT, Channel.EMAIL, Channel.WEBSITE]
SLA_LABELS = {"breached": _("Lewat SLA"), "due_soon": _("Segera jatuh tempo"), "ok": _("Dalam SLA")}


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date", "class": "form-control form-control-sm"}, format="%Y-%m-%d")


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
    uncategorised = forms.BooleanField(label=_("Belum dikategorikan"), required=False)
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
    assignee = forms.ModelChoiceField(
        label=_("Petugas"),
        required=False,
        queryset=get_user_model().objects.none(),
        empty_label=_("Semua petugas"),
    )
    age = forms.ChoiceField(
        label=_("Umur tiket"),
        required=False,
        choices=[
            ("", _("Semua umur")),
            ("lt1d", _("Kurang dari 1 hari")),
            ("1to3d", _("1-3 hari")),
            ("gt3d", _("Lebih dari 3 hari")),
            ("gt7d", _("Lebih dari 7 hari")),
        ],
    )
    received_after = forms.DateField(label=_("Diterima sejak"), required=False, widget=_date_input())
    received_before = forms.DateField(label=_("Diterima sampai"), required=False, widget=_date_input())
    first_response = forms.ChoiceField(
        label=_("Respons pertama"),
        required=False,
        choices=[("", _("Semua")), ("on_time", _("Tepat waktu")), ("late", _("Terlambat"))],
    )
    # An id, not a select of every user: the inbox renders this form on every poll.
    answered_by = forms.IntegerField(
        label=_("Dijawab oleh (ID petugas)"),
        required=False,
        min_value=1,
        widget=forms.NumberInput(attrs={"class": "form-control form-control-sm"}),
    )
    answered_after = forms.DateField(label=_("Dijawab sejak"), required=False, widget=_date_input())
    answered_before = forms.DateField(label=_("Dijawab sampai"), required=False, widget=_date_input())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = staff_for_assignment()
        name_people_in(self.fields["assignee"])

    def filters(self) -> InboxFilters:
        data = self.cleaned_data if self.is_valid() else {}
        category = data.get("category")
        return InboxFilters(
            mine=bool(data.get("mine")),
            unassigned=bool(data.get("unassigned")),
            channel=data.get("channel", ""),
            level=data.get("level", ""),
            category=str(category.pk) if category else "",
            uncategorised=bool(data.get("uncategorised")),
            sla=data.get("sla", ""),
            status=data.get("status", ""),
            assignee=str(data["assignee"].pk) if data.get("assignee") else "",
            age=data.get("age", ""),
            received_after=_start_of_day(data.get("received_after")),
            received_before=_end_of_day(data.get("received_before")),
            first_response=data.get("first_response", ""),
            answered_by=data.get("answered_by"),
            answered_after=_start_of_day(data.get("answered_after")),
            answered_before=_end_of_day(data.get("answered_before")),
        )


def _start_of_day(day: dt.date | None) -> dt.datetime | None:
    """Midnight at the start of `day` in the office zone (the current time zone)."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min)) if day else None


def _end_of_day(day: dt.date | None) -> dt.datetime | None:
    """Exclusive bound: midnight after `day` in the office zone."""
    return _start_of_day(day + dt.timedelta(days=1)) if day else None


class ReplyForm(forms.Form):
    body = forms.CharField(label=_("Balasan"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000)
    # Set by the template picker: the approved version whose text was inserted (usage counts).
    template_version = forms.IntegerField(required=False, widget=forms.HiddenInput)


class TemplateReplyForm(forms.Form):
    template = forms.ModelChoiceField(label=_("Template WhatsApp"), queryset=None)

    def __init__(self, *args, **kwargs):
        from outbox.models import WhatsAppTemplate

        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = WhatsAppTemplate.objects.filter(is_active=True)


class NoteForm(forms.Form):
    internal_note = forms.CharField(label=_("Catatan internal"), max_length=4000)


class EmptyForm(forms.Form):
    """A button with no fields (the CSRF token is checked by the middleware)."""


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
        .order_by("first_name", "last_name", "username")
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
        name_people_in(self.fields["assignee"])


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
    """Forward up the chain: only higher offices are offered, the next one up preselected."""

    to_role = forms.ChoiceField(
        label=_("Teruskan ke"),
        choices=ChainRole.choices,
        widget=forms.Select(attrs={"class": "form-select form-select-sm mb-1"}),
    )
    note = forms.CharField(
        label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )

    def __init__(self, *args, current_role: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if current_role:
            from inquiries.services.escalations import CHAIN_ORDER, next_role

            higher = CHAIN_ORDER[CHAIN_ORDER.index(ChainRole(current_role)) + 1 :]
            self.fields["to_role"].choices = [(role.value, role.label) for role in higher]
            self.fields["to_role"].initial = next_role(current_role)


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


class MonthForm(forms.Form):
    month = forms.DateField(
        label=_("Bulan"),
        required=False,
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}),
    )

    def first_day(self):
        month = self.cleaned_data.get("month") if self.is_valid() else None
        return (month or timezone.localdate()).replace(day=1)


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
        return "\n".join(parse_keywords(self.cleaned_data.get("keywords", "")))


class PublicInquiryForm(forms.Form):
    """The campus website's interest form; `website` is a honeypot that people never see."""

    full_name = forms.CharField(label=_("Nama lengkap"), max_length=160)
    whatsapp = forms.CharField(
        label=_("Nomor WhatsApp"),
        max_length=30,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "tel"}),
    )
    email = forms.EmailField(label=_("Email"), required=False)
    school = forms.CharField(label=_("Asal sekolah"), max_length=160, required=False)
    city = forms.CharField(label=_("Kota"), max_length=80, required=False)
    program = forms.ModelChoiceField(
        label=_("Program studi yang diminati"),
        queryset=StudyProgram.objects.filter(is_active=True),
        required=False,
    )
    track = forms.ChoiceField(label=_("Jalur"), choices=Track.choices, initial=Track.REGULAR)
    message = forms.CharField(
        label=_("Pertanyaan"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    consent = forms.BooleanField(label=CONSENT_WORDING, required=False)
    website = forms.CharField(required=False, label=_("Jangan diisi"))
    # Carried from a tracking link (/r/<code>/ adds ?utm_campaign=<code>) for content attribution.
    utm_campaign = forms.CharField(required=False, max_length=80, widget=forms.HiddenInput)

    def clean_whatsapp(self) -> str:
        return clean_phone_value(self.cleaned_data["whatsapp"]) or ""

    def clean_email(self) -> str:
        return normalize_email(self.cleaned_data.get("email", ""))

    MESSAGE_LIMIT = 2000

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # No maxlength on the question: the browser would cut a long paste without a word; the
        # counter shows the limit and the server refuses (keeping the text) when it is passed.
        self.fields["message"].widget.attrs.pop("maxlength", None)

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get("website"))


def conversation_forms(
    *,
    categories: list[Category],
    units: list[Unit],
    staff: list,
    level: int | None,
    category_id: int | None,
    unit_id: int | None,
    assignee_id: int | None,
) -> dict[str, forms.Form]:
    """The unbound side forms of the conversation page (triage, assignment, escalation, closing).

    Their choices come from the lists the page has already loaded, so rendering a select costs no
    query; the POST views bind the same form classes against their querysets."""
    small = {"class": "form-select form-select-sm"}
    triage = TriageForm(initial={"level": level, "category": category_id})
    triage.fields["level"].widget.attrs.update(small, id="id_level")
    triage.fields["category"].choices = [(c.pk, f"{c.name} (L{c.level})") for c in categories]
    triage.fields["category"].widget.attrs.update(small, id="id_triage_category")
    assign = AssignForm(initial={"assignee": assignee_id})
    assign.fields["assignee"].choices = [("", _("— belum ditugaskan —"))] + [
        (person.pk, display_name(person)) for person in staff
    ]
    assign.fields["assignee"].widget.attrs.update(small, **{"aria-label": _("Tugaskan ke")})
    escalate = EscalateForm(initial={"unit": unit_id})
    escalate.fields["unit"].choices = [(unit.pk, unit.name) for unit in units]
    escalate.fields["unit"].widget.attrs.update(
        {"class": "form-select form-select-sm mb-2", "aria-label": _("Unit")}
    )
    close = CloseForm(initial={"category": category_id})
    close.fields["category"].choices = [(c.pk, c.name) for c in categories]
    close.fields["category"].widget.attrs.update(
        {"class": "form-select form-select-sm mb-2", "aria-label": _("Kategori")}
    )
    return {"triage_form": triage, "assign_form": assign, "escalate_form": escalate, "close_form": close}
