"""Automatic notes in histories (a lead's status history, a template version's history) are shown
in the reader's language; typed notes as they were typed."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from core.models import TemplateKind, TemplateVersionChange
from core.template_library import services
from core.template_library.services import VersionText
from inquiries.models import Channel, EscalationStep
from inquiries.texts import ANSWER_AWAITS_VALIDATION, INQUIRED_VIA, UNIT_ANSWER_NOTE
from leads.models import LeadStatus, LeadStatusChange
from leads.services import create_lead, transition_lead

pytestmark = pytest.mark.django_db


def page_in(client, url: str, language: str) -> str:
    client.cookies["django_language"] = language
    return client.get(url).content.decode()


def test_an_automatic_status_note_reads_in_both_languages_and_a_typed_one_as_typed(
    client_for, admin_marketing
):
    lead = create_lead(full_name="Rina Wulandari", whatsapp="+6281511112222").lead
    transition_lead(lead, to=LeadStatus.INQUIRED, by=None, note=INQUIRED_VIA.stored(channel=Channel.WHATSAPP))
    transition_lead(lead, to=LeadStatus.CONTACTED, by=admin_marketing, note="Sudah ditelepon", reason="tes")
    change = LeadStatusChange.objects.get(lead=lead, to_status=LeadStatus.INQUIRED)
    assert (change.note, change.note_code) == ("Bertanya lewat WhatsApp", "inquiries.inquired_via")

    client = client_for(admin_marketing)
    url = reverse("leads:detail", args=[lead.pk])
    indonesian, english = page_in(client, url, "id"), page_in(client, url, "en")
    assert "Bertanya lewat WhatsApp" in indonesian and "Asked via WhatsApp" in english
    assert "Bertanya lewat" not in english
    assert "Sudah ditelepon" in indonesian and "Sudah ditelepon" in english


def test_a_superseded_versions_note_reads_in_both_languages(admin_marketing, kadiv):
    v1 = services.create_template(
        kind=TemplateKind.FAQ, name="FAQ", text=VersionText(body="v1"), by=admin_marketing, submit=True
    )
    services.approve_version(v1, by=kadiv)
    v2 = services.revise_template(v1.template, text=VersionText(body="v2"), by=admin_marketing, submit=True)
    services.approve_version(v2, by=kadiv)
    note = TemplateVersionChange.objects.get(version=v1, to_status="superseded")
    assert (note.note_code, note.note_params) == ("templates.superseded_by", {"n": 2})
    with translation.override("id"):
        assert note.get_note_display() == "Digantikan v2"
    with translation.override("en"):
        assert note.get_note_display() == "Superseded by v2"


def test_an_escalation_steps_automatic_note_reads_in_both_languages():
    stored = ANSWER_AWAITS_VALIDATION.stored()
    step = EscalationStep(note=stored.text, note_code=stored.code, note_params=stored.params)
    typed = EscalationStep(note="Mohon dicek ulang")
    with translation.override("id"):
        assert step.get_note_display() == "Jawaban menunggu validasi"
    with translation.override("en"):
        assert step.get_note_display() == "Answer awaiting validation"
        assert typed.get_note_display() == "Mohon dicek ulang"


def test_a_units_answer_on_the_lead_timeline_reads_in_both_languages(client_for, admin_marketing):
    from leads.models import Direction, InteractionKind
    from leads.services import log_interaction

    lead = create_lead(full_name="Bagus Wicaksono", phone="+6281533334444").lead
    note = UNIT_ANSWER_NOTE.stored(unit="Akademik", id=9, answer="Magang enam bulan.")
    log_interaction(
        lead, kind=InteractionKind.NOTE, direction=Direction.INBOUND, note=note, by=admin_marketing
    )
    url = reverse("leads:detail", args=[lead.pk])
    client = client_for(admin_marketing)
    assert "Jawaban unit Akademik untuk pertanyaan #9: Magang enam bulan." in page_in(client, url, "id")
    assert "The Akademik unit&#x27;s answer to inquiry #9: Magang enam bulan." in page_in(client, url, "en")
