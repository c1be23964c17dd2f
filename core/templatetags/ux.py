"""Small display filters shared by the screens: people by name (stored texts render through their
models' get_*_display(), see core.texts)."""

from __future__ import annotations

from django import template

from core.people import display_name

register = template.Library()


@register.filter
def person(user) -> str:
    """Full name, the username only when no name is recorded."""
    return display_name(user)
