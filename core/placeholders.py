"""Placeholder filling for approved texts (pure): "Halo {name}" with {"name": "Siti"} -> "Halo Siti".

`placeholder_values` is the one builder of the values every sender fills (automatic sends, WhatsApp
template parameters, staff replies, call scripts), so a placeholder means the same everywhere and
matches the template library's preview (core.template_library.preview.SAMPLE_LEAD)."""

from __future__ import annotations

import re
from typing import Literal

from django.utils.translation import gettext as _

PLACEHOLDER = re.compile(r"\{(\w+)\}")


def fill_placeholders(text: str, values: dict[str, str]) -> str:
    """Replace {name}, {program}, ... by their values; unknown or empty placeholders stay visible."""

    def replace(match: re.Match) -> str:
        value = values.get(match.group(1))
        return str(value) if value else match.group(0)

    return PLACEHOLDER.sub(replace, text or "")


def placeholder_values(
    *,
    full_name: str,
    program: str = "",
    school: str = "",
    name_is: Literal["first_name", "full_name"] = "first_name",
    **extra: str,
) -> dict[str, str]:
    """{first_name} (first word of the name), {full_name}, {name} (`name_is`), {program}, {school} and
    `extra` ({greeting}, {agent}, {when}); a missing name or programme gets a polite neutral word,
    because automatic sends go out without a person reading them first."""
    full_name = (full_name or "").strip()
    first_name = full_name.split(" ")[0] if full_name else _("Kak")
    return {
        "name": first_name if name_is == "first_name" else (full_name or _("Kak")),
        "first_name": first_name,
        "full_name": full_name or _("Kak"),
        "program": program or _("program studi pilihan Anda"),
        "school": school,
        **extra,
    }
