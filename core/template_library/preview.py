"""Template preview with the placeholders filled for a sample lead (pure)."""

from __future__ import annotations

from core.placeholders import PLACEHOLDER, fill_placeholders

# Every placeholder some sender fills: replies and messages ({name}, {full_name}, {program}),
# the out-of-hours reply ({when}), call scripts ({greeting}, {agent}, {school}).
SAMPLE_LEAD = {
    "name": "Siti",
    "full_name": "Siti Rahmawati",
    "program": "D3 Perhotelan",
    "school": "SMA Negeri 1 Tanjungpinang",
    "greeting": "pagi",
    "when": "Senin, 24 November 2026 08:00",
}
KNOWN_PLACEHOLDERS = frozenset({*SAMPLE_LEAD, "agent"})


def placeholders_in(text: str) -> list[str]:
    seen: list[str] = []
    for match in PLACEHOLDER.finditer(text or ""):
        if match.group(1) not in seen:
            seen.append(match.group(1))
    return seen


def unknown_placeholders(text: str) -> list[str]:
    """Placeholders no sender fills: they would reach the prospect as "{...}"."""
    return [name for name in placeholders_in(text) if name not in KNOWN_PLACEHOLDERS]


def preview(text: str, *, agent: str) -> str:
    return fill_placeholders(text, {**SAMPLE_LEAD, "agent": agent})
