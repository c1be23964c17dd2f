"""Display filters: people by name, stored office-language texts in the reader's language."""

from __future__ import annotations

from types import SimpleNamespace

from django.utils import translation

from core.templatetags.ux import person, stored_text


def test_person_prefers_the_full_name():
    named = SimpleNamespace(get_full_name=lambda: "Dewi Lestari", username="tele2")
    unnamed = SimpleNamespace(get_full_name=lambda: "", username="tele2")
    assert person(named) == "Dewi Lestari" and person(unnamed) == "tele2" and person(None) == ""


def test_stored_msgid_is_shown_in_the_readers_language_and_free_text_as_is():
    stored = "WhatsApp di luar jendela 24 jam: hubungi lewat telepon"
    with translation.override("en"):
        assert stored_text(stored) != stored
        assert stored_text("Catatan bebas dari petugas") == "Catatan bebas dari petugas"
    with translation.override("id"):
        assert stored_text(stored) == stored
