"""Placeholder filling for approved texts (pure): "Halo {name}" with {"name": "Siti"} -> "Halo Siti"."""

from __future__ import annotations

import re

PLACEHOLDER = re.compile(r"\{(\w+)\}")


def fill_placeholders(text: str, values: dict[str, str]) -> str:
    """Replace {name}, {program}, ... by their values; unknown or empty placeholders stay visible."""

    def replace(match: re.Match) -> str:
        value = values.get(match.group(1))
        return str(value) if value else match.group(0)

    return PLACEHOLDER.sub(replace, text or "")
