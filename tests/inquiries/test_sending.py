"""The truth about every send (issue 10, items 1 and 2): what the contact receives, its real state,
the WhatsApp window before sending, no silent substitution, no futile retry, drafts that survive."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from inquiries.models import Inquiry, Message, SurveyRoute, Unit
from inquiries.services import sending, survey, workflow
from leads.models import FollowUp
from outbox import services as outbox
from outbox.models import OutboundMessage, OutboundStatus, Purpose, WhatsAppTemplate

pytestmark = pytest.mark.django_db


def close_window(inquiry: Inquiry, *, hours: int = 25) -> None:
    """The contact last wrote `hours` ago: WhatsApp's 24-hour window is closed."""
    past = timezone.now() - timedelta(hours=hours)
    inquiry.messages.filter(direction="inbound").update(sent_at=past)
    if inquiry.lead_id:
        inquiry.lead.__class__.objects.filter(pk=inquiry.lead_id).update(last_inbound_whatsapp_at=past)
        inquiry.lead.refresh_from_db()


@pytest.fixture
def closed_inquiry(whatsapp_inquiry):
    inquiry = whatsapp_inquiry()
    close_window(inquiry)
    return Inquiry.objects.select_related("lead").get(pk=inquiry.pk)


# --- Before sending: the window and the templates --------------------------------------------------


def test_free_form_reply_outside_the_window_is_refused_before_anything_is_queued(
    closed_inquiry, admin_medsos
):
    with pytest.raises(workflow.InquiryError, match="Jendela 24 jam WhatsApp sudah tertutup"):
        workflow.reply_to_inquiry(closed_inquiry, body="Biaya kuliah Rp5 juta per semester.", by=admin_medsos)
    assert not OutboundMessage.objects.filter(purpose=Purpose.REPLY, created_by=admin_medsos).exists()
    assert not Message.objects.filter(direction="outbound", sent_by=admin_medsos).exists()


def test_reply_box_warns_and_shows_the_template_text_that_will_go_out(
    client_for, closed_inquiry, admin_medsos
):
    page = client_for(admin_medsos).get(f"/inbox/{closed_inquiry.pk}/").content.decode()
    assert 'data-testid="window-closed"' in page
    # The approved template, its parameter filled with the contact's first name, exactly as sent.
    assert "Halo Siti, jawaban untuk pertanyaan Anda sudah siap." in page
    assert "Buat tugas telepon" in page


def test_template_reply_sends_the_template_and_the_bubble_holds_its_text(
    fake_graph, closed_inquiry, admin_medsos, django_capture_on_commit_callbacks
):
    template = WhatsAppTemplate.objects.get(name="pmb_reply_ready")
    fake_graph.requests.clear()
    with django_capture_on_commit_callbacks(execute=True):
        message = sending.send_template_reply(closed_inquiry, template=template, by=admin_medsos)
    [request] = fake_graph.sent_messages
    assert request.json["type"] == "template" and request.json["template"]["name"] == "pmb_reply_ready"
    assert request.json["template"]["components"][0]["parameters"] == [{"type": "text", "text": "Siti"}]
    message.refresh_from_db()
    assert message.type == "template"
    assert message.text == (
        "Halo Siti, jawaban untuk pertanyaan Anda sudah siap. Balas pesan ini untuk melanjutkan percakapan."
    )
    assert message.outbound.status == OutboundStatus.SENT
    closed_inquiry.refresh_from_db()
    assert closed_inquiry.first_response_at is not None


def test_call_task_instead_of_a_message(client_for, closed_inquiry, admin_medsos, telemarketer):
    response = client_for(admin_medsos).post(f"/inbox/{closed_inquiry.pk}/call-task/", follow=True)
    follow_up = FollowUp.objects.get(dedup_key=f"inquiry-call:{closed_inquiry.pk}")
    assert (follow_up.lead_id, follow_up.kind, follow_up.owner) == (
        closed_inquiry.lead_id,
        "call",
        telemarketer,
    )
    assert "Tugas telepon dibuat untuk" in response.content.decode()


# --- The outbox never substitutes an inquiry reply --------------------------------------------------


def test_outbox_does_not_swap_an_inquiry_reply_for_a_template(fake_graph, closed_inquiry, admin_medsos):
    fake_graph.requests.clear()
    row = outbox.queue_message(
        channel="whatsapp",
        recipient="+6281234567001",
        purpose=Purpose.REPLY,
        body="Biaya kuliah Rp5 juta",
        inquiry=closed_inquiry,
        by=admin_medsos,
    )
    assert (row.status, row.error_code, row.template_name) == (OutboundStatus.FAILED, "outside_window", "")
    assert fake_graph.requests == []


def test_provider_131047_on_an_inquiry_reply_fails_visibly_without_a_follow_on_template(
    fake_graph, whatsapp_inquiry, admin_medsos, client_for, django_capture_on_commit_callbacks
):
    inquiry = whatsapp_inquiry()
    fake_graph.requests.clear()
    fake_graph.respond_error(131047, message="Re-engagement message")
    with django_capture_on_commit_callbacks(execute=True):
        message = workflow.reply_to_inquiry(inquiry, body="Biaya kuliah Rp5 juta", by=admin_medsos)
    message.outbound.refresh_from_db()
    assert message.outbound.status == OutboundStatus.FAILED
    assert not OutboundMessage.objects.filter(dedup_key=f"wa-template:{message.outbound_id}").exists()
    assert [r.json["type"] for r in fake_graph.sent_messages] == ["text"]
    close_window(inquiry)
    page = client_for(admin_medsos).get(f"/inbox/{inquiry.pk}/").content.decode()
    assert 'data-status="failed"' in page
    assert "Di luar jendela 24 jam WhatsApp" in page
    assert "131047" not in page and "outside_window" not in page  # no raw codes for people
    assert 'data-testid="retry-refused"' in page and "Kirim ulang</button>" not in page
    with pytest.raises(workflow.InquiryError, match="jendela 24 jam tertutup"):
        workflow.retry_reply(message, by=admin_medsos)


# --- Flash messages only after the fact; drafts survive every refusal ------------------------------


def test_reply_flash_says_queued_not_delivered(client_for, whatsapp_inquiry, admin_medsos):
    inquiry = whatsapp_inquiry()
    response = client_for(admin_medsos).post(f"/inbox/{inquiry.pk}/reply/", {"body": "Halo"}, follow=True)
    text = response.content.decode()
    assert "Balasan masuk antrean kirim" in text and "Balasan dikirim." not in text


def test_typed_reply_survives_the_window_refusal(client_for, closed_inquiry, admin_medsos):
    client = client_for(admin_medsos)
    typed = "Biaya kuliah Rp5 juta per semester, bisa dicicil."
    page = client.post(
        f"/inbox/{closed_inquiry.pk}/reply/", {"body": typed, "draft_form": "reply"}, follow=True
    )
    assert f">{typed}</textarea>" in page.content.decode()
    # Shown once: a reload does not bring an old draft back.
    assert f">{typed}</textarea>" not in client.get(f"/inbox/{closed_inquiry.pk}/").content.decode()


def test_typed_reply_survives_an_over_long_reply(client_for, whatsapp_inquiry, admin_medsos):
    inquiry = whatsapp_inquiry()
    typed = "x" * 4001
    page = client_for(admin_medsos).post(
        f"/inbox/{inquiry.pk}/reply/", {"body": typed, "draft_form": "reply"}, follow=True
    )
    assert f">{typed}</textarea>" in page.content.decode()
    assert not Message.objects.filter(direction="outbound", sent_by=admin_medsos).exists()


def test_typed_question_survives_a_rejected_escalation(client_for, whatsapp_inquiry, admin_medsos):
    inquiry = whatsapp_inquiry()
    question = "Apakah ada beasiswa untuk prodi TI?"
    past = (timezone.localtime() - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    page = client_for(admin_medsos).post(
        f"/inbox/{inquiry.pk}/escalate/",
        {
            "unit": Unit.objects.get(code="akademik").pk,
            "question": question,
            "due_at": past,
            "draft_form": "escalate",
        },
        follow=True,
    )
    content = page.content.decode()
    assert "Batas waktu harus di masa depan." in content
    assert f">{question}</textarea>" in content


# --- Survey on the channel that can reach the contact -----------------------------------------------


def _close(inquiry, by, categories):
    workflow.close_inquiry(inquiry, note="Selesai", category=categories["Jadwal PMB"], by=by)
    return Inquiry.objects.select_related("survey_message__outbound").get(pk=inquiry.pk)


def test_survey_inside_the_window_goes_on_whatsapp(whatsapp_inquiry, admin_medsos, categories):
    inquiry = _close(whatsapp_inquiry(), admin_medsos, categories)
    assert inquiry.survey_channel == SurveyRoute.WHATSAPP
    assert inquiry.survey_message.outbound.channel == "whatsapp"


def test_survey_outside_the_window_uses_the_survey_template(closed_inquiry, admin_medsos, categories):
    WhatsAppTemplate.objects.create(
        purpose=Purpose.SURVEY,
        name="pmb_survey",
        body_preview="Halo {{1}}, beri nilai layanan kami: {{2}}",
        parameters="first_name,survey_link",
    )
    inquiry = _close(closed_inquiry, admin_medsos, categories)
    assert inquiry.survey_channel == SurveyRoute.WHATSAPP_TEMPLATE
    outbound = inquiry.survey_message.outbound
    assert outbound.template_name == "pmb_survey" and outbound.status == OutboundStatus.QUEUED
    assert inquiry.survey_message.text.startswith("Halo Siti, beri nilai layanan kami: http")
    assert inquiry.survey_token in inquiry.survey_message.text


def test_survey_outside_the_window_without_template_goes_by_email(
    closed_inquiry, admin_medsos, categories, mailoutbox
):
    closed_inquiry.lead.email = "siti@example.com"
    closed_inquiry.lead.save(update_fields=["email"])
    inquiry = _close(closed_inquiry, admin_medsos, categories)
    assert inquiry.survey_channel == SurveyRoute.EMAIL
    assert inquiry.survey_message.outbound.recipient == "siti@example.com"
    assert survey.survey_summary(inquiry)[1].startswith("Survei lewat Email")


def test_survey_with_no_reachable_channel_gives_the_agent_the_link(
    client_for, closed_inquiry, admin_medsos, categories
):
    inquiry = _close(closed_inquiry, admin_medsos, categories)
    assert inquiry.survey_channel == SurveyRoute.LINK and inquiry.survey_message is None
    page = client_for(admin_medsos).get(f"/inbox/{inquiry.pk}/").content.decode()
    assert "Survei belum terkirim" in page and inquiry.survey_token in page
    assert "terkirim, belum diisi" not in page


def test_failed_survey_is_shown_as_failed(client_for, whatsapp_inquiry, admin_medsos, categories):
    inquiry = _close(whatsapp_inquiry(), admin_medsos, categories)
    OutboundMessage.objects.filter(pk=inquiry.survey_message.outbound_id).update(
        status=OutboundStatus.FAILED, error_code="131047"
    )
    response = client_for(admin_medsos).get(f"/inbox/{inquiry.pk}/")
    page = response.content.decode()
    assert "GAGAL" in page and "Di luar jendela 24 jam WhatsApp" in page
    assert "131047" not in page
