"""Small display filters shared by the screens: people by name, stored texts in the reader's language."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext

from core.people import display_name

register = template.Library()


@register.filter
def person(user) -> str:
    """Full name, the username only when no name is recorded."""
    return display_name(user)


@register.filter
def stored_text(value: str) -> str:
    """A text stored when it was written in the office language (a follow-up reason such as
    "WhatsApp di luar jendela 24 jam: hubungi lewat telepon") shown in the reader's language when it
    is one of our msgids; anything else (a note someone typed) is shown as it is."""
    if not value:
        return ""
    return gettext(value)
