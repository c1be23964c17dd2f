"""The active filters of the lead list as chips, each with the query string that removes it."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Chip:
    name: str
    label: str
    value: str
    remove_query: str


def _display(field: forms.Field, raw: str, cleaned) -> str:
    if isinstance(field, forms.ModelChoiceField):
        return str(cleaned) if cleaned is not None else raw
    if isinstance(field, forms.NullBooleanField):
        return {"true": _("Ya"), "false": _("Tidak"), "True": _("Ya"), "False": _("Tidak")}.get(raw, raw)
    choices = getattr(field, "choices", None)
    if choices:
        flat = {str(key): label for key, label in choices}
        return str(flat.get(raw, raw))
    return raw


def filter_chips(filterset, query: QueryDict) -> list[Chip]:
    """One chip per value in the query (one per ticked status, say); invalid values get none."""
    form = filterset.form
    if not form.is_bound:
        return []
    form.is_valid()
    cleaned = getattr(form, "cleaned_data", {})
    chips: list[Chip] = []
    for name, field in form.fields.items():
        if name not in cleaned or name in form.errors:
            continue
        for raw in query.getlist(name):
            if raw in ("", None) or (isinstance(field, forms.NullBooleanField) and raw == "unknown"):
                continue
            rest = query.copy()
            rest.setlist(name, [value for value in query.getlist(name) if value != raw])
            rest.pop("page", None)
            value = cleaned[name]
            chips.append(
                Chip(
                    name=name,
                    label=str(field.label or name),
                    value=_display(field, raw, value),
                    remove_query=rest.urlencode(),
                )
            )
    return chips
