from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from leads.models import Lead
from privacy.services.merging import BOTH, CHOOSABLE_FIELDS, KEEP, MERGE, default_choice, status_refusal


class EraseForm(forms.Form):
    confirm = forms.CharField(max_length=10)
    note = forms.CharField(max_length=2000, required=False)

    def clean_confirm(self) -> str:
        if self.cleaned_data["confirm"] != "HAPUS":
            raise ValidationError(_("Ketik HAPUS untuk mengonfirmasi penghapusan data pribadi."))
        return self.cleaned_data["confirm"]


class MergeChoiceForm(forms.Form):
    """One radio per field of the merge screen: keep the kept lead's value or take the merged one's
    (notes: also both). Preselected as the service would decide without a choice."""

    def __init__(self, *args, keep: Lead, merge: Lead, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.keep, self.merge = keep, merge
        for name in CHOOSABLE_FIELDS:
            choices = [(KEEP, f"#{keep.pk}"), (MERGE, f"#{merge.pk}")]
            if name == "notes":
                choices.append((BOTH, _("Keduanya")))
            self.fields[name] = forms.ChoiceField(
                label=Lead._meta.get_field(name).verbose_name,
                choices=choices,
                initial=default_choice(name, keep, merge),
                widget=forms.RadioSelect,
                required=False,
            )

    def clean_status(self) -> str:
        choice = self.cleaned_data.get("status") or ""
        if choice == MERGE:
            refusal = status_refusal(self.keep.status, self.merge.status)
            if refusal:
                raise ValidationError(refusal)
        return choice


def _shown(lead: Lead, name: str) -> str:
    field = Lead._meta.get_field(name)
    if field.is_relation:
        value = getattr(lead, name)
        return str(value) if value is not None else ""
    if getattr(field, "choices", None):
        return str(getattr(lead, f"get_{name}_display")())
    return str(getattr(lead, name) or "")


def merge_rows(form: MergeChoiceForm, keep: Lead, merge: Lead) -> list[dict]:
    """One row per field of the merge screen: its label, both values, the radio and any error."""
    rows = []
    for name in CHOOSABLE_FIELDS:
        bound = form[name]
        options = {option.data["value"]: option for option in bound.subwidgets}
        rows.append(
            {
                "name": name,
                "label": bound.label,
                "keep": _shown(keep, name),
                "merge": _shown(merge, name),
                "keep_option": options[KEEP],
                "merge_option": options[MERGE],
                "both_option": options.get(BOTH),
                "errors": bound.errors,
                "status_refusal": status_refusal(keep.status, merge.status) if name == "status" else "",
            }
        )
    return rows
