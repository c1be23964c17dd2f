"""Approved call scripts with their placeholders filled ({greeting}, {agent}, {name}, {program})."""

from __future__ import annotations

import re

from django.utils import timezone
from django.utils.translation import gettext as _

from core.people import display_name
from core.placeholders import fill_placeholders, placeholder_values


def greeting(now) -> str:
    """The whole greeting for the time of day ("Selamat siang" / "Good afternoon"): translating the
    word alone gave "Selamat afternoon"."""
    hour = timezone.localtime(now).hour
    if hour < 11:
        return _("Selamat pagi")
    if hour < 15:
        return _("Selamat siang")
    if hour < 18:
        return _("Selamat sore")
    return _("Selamat malam")


# Scripts written before the greeting was whole say "Selamat {greeting}".
_OLD_GREETING = re.compile(r"\bSelamat\s+\{greeting\}", re.IGNORECASE)


def fill_script(body: str, *, lead, agent, now) -> str:
    """Fill the known placeholders; unknown ones stay visible rather than failing the page."""
    body = _OLD_GREETING.sub("{greeting}", body)
    values = placeholder_values(
        full_name=lead.full_name,
        name_is="full_name",  # the caller confirms who answered by the full name (SOP 03 stage 3.1)
        program=lead.program.name if lead.program_id and lead.program else "",
        school=lead.institution.name if lead.institution_id and lead.institution else "",
        greeting=greeting(now),
        agent=display_name(agent),
    )
    return fill_placeholders(body, values)
