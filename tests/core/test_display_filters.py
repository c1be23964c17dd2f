"""Display filters: people by name."""

from __future__ import annotations

from types import SimpleNamespace

from core.templatetags.ux import person


def test_person_prefers_the_full_name():
    named = SimpleNamespace(get_full_name=lambda: "Dewi Lestari", username="tele2")
    unnamed = SimpleNamespace(get_full_name=lambda: "", username="tele2")
    assert person(named) == "Dewi Lestari" and person(unnamed) == "tele2" and person(None) == ""
