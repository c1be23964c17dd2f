"""Services of the inbox: SLA clocks, triage, replies, crisis approval, escalation chain, closing, survey."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.utils import timezone

from core.calendar import get_calendar
from core.models import ResponseTemplate, TemplateKind
from inquiries import sla
from inquiries.models import Inquiry, InquiryStatus, InquiryStatusChange, Message, Unit
from inquiries.services import escalations, ingest, workflow
from inquiries.services.survey import submit_survey
from inquiries.webhooks import InboundMessage
from leads.models import LeadStatus
from leads.services import create_lead
from outbox.models import OutboundMessage, OutboundStatus

pytestmark = pytest.mark.django_db

JAKARTA_MONDAY_0900 = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)  # Mon 2 Mar 2026 09:00 WIB
JAKARTA_FRIDAY_1530 = datetime(2026, 3, 6, 8, 30, tzinfo=UTC)  # Fri 6 Mar 2026 15:30 WIB
JAKARTA_SATURDAY = datetime(2026, 3, 7, 3, 0, tzinfo=UTC)


def inbound(mid, *, at, wa_id="6281234567001", text="Halo", name="Budi"):
    return InboundMessage(
        channel="whatsapp",
        contact_key=wa_id,
        contact_name=name,
        platform_message_id=mid,
        type="text",
        text=text,
        sent_at=at,
        raw={},
        phone="+" + wa_id,
    )


def test_first_response_due_two_working_hours_after_receipt():
    calendar = get_calendar()
    assert sla.first_response_due(calendar, JAKARTA_MONDAY_0900) == JAKARTA_MONDAY_0900 + timedelta(hours=2)
    # Friday 15:30: 30 minutes left that day, the other 90 on Monday from 08:00 -> 09:30 WIB.
    assert sla.first_response_due(calendar, JAKARTA_FRIDAY_1530) == datetime(2026, 3, 9, 2, 30, tzinfo=UTC)
    # Resolution: 24 h from Friday 15:30 is Saturday, before the first response: due with it.
    assert sla.resolution_due(calendar, JAKARTA_FRIDAY_1530) == datetime(2026, 3, 9, 2, 30, tzinfo=UTC)


def test_new_inquiry_gets_clocks_from_the_platform_timestamp_and_a_triage_suggestion(categories):
    message = ingest.record_inbound_message(
        inbound("m1", at=JAKARTA_FRIDAY_1530, text="Berapa UKT prodi perhotelan?")
    )
    inquiry = message.inquiry
    assert inquiry.received_at == JAKARTA_FRIDAY_1530
    assert inquiry.first_response_due == datetime(2026, 3, 9, 2, 30, tzinfo=UTC) == inquiry.sla_due_at
    assert inquiry.suggested_category == categories["UKT"] and inquiry.suggested_level == 2
    assert inquiry.level is None and not inquiry.is_triaged  # a person confirms


def test_existing_new_lead_moves_to_inquired_and_keeps_its_data(django_capture_on_commit_callbacks):
    lead = create_lead(full_name="Rina Wati", whatsapp="+6281234567001").lead
    assert lead.status == LeadStatus.NEW
    message = ingest.record_inbound_message(inbound("m1", at=timezone.now()))
    lead.refresh_from_db()
    assert message.inquiry.lead == lead and lead.status == LeadStatus.INQUIRED
    assert lead.status_changes.filter(to_status=LeadStatus.INQUIRED).exists()
    assert lead.last_inbound_whatsapp_at == message.sent_at


def test_ctwa_referral_becomes_source_detail():
    item = InboundMessage(**{**inbound("m1", at=timezone.now()).__dict__, "referral": "Iklan Beasiswa 2026"})
    lead = ingest.record_inbound_message(item).inquiry.lead
    assert lead.source == "social_media" and lead.source_detail == "Iklan Beasiswa 2026"


def test_auto_reply_outside_working_hours_once_per_inquiry(django_capture_on_commit_callbacks):
    ResponseTemplate.objects.create(
        kind=TemplateKind.AUTO_REPLY,
        name="Di luar jam",
        body="Halo {name}, kami jawab {when}.",
        approved_at=timezone.now(),
    )
    ingest.record_inbound_message(inbound("m1", at=JAKARTA_SATURDAY))
    ingest.record_inbound_message(inbound("m2", at=JAKARTA_SATURDAY + timedelta(minutes=5)))
    auto = OutboundMessage.objects.filter(purpose="auto_reply")
    assert auto.count() == 1
    assert auto.get().body.startswith("Halo Budi, kami jawab")
    inquiry = Inquiry.objects.get()
    assert inquiry.auto_replied_at is not None and inquiry.first_response_at is None  # not a human response


def test_no_auto_reply_in_working_hours():
    ingest.record_inbound_message(inbound("m1", at=JAKARTA_MONDAY_0900))
    assert not OutboundMessage.objects.filter(purpose="auto_reply").exists()


def test_reply_stops_first_response_clock_and_is_stored_with_outbox_row(whatsapp_inquiry, admin_medsos):
    inquiry = whatsapp_inquiry()
    message = workflow.reply_to_inquiry(inquiry, body="Gelombang 2 dibuka 1 April.", by=admin_medsos)
    inquiry.refresh_from_db()
    assert inquiry.first_response_at is not None and inquiry.status == InquiryStatus.ANSWERED
    assert inquiry.sla_due_at == inquiry.resolution_due and inquiry.assignee == admin_medsos
    assert message.outbound.channel == "whatsapp" and message.outbound.recipient == "+6281234567001"
    assert InquiryStatusChange.objects.filter(
        inquiry=inquiry, from_status="open", to_status="answered", changed_by=admin_medsos
    ).exists()


def test_empty_reply_and_reply_to_closed_inquiry_are_refused(whatsapp_inquiry, admin_medsos, categories):
    inquiry = whatsapp_inquiry()
    with pytest.raises(workflow.InquiryError):
        workflow.reply_to_inquiry(inquiry, body="  ", by=admin_medsos)
    workflow.close_inquiry(inquiry, note="Selesai", category=categories["Jadwal PMB"], by=admin_medsos)
    with pytest.raises(workflow.InquiryError):
        workflow.reply_to_inquiry(inquiry, body="hai", by=admin_medsos)


def test_new_message_after_answer_reopens_the_same_inquiry(whatsapp_inquiry, admin_medsos):
    inquiry = whatsapp_inquiry()
    workflow.reply_to_inquiry(inquiry, body="Jawaban", by=admin_medsos)
    ingest.record_inbound_message(inbound("m-again", at=timezone.now()))
    inquiry.refresh_from_db()
    assert inquiry.status == InquiryStatus.OPEN and Inquiry.objects.count() == 1


def test_message_after_close_opens_a_new_inquiry(whatsapp_inquiry, admin_medsos, categories):
    inquiry = whatsapp_inquiry()
    workflow.close_inquiry(inquiry, note="Selesai", category=categories["Jadwal PMB"], by=admin_medsos)
    new = ingest.record_inbound_message(inbound("m-later", at=timezone.now())).inquiry
    assert new.pk != inquiry.pk and new.lead == inquiry.lead


def test_close_requires_category_and_note(whatsapp_inquiry, admin_medsos, categories):
    inquiry = whatsapp_inquiry()
    with pytest.raises(workflow.InquiryError):
        workflow.close_inquiry(inquiry, note="ok", by=admin_medsos)
    with pytest.raises(workflow.InquiryError):
        workflow.close_inquiry(inquiry, note=" ", category=categories["Jadwal PMB"], by=admin_medsos)
    with pytest.raises(IntegrityError):  # the database refuses an untagged closed ticket too
        Inquiry.objects.filter(pk=inquiry.pk).update(status="closed")


def test_close_sends_survey_link_once_and_survey_is_stored_once(whatsapp_inquiry, admin_medsos, categories):
    inquiry = whatsapp_inquiry()
    workflow.close_inquiry(
        inquiry, note="Dijawab via template", category=categories["Jadwal PMB"], by=admin_medsos
    )
    survey = OutboundMessage.objects.get(purpose="survey")
    assert f"/survey/{inquiry.survey_token}/" in survey.body
    assert inquiry.status == InquiryStatus.CLOSED and inquiry.sla_due_at is None and inquiry.closed_at
    submit_survey(inquiry, score=5, comment="Cepat")
    with pytest.raises(workflow.InquiryError):
        submit_survey(inquiry, score=4)


def test_survey_refused_before_close_and_out_of_range(whatsapp_inquiry):
    inquiry = whatsapp_inquiry()
    with pytest.raises(workflow.InquiryError):
        submit_survey(inquiry, score=5)


def test_closed_inquiry_cannot_move_again(whatsapp_inquiry, admin_medsos, categories):
    inquiry = whatsapp_inquiry()
    workflow.close_inquiry(inquiry, note="x", category=categories["Jadwal PMB"], by=admin_medsos)
    with pytest.raises(workflow.InquiryError):
        workflow.transition_inquiry(inquiry, to=InquiryStatus.OPEN, by=admin_medsos)


def test_level_3_alerts_humas_and_pr_manager_and_needs_approval(
    whatsapp_inquiry, admin_medsos, humas, kadiv, categories
):
    inquiry = whatsapp_inquiry(text="Saya kecewa, pelayanan tidak profesional!")
    workflow.triage_inquiry(inquiry, level=3, category=categories["Keluhan"], by=admin_medsos)
    alerts = OutboundMessage.objects.filter(purpose="alert", channel="email")
    assert sorted(alerts.values_list("recipient", flat=True)) == sorted([humas.email, kadiv.email])
    workflow.triage_inquiry(inquiry, level=3, category=categories["Keluhan"], by=admin_medsos)
    assert alerts.count() == 2  # once
    assert inquiry.is_crisis
    draft = workflow.reply_to_inquiry(inquiry, body="Mohon maaf atas ketidaknyamanan.", by=admin_medsos)
    assert draft.needs_approval and draft.outbound is None
    inquiry.refresh_from_db()
    assert inquiry.first_response_at is None  # nothing public yet
    with pytest.raises(PermissionDenied):
        workflow.approve_crisis_reply(draft, by=admin_medsos)
    approved = workflow.approve_crisis_reply(draft, by=humas)
    assert approved.outbound is not None and approved.approved_by == humas
    with pytest.raises(workflow.InquiryError):
        workflow.approve_crisis_reply(draft, by=humas)


def test_escalation_chain_is_archived_and_unit_scoped(
    whatsapp_inquiry, admin_medsos, unit_user, other_unit_user, categories
):
    inquiry = whatsapp_inquiry(text="Apakah UKT bisa dicicil?")
    akademik = Unit.objects.get(code="akademik")
    escalation = escalations.escalate_inquiry(
        inquiry, unit=akademik, question="UKT bisa dicicil?", by=admin_medsos
    )
    inquiry.refresh_from_db()
    assert inquiry.status == InquiryStatus.WAITING_ON_UNIT and escalation.due_at > timezone.now()
    with pytest.raises(PermissionDenied):
        escalations.answer_escalation(escalation, answer="bukan unit saya", by=other_unit_user)
    escalations.forward_escalation(escalation, to_role="kabag_tu", note="Perlu validasi", by=unit_user)
    with pytest.raises(workflow.InquiryError):
        escalations.forward_escalation(escalation, to_role="kasubbag", note="turun", by=unit_user)
    escalations.validate_escalation(escalation, note="Sesuai aturan", by=unit_user)
    escalations.answer_escalation(escalation, answer="Bisa, 3 kali angsuran.", by=unit_user)
    with pytest.raises(workflow.InquiryError):
        escalations.answer_escalation(escalation, answer="lagi", by=unit_user)
    escalations.relay_escalation(escalation, body="", by=admin_medsos)
    escalation.refresh_from_db()
    assert escalation.status == "relayed"
    assert list(escalation.steps.values_list("action", flat=True)) == [
        "created",
        "forwarded",
        "validated",
        "answered",
        "relayed",
    ]
    relayed = Message.objects.filter(inquiry=inquiry, direction="outbound", sent_by=admin_medsos).get()
    assert relayed.text == "Bisa, 3 kali angsuran." and relayed.outbound is not None
    inquiry.refresh_from_db()
    assert inquiry.first_response_at is not None and inquiry.status == InquiryStatus.ANSWERED


def test_relay_before_answer_is_refused(whatsapp_inquiry, admin_medsos):
    inquiry = whatsapp_inquiry()
    escalation = escalations.escalate_inquiry(
        inquiry, unit=Unit.objects.get(code="it"), question="?", by=admin_medsos
    )
    with pytest.raises(workflow.InquiryError):
        escalations.relay_escalation(escalation, body="x", by=admin_medsos)


def test_manual_entry_threads_and_links_lead(admin_medsos):
    inquiry = workflow.record_manual_inquiry(
        channel="phone",
        text="Tanya beasiswa",
        contact_name="Ahmad",
        phone="0812-3456-7002",
        by=admin_medsos,
        lead_source="walk_in",
    )
    assert (
        inquiry.contact_key == "+6281234567002"
        and inquiry.lead.phone == "+6281234567002"
        and inquiry.lead.source == "walk_in"
    )
    again = workflow.record_manual_inquiry(
        channel="phone", text="Tambahan", contact_name="Ahmad", phone="+62 812 3456 7002", by=admin_medsos
    )
    assert again.pk == inquiry.pk and again.messages.count() == 2
    with pytest.raises(workflow.InquiryError):
        workflow.record_manual_inquiry(channel="phone", text="x", phone="12", by=admin_medsos)
    with pytest.raises(workflow.InquiryError):
        workflow.record_manual_inquiry(channel="linkedin", text="", contact_name="A", by=admin_medsos)


def test_website_inquiry_replies_by_email(admin_medsos):
    inquiry = workflow.record_manual_inquiry(
        channel="website", text="Info", contact_name="Dewi", email="Dewi@Example.com", by=None
    )
    reply = workflow.reply_to_inquiry(inquiry, body="Terima kasih", by=admin_medsos)
    assert reply.outbound.channel == "email" and reply.outbound.recipient == "dewi@example.com"
    assert inquiry.lead.source == "website"


def test_failed_send_shows_error_and_is_retryable(whatsapp_inquiry, admin_medsos):
    inquiry = whatsapp_inquiry()
    message = workflow.reply_to_inquiry(inquiry, body="Halo", by=admin_medsos)
    OutboundMessage.objects.filter(pk=message.outbound_id).update(
        status=OutboundStatus.FAILED, error_code="131000", last_error="Something went wrong"
    )
    message.outbound.refresh_from_db()
    workflow.retry_reply(message, by=admin_medsos)
    assert message.outbound.status != OutboundStatus.FAILED
    with pytest.raises(workflow.InquiryError):
        workflow.retry_reply(message, by=admin_medsos)


def test_inbox_activity_recorded_at_most_every_five_minutes(admin_medsos):
    from inquiries.models import InboxActivity

    workflow.record_inbox_activity(admin_medsos)
    workflow.record_inbox_activity(admin_medsos)
    assert InboxActivity.objects.count() == 1
