"""Forms of the template library: a new template, a revision, a review decision."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.models import TemplateKind, VersionStatus
from core.template_library.preview import unknown_placeholders
from core.template_library.services import VersionText

# Lead.track values (DESIGN.md); core sits below leads, so the choices are spelled out here.
TRACK_CHOICES = [
    ("", _("Semua jalur")),
    ("scholarship", _("Beasiswa")),
    ("regular", _("Reguler")),
    ("executive", _("Eksekutif")),
]
LANGUAGE_CHOICES = [("id", _("Indonesia")), ("en", _("Inggris"))]


class _Bootstrap(forms.Form):
    def _style(self) -> None:
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            else:
                widget.attrs.setdefault(
                    "class", "form-select" if isinstance(widget, forms.Select) else "form-control"
                )


class VersionTextForm(_Bootstrap):
    subject = forms.CharField(label=_("Subjek (email)"), max_length=200, required=False)
    body = forms.CharField(
        label=_("Isi"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Placeholder: {name}, {full_name}, {program}, {school}, {greeting}, {agent}, {when}"),
    )
    whatsapp_template_name = forms.CharField(
        label=_("Nama template WhatsApp (Meta)"),
        max_length=120,
        required=False,
        help_text=_("Untuk pesan di luar jendela 24 jam; harus sudah disetujui Meta"),
    )
    whatsapp_language = forms.CharField(label=_("Bahasa template WhatsApp"), max_length=10, required=False)
    whatsapp_parameters = forms.CharField(
        label=_("Parameter template WhatsApp"),
        max_length=200,
        required=False,
        help_text=_("Dipisah koma, berurutan: name, full_name, program"),
    )
    change_note = forms.CharField(label=_("Catatan perubahan"), max_length=300, required=False)
    submit_for_approval = forms.BooleanField(label=_("Langsung ajukan untuk persetujuan"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()

    def clean_body(self) -> str:
        body = self.cleaned_data["body"].strip()
        unknown = unknown_placeholders(body)
        if unknown:
            raise forms.ValidationError(
                _("Placeholder tidak dikenal: %(names)s")
                % {"names": ", ".join("{" + n + "}" for n in unknown)}
            )
        return body

    def clean_whatsapp_parameters(self) -> str:
        names = [n.strip() for n in self.cleaned_data["whatsapp_parameters"].split(",") if n.strip()]
        allowed = {"name", "full_name", "program"}
        wrong = [n for n in names if n not in allowed]
        if wrong:
            raise forms.ValidationError(_("Parameter tidak dikenal: %(names)s") % {"names": ", ".join(wrong)})
        return ",".join(names)

    def text_kind(self) -> str:
        return getattr(self, "kind", "")

    def clean(self) -> dict:
        super().clean()
        data = self.cleaned_data
        if self.text_kind() == TemplateKind.WHATSAPP:
            if not data.get("whatsapp_template_name"):
                self.add_error("whatsapp_template_name", _("Wajib untuk template WhatsApp."))
        elif "body" in data and not data["body"]:
            self.add_error("body", _("Isi template tidak boleh kosong."))
        return data

    def version_text(self) -> VersionText:
        data = self.cleaned_data
        return VersionText(
            subject=data["subject"].strip(),
            body=data["body"],
            whatsapp_template_name=data["whatsapp_template_name"].strip(),
            whatsapp_language=data["whatsapp_language"].strip(),
            whatsapp_parameters=data["whatsapp_parameters"],
        )


class NewTemplateForm(VersionTextForm):
    kind = forms.ChoiceField(label=_("Jenis"), choices=TemplateKind.choices)
    name = forms.CharField(label=_("Nama"), max_length=120)
    category = forms.CharField(label=_("Kategori"), max_length=80, required=False)
    track = forms.ChoiceField(label=_("Jalur"), choices=TRACK_CHOICES, required=False)
    language = forms.ChoiceField(label=_("Bahasa"), choices=LANGUAGE_CHOICES, initial="id")

    field_order = ["kind", "name", "category", "track", "language"]

    def text_kind(self) -> str:
        return self.cleaned_data.get("kind", "")


class RevisionForm(VersionTextForm):
    def __init__(self, *args, kind: str, **kwargs):
        self.kind = kind
        super().__init__(*args, **kwargs)


class ReviewForm(_Bootstrap):
    note = forms.CharField(label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class LibraryFilterForm(_Bootstrap):
    kind = forms.ChoiceField(
        label=_("Jenis"), choices=[("", _("Semua jenis"))] + TemplateKind.choices, required=False
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("Semua status")),
            ("approved", _("Ada versi disetujui")),
            ("unapproved", _("Belum pernah disetujui")),
            (VersionStatus.DRAFT, _("Ada draf")),
            (VersionStatus.SUBMITTED, _("Menunggu persetujuan")),
            (VersionStatus.RETURNED, _("Dikembalikan")),
            ("inactive", _("Nonaktif")),
        ],
    )
    q = forms.CharField(
        label=_("Cari"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Cari nama atau isi")}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()
