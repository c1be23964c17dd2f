"""Stored texts as codes plus parameters: written once, shown in each reader's language."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from django.utils import translation

from core import texts
from core.migration_ops import stored_texts_to_codes
from core.models import Alert
from inquiries import texts as inquiry_texts
from leads import texts as lead_texts
from leads.models import Outcome

JAKARTA = ZoneInfo("Asia/Jakarta")


def test_a_stored_text_keeps_its_code_json_ready_params_and_the_office_language_words():
    due = datetime(2026, 8, 21, 10, 0, tzinfo=JAKARTA)
    with translation.override("en"):  # whoever triggered it, the stored words are Indonesian
        stored = lead_texts.FOLLOW_UP_OVERDUE.stored(lead="Dewi Lestari", due=due)
    assert stored.code == "leads.follow_up_overdue"
    assert stored.params == {"lead": "Dewi Lestari", "due": "2026-08-21T03:00:00+00:00"}
    assert stored.text == "Tindak lanjut untuk Dewi Lestari terlambat (jatuh tempo 21 Agu 2026 10:00)"


def test_the_same_text_renders_in_indonesian_and_english():
    stored = lead_texts.FOLLOW_UP_OVERDUE.stored(
        lead="Dewi", due=datetime(2026, 8, 21, 10, 0, tzinfo=JAKARTA)
    )
    with translation.override("id"):
        assert (
            texts.render(stored.code, stored.params)
            == "Tindak lanjut untuk Dewi terlambat (jatuh tempo 21 Agu 2026 10:00)"
        )
    with translation.override("en"):
        assert (
            texts.render(stored.code, stored.params)
            == "Follow-up for Dewi is overdue (due 21 Aug 2026 10:00)"
        )


def test_choice_parameters_are_stored_as_values_and_shown_by_their_label():
    stored = lead_texts.RESCHEDULED_AFTER_OUTCOME.stored(outcome=Outcome.NO_ANSWER)
    assert stored.params == {"outcome": "no_answer"}
    with translation.override("id"):
        assert texts.render(stored.code, stored.params) == "Dijadwalkan ulang: Tidak diangkat"
    with translation.override("en"):
        assert texts.render(stored.code, stored.params) == "Rescheduled: No answer"


def test_time_parameters_show_the_office_clock():
    stored = inquiry_texts.SLA_WARNING.stored(id=7, due=datetime(2026, 11, 16, 13, 45, tzinfo=JAKARTA))
    with translation.override("en"):
        assert texts.render(stored.code, stored.params) == (
            "Inquiry #7 is close to its first-response deadline (13:45)"
        )


def test_text_without_a_code_is_shown_as_stored_and_translated_only_when_it_is_a_msgid():
    msgid = "WhatsApp di luar jendela 24 jam: hubungi lewat telepon"
    with translation.override("en"):
        assert texts.render("", {}, fallback=msgid) == "WhatsApp outside the 24-hour window: contact by phone"
        assert texts.render("", {}, fallback="Catatan bebas dari petugas") == "Catatan bebas dari petugas"
        # a code no longer defined falls back to the stored words
        assert texts.render("gone.code", {"x": 1}, fallback="Kata-kata lama") == "Kata-kata lama"
    assert texts.render("", {}) == ""


def test_params_that_no_longer_fit_the_msgid_fall_back_to_the_stored_words():
    with translation.override("en"):
        assert texts.render("leads.hot_lead_call", {"other": 1}, fallback="Prospek hot") == "Prospek hot"


def test_a_code_cannot_be_defined_twice_with_other_words():
    assert texts.define("leads.hot_lead_call", lead_texts.HOT_LEAD_CALL.msgid) == lead_texts.HOT_LEAD_CALL
    with pytest.raises(ValueError):
        texts.define("leads.hot_lead_call", "Kata lain %(days)s")


@pytest.mark.django_db
def test_an_alert_renders_in_the_readers_language_and_an_old_text_only_alert_still_renders(telemarketer):
    stored = inquiry_texts.SLA_BREACH.stored(id=12)
    coded = Alert.objects.create(
        key="a", recipient=telemarketer, code=stored.code, params=stored.params, message=stored.text
    )
    old = Alert.objects.create(key="b", recipient=telemarketer, message="Pesan lama tanpa kode")
    with translation.override("id"):
        assert coded.get_message_display() == "Pertanyaan #12 melewati batas respons pertama tanpa jawaban"
        assert old.get_message_display() == "Pesan lama tanpa kode"
    with translation.override("en"):
        assert (
            coded.get_message_display() == "Inquiry #12 passed its first-response deadline without an answer"
        )
        assert str(coded) == coded.get_message_display()
        assert old.get_message_display() == "Pesan lama tanpa kode"


@pytest.mark.django_db
def test_the_data_migration_gives_known_old_texts_their_codes_and_leaves_other_words_alone(telemarketer):
    old = {
        key: Alert.objects.create(key=key, recipient=telemarketer, message=message)
        for key, message in [
            ("due", "Tindak lanjut untuk Dewi Lestari terlambat (jatuh tempo 21-08-2026 10:00)"),
            ("sla", "Pertanyaan #31 melewati batas respons pertama tanpa jawaban"),
            ("free", "Pertanyaan hampir melewati batas respons pertama (30 menit lagi)"),
        ]
    }
    known = {
        "leads.follow_up_overdue": (lead_texts.FOLLOW_UP_OVERDUE.msgid, {"due": "datetime"}),
        "inquiries.sla_breach": (inquiry_texts.SLA_BREACH.msgid, {"id": "int"}),
    }
    operation = stored_texts_to_codes("core.Alert", text="message", code="code", params="params", known=known)
    operation.code(apps, None)

    due, sla, free = (Alert.objects.get(pk=old[key].pk) for key in ("due", "sla", "free"))
    assert (due.code, due.params) == (
        "leads.follow_up_overdue",
        {"lead": "Dewi Lestari", "due": "2026-08-21T03:00:00+00:00"},
    )
    assert (sla.code, sla.params) == ("inquiries.sla_breach", {"id": 31})
    assert (free.code, free.params) == ("", {})
    with translation.override("en"):
        assert due.get_message_display() == "Follow-up for Dewi Lestari is overdue (due 21 Aug 2026 10:00)"
        assert sla.get_message_display() == "Inquiry #31 passed its first-response deadline without an answer"
        assert free.get_message_display() == free.message
