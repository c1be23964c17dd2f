"""How people are named on screens: full name, the username only when no name is recorded."""

from __future__ import annotations


def display_name(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.username


def name_people_in(field) -> None:
    """Make a ModelChoiceField over users label its options by `display_name`."""
    field.label_from_instance = display_name
