"""Erase means erased: a person who reached the office through every path (WhatsApp webhook, the
public form, the API, staff notes quoting them, a merge, a logged export search) is erased, then
EVERY text, JSON and binary column of EVERY table is scanned for their identifiers."""

from __future__ import annotations

import contextlib
import json
import re
import time

import pytest
from django.apps import apps
from django.db import models
from django.urls import reverse

from inquiries.models import Category, Inquiry, InquiryStatus, Unit
from inquiries.services import escalations, workflow
from inquiries.services.survey import submit_survey
from inquiries.signatures import sign
from leads.models import Lead
from leads.services import save_segment, transition_lead
from tests.inquiries.conftest import APP_SECRET, wa_text

pytestmark = pytest.mark.django_db

NAME = "Zulaikha Pramesti"
WA_ID = "6281298765432"
NSN = "81298765432"  # the phone without country code or trunk zero: in every written form
EMAIL = "zulaikha.p@contoh.sch.id"
EMAIL2 = "zp.kedua@contoh.id"
NISN = "0098765432"


def _squeeze(text: str) -> str:
    return re.sub(r"[\s\-.()+/]|%2[0bB]", "", text)


def leftovers() -> list[str]:
    """Every (table.column: value) in the database that still mentions the person."""
    found = []
    needles_text = [w.lower() for w in NAME.split()] + [EMAIL, EMAIL2, "zulaikha%40", "zp.kedua%40"]
    needles_digits = [NSN, NISN]
    for model in apps.get_models(include_auto_created=True):
        columns = [
            f
            for f in model._meta.concrete_fields
            if isinstance(f, (models.CharField, models.TextField, models.JSONField, models.BinaryField))
        ]
        if not columns:
            continue
        for row in model._default_manager.values_list("pk", *[f.attname for f in columns]).iterator():
            for field, value in zip(columns, row[1:]):
                if value is None:
                    continue
                if isinstance(value, (bytes, memoryview)):
                    text = bytes(value).decode("utf-8", errors="replace")
                    with contextlib.suppress(ValueError):
                        text = json.dumps(json.loads(text), ensure_ascii=False)
                elif isinstance(value, (dict, list)):
                    text = json.dumps(value, ensure_ascii=False)
                else:
                    text = str(value)
                lowered = text.lower()
                squeezed = _squeeze(lowered)
                if any(n in lowered for n in needles_text) or any(n in squeezed for n in needles_digits):
                    found.append(f"{model._meta.db_table}.{field.column} (pk {row[0]}): {text[:200]}")
    return found


@pytest.fixture
def person(
    client,
    client_for,
    settings,
    django_capture_on_commit_callbacks,
    admin_medsos,
    admin_marketing,
    kadiv,
    unit_user,
):
    settings.WHATSAPP_APP_SECRET = APP_SECRET
    settings.META_APP_SECRET = APP_SECRET
    # 1. WhatsApp: the raw webhook body keeps their name, wa_id and the NISN they typed.
    body = json.dumps(
        wa_text(
            "wamid.pdp1",
            timestamp=int(time.time()),
            wa_id=WA_ID,
            name=NAME,
            text=f"Halo, saya {NAME}, NISN {NISN}, nomor 0812-9876-5432",
        )
    ).encode()
    with django_capture_on_commit_callbacks(execute=True):
        assert (
            client.post(
                "/webhooks/whatsapp/",
                data=body,
                content_type="application/json",
                HTTP_X_HUB_SIGNATURE_256=sign(body, APP_SECRET),
            ).status_code
            == 200
        )
    # 2. The public website form (same WhatsApp number: the same person).
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/public/inquiry/",
            {
                "full_name": NAME,
                "whatsapp": "0812-9876-5432",
                "email": EMAIL,
                "school": "SMA Negeri 1 Bintan",
                "city": "Bintan",
                "track": "regular",
                "message": f"Saya {NAME} (NISN {NISN}) mau tanya beasiswa",
                "consent": "on",
                "website": "",
            },
        )
    lead = Lead.objects.get(whatsapp="+" + WA_ID)
    # 3. The API: a second record of the same person (another email), later merged; a call logged.
    marketing = client_for(admin_marketing)
    with django_capture_on_commit_callbacks(execute=True):
        response = marketing.post(
            "/api/v1/leads/",
            {"full_name": "Zulaikha P.", "email": EMAIL2, "source": "walk_in", "notes": f"NISN {NISN}"},
            content_type="application/json",
        )
    assert response.status_code == 201, response.content
    duplicate_id = response.json()["id"]
    response = marketing.post(
        f"/api/v1/leads/{lead.pk}/interactions/",
        {
            "kind": "call",
            "direction": "outbound",
            "outcome": "reached",
            "note": "Zulaikha minta brosur ke 0812 9876 5432",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert (
        marketing.post(reverse("privacy:merge"), {"keep": lead.pk, "merge": duplicate_id}).status_code == 302
    )
    # 4. Staff texts quoting them: status note, escalation chain, reply, resolution note, survey.
    transition_lead(lead, to="contacted", by=admin_marketing, note=f"Sudah ditelepon {NAME} di +{WA_ID}")
    inquiry = Inquiry.objects.filter(lead=lead).order_by("pk").first()
    unit = Unit.objects.get(code="akademik")
    with django_capture_on_commit_callbacks(execute=True):
        escalation = escalations.escalate_inquiry(
            inquiry,
            unit=unit,
            question=f"{NAME} (NISN {NISN}, 0812-9876-5432) tanya syarat beasiswa",
            by=admin_medsos,
        )
        escalations.answer_escalation(
            escalation, answer=f"Untuk Zulaikha: NISN {NISN} terdaftar", by=unit_user
        )
        workflow.reply_to_inquiry(inquiry, body="Halo Zulaikha, NISN Anda terdaftar.", by=admin_medsos)
        workflow.close_inquiry(
            inquiry,
            note=f"Dijawab, {NAME} puas",
            by=admin_medsos,
            category=Category.objects.order_by("pk").first(),
        )
    submit_survey(Inquiry.objects.get(pk=inquiry.pk), score=5, comment=f"Terima kasih, salam {NAME}")
    # 5. A logged export searched by their phone, and a saved filter with their name.
    assert client_for(kadiv).get("/leads/export/", {"q": "0812-9876-5432"}).status_code == 200
    save_segment(name="Zulaikha", query="q=Zulaikha+Pramesti", by=admin_marketing)
    return lead


def test_erase_leaves_no_identifier_in_any_column_of_any_table(person, client_for, privacy_officer):
    before = leftovers()
    tables = {line.split(" ")[0] for line in before}
    # the fixture really put the person everywhere the issue found them
    for column in (
        "inquiries_webhookevent.body",
        "inquiries_inquiry.subject",
        "leads_leadmerge.merged_snapshot",
        "leads_leadmerge.kept_snapshot",
        "core_auditlog.detail",
        "inquiries_surveyresponse.comment",
        "inquiries_escalation.question",
        "inquiries_escalation.answer",
        "inquiries_escalationstep.note",
        "leads_leadstatuschange.note",
        "inquiries_inquiry.resolution_note",
        "leads_interaction.note",
        "automation_outboundmessage.body",
        "leads_savedsegment.name",
    ):
        assert column in tables, (column, sorted(tables))

    response = client_for(privacy_officer).post(
        reverse("privacy:erase", args=[person.pk]),
        {"confirm": "HAPUS", "note": f"Permintaan {NAME} lewat email"},
    )
    assert response.status_code == 302

    assert leftovers() == []
    person.refresh_from_db()
    assert person.is_erased and person.status == "contacted"  # the counts reports read are kept
    assert person.interactions.count() == 1 and person.status_changes.exists()
    assert Inquiry.objects.filter(lead=person, status=InquiryStatus.CLOSED).exists()
