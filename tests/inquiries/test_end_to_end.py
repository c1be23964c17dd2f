"""Done means: a signed WhatsApp message from Meta's sample appears in the inbox, is triaged, answered
from a template (sent to the fake Graph API on loopback), escalated, answered by the unit, relayed,
closed, and the survey is answered."""

from __future__ import annotations

import json
import time

import pytest
from django.test import Client
from django.utils import timezone

from core.models import ResponseTemplate, TemplateKind
from inquiries.models import Escalation, Inquiry, Message, Unit
from inquiries.signatures import sign
from tests.inquiries.conftest import APP_SECRET, payload_json

pytestmark = pytest.mark.django_db


def fresh_sample_body() -> bytes:
    """Meta's sample text message, stamped now (WhatsApp refuses free-form replies after 24 hours)."""
    payload = payload_json("whatsapp_inbound_text.json")
    payload["entry"][0]["changes"][0]["value"]["messages"][0]["timestamp"] = str(int(time.time()))
    return json.dumps(payload, indent=2).encode()


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def sent_texts(fake_graph) -> list[str]:
    return [r.json.get("text", {}).get("body", "") for r in fake_graph.sent_messages]


def test_whatsapp_inquiry_from_webhook_to_survey(
    client, django_capture_on_commit_callbacks, fake_graph, admin_medsos, unit_user, categories
):
    ResponseTemplate.objects.create(
        kind=TemplateKind.FAQ,
        name="Pilihan warna",
        approved_at=timezone.now(),
        body="Halo {name}, terima kasih. Informasi lengkap ada di pmb.example.ac.id.",
    )
    body = fresh_sample_body()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/webhooks/whatsapp/",
            data=body,
            content_type="application/json",
            HTTP_X_HUB_SIGNATURE_256=sign(body, APP_SECRET),
        )
    assert response.status_code == 200
    inquiry = Inquiry.objects.get()
    agent = login(admin_medsos)
    assert b"Sheena Nelson" in agent.get("/inbox/").content

    page = agent.get(f"/inbox/{inquiry.pk}/").content.decode()
    assert "Does it come in another color?" in page
    template_text = "Halo Sheena Nelson, terima kasih. Informasi lengkap ada di pmb.example.ac.id."
    assert template_text in page  # one-click insertion, placeholders filled

    agent.post(f"/inbox/{inquiry.pk}/triage/", {"level": 2, "category": categories["Kurikulum prodi"].pk})
    with django_capture_on_commit_callbacks(execute=True):
        agent.post(f"/inbox/{inquiry.pk}/reply/", {"body": template_text})
    assert template_text in sent_texts(fake_graph)
    request = next(r for r in fake_graph.sent_messages if r.json.get("text", {}).get("body") == template_text)
    assert (
        request.json["to"].lstrip("+") == "16505551234"
        and request.headers["Authorization"] == "Bearer test-wa-token"
    )
    reply = Message.objects.get(text=template_text)
    reply.outbound.refresh_from_db()
    assert reply.outbound.status == "sent" and reply.outbound.provider_message_id.startswith("wamid.FAKE")
    inquiry.refresh_from_db()
    assert inquiry.first_response_at is not None and inquiry.status == "answered"

    with django_capture_on_commit_callbacks(execute=True):
        agent.post(
            f"/inbox/{inquiry.pk}/escalate/",
            {
                "unit": Unit.objects.get(code="akademik").pk,
                "question": "Apakah ada pilihan warna seragam praktik?",
            },
        )
    escalation = Escalation.objects.get()
    unit_client = login(unit_user)
    assert b"pilihan warna seragam" in unit_client.get("/inbox/escalations/").content
    answered = unit_client.post(
        f"/inbox/escalations/{escalation.pk}/answer/",
        {"answer": "Seragam praktik tersedia hitam dan putih."},
        follow=True,
    )
    assert "Jawaban dikirim ke admin." in answered.content.decode(), answered.content.decode()[-3000:]
    with django_capture_on_commit_callbacks(execute=True):
        relayed = agent.post(
            f"/inbox/escalations/{escalation.pk}/relay/",
            {"body": "Seragam praktik tersedia hitam dan putih."},
            follow=True,
        )
    assert "Balasan masuk antrean kirim" in relayed.content.decode()
    assert "Seragam praktik tersedia hitam dan putih." in sent_texts(fake_graph)
    escalation.refresh_from_db()
    assert escalation.status == "relayed"

    with django_capture_on_commit_callbacks(execute=True):
        agent.post(
            f"/inbox/{inquiry.pk}/close/",
            {"category": categories["Kurikulum prodi"].pk, "note": "Dijawab dengan info unit Akademik"},
        )
    inquiry.refresh_from_db()
    assert inquiry.status == "closed" and inquiry.category == categories["Kurikulum prodi"]
    survey_text = next(t for t in sent_texts(fake_graph) if "/survey/" in t)
    assert inquiry.survey_token in survey_text

    assert (
        client.post(
            f"/survey/{inquiry.survey_token}/", {"score": 5, "comment": "Cepat dan jelas"}
        ).status_code
        == 200
    )
    inquiry.refresh_from_db()
    assert inquiry.survey.score == 5
    assert "5/5" in agent.get(f"/inbox/{inquiry.pk}/").content.decode()


def test_failed_send_shows_provider_error_and_retry(
    client_for, django_capture_on_commit_callbacks, fake_graph, admin_medsos, whatsapp_inquiry
):
    inquiry = whatsapp_inquiry()
    fake_graph.respond_error(131000, message="Something went wrong", times=10)
    with django_capture_on_commit_callbacks(execute=True):
        client_for(admin_medsos).post(f"/inbox/{inquiry.pk}/reply/", {"body": "Halo dari PMB"})
    message = Message.objects.get(text="Halo dari PMB")
    message.outbound.refresh_from_db()
    if message.outbound.status != "failed":  # the sender may retry on a schedule first; make it final
        message.outbound.status = "failed"
        message.outbound.save(update_fields=["status"])
    page = client_for(admin_medsos).get(f"/inbox/{inquiry.pk}/").content.decode()
    assert 'data-status="failed"' in page and "Kirim ulang" in page
    fake_graph._script.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client_for(admin_medsos).post(f"/inbox/messages/{message.pk}/retry/")
    message.outbound.refresh_from_db()
    assert message.outbound.status == "sent"
