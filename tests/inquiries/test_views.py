"""Inbox pages: permissions, object access per unit, filters, actions, query counts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from core.models import ResponseTemplate, TemplateKind
from inquiries.models import InboxActivity, Inquiry, Unit
from inquiries.services import escalations, workflow

pytestmark = pytest.mark.django_db


def test_inbox_needs_login_and_inbox_role(client, client_for, telemarketer, unit_user):
    assert client.get("/inbox/").status_code == 302
    assert client_for(telemarketer).get("/inbox/").status_code == 403
    assert client_for(unit_user).get("/inbox/").status_code == 403


def test_inbox_lists_and_records_activity(client_for, admin_medsos, whatsapp_inquiry):
    inquiry = whatsapp_inquiry()
    response = client_for(admin_medsos).get("/inbox/")
    assert response.status_code == 200 and inquiry.contact_name.encode() in response.content
    assert b'hx-trigger="every 20s"' in response.content
    assert InboxActivity.objects.filter(user=admin_medsos).exists()
    assert b"Inbox terakhir dikerjakan" in client_for(admin_medsos).get("/inbox/").content


def test_htmx_poll_returns_only_rows(client_for, admin_medsos, whatsapp_inquiry):
    whatsapp_inquiry()
    response = client_for(admin_medsos).get("/inbox/", HTTP_HX_REQUEST="true")
    assert (
        response.status_code == 200
        and b"<html" not in response.content
        and b"inquiry-row" in response.content
    )


def test_inbox_filters(client_for, admin_medsos, whatsapp_inquiry, categories):
    mine = whatsapp_inquiry(wa_id="6281234567001", name="Punya Saya", mid="w1")
    workflow.assign_inquiry(mine, to=admin_medsos, by=admin_medsos)
    other = whatsapp_inquiry(wa_id="6281234567002", name="Belum Ada", mid="w2")
    workflow.triage_inquiry(other, level=2, category=categories["UKT"], by=admin_medsos)
    phone = workflow.record_manual_inquiry(
        channel="phone", text="x", contact_name="Via Telepon", phone="0812-3456-7003", by=admin_medsos
    )
    Inquiry.objects.filter(pk=phone.pk).update(sla_due_at=timezone.now() - timedelta(minutes=5))
    client = client_for(admin_medsos)

    def names(**params):
        content = client.get("/inbox/", params).content.decode()
        return {name for name in ("Punya Saya", "Belum Ada", "Via Telepon") if name in content}

    assert names(mine="on") == {"Punya Saya"}
    assert names(unassigned="on") == {"Belum Ada", "Via Telepon"}
    assert names(channel="phone") == {"Via Telepon"}
    assert names(level="2") == {"Belum Ada"}
    assert names(category=categories["UKT"].pk) == {"Belum Ada"}
    assert names(sla="breached") == {"Via Telepon"}
    assert names(sla="ok") == {"Punya Saya", "Belum Ada"}
    assert names(status="closed") == set()


def test_inbox_sorted_by_time_left(client_for, admin_medsos, whatsapp_inquiry):
    whatsapp_inquiry(wa_id="6281234567001", name="Lebih Lama", mid="w1")
    soon = whatsapp_inquiry(wa_id="6281234567002", name="Paling Mendesak", mid="w2")
    Inquiry.objects.filter(pk=soon.pk).update(sla_due_at=timezone.now() - timedelta(hours=1))
    content = client_for(admin_medsos).get("/inbox/").content.decode()
    assert content.index("Paling Mendesak") < content.index("Lebih Lama")
    assert 'data-sla="breached"' in content


def test_inbox_list_query_count_is_constant(
    client_for, admin_medsos, whatsapp_inquiry, django_assert_num_queries, categories
):
    for i in range(15):
        inquiry = whatsapp_inquiry(wa_id=f"62812345671{i:02d}", name=f"Penanya {i}", mid=f"w{i}")
        workflow.triage_inquiry(inquiry, level=1, category=categories["Jadwal PMB"], by=admin_medsos)
        workflow.assign_inquiry(inquiry, to=admin_medsos, by=admin_medsos)
    client = client_for(admin_medsos)
    client.get("/inbox/")  # records the activity row once
    # 1 session, 2 user, 3-4 permissions (user, groups), 5 the settings row (the due-soon horizon,
    # once for all rows), 6 inbox activity check, 7 page count,
    # 8 page rows (joins assignee, category, lead; EXISTS for unit answers / approvals),
    # 9 counters aggregate, 10 last activity, 11 the agent's away switch, 12 filter form categories,
    # 13 filter form agents (the navigation badge loads its count by its own request)
    with django_assert_num_queries(13):
        assert client.get("/inbox/").status_code == 200


def test_conversation_page_query_count_is_constant(
    client_for, admin_medsos, whatsapp_inquiry, django_assert_num_queries
):
    ResponseTemplate.objects.create(
        kind=TemplateKind.FAQ,
        name="Jadwal",
        body="Halo {name}, gelombang 2 dibuka April.",
        approved_at=timezone.now(),
    )
    inquiry = whatsapp_inquiry()
    for i in range(6):
        workflow.reply_to_inquiry(inquiry, body=f"Balasan {i}", by=admin_medsos)
    escalations.escalate_inquiry(inquiry, unit=Unit.objects.get(code="it"), question="?", by=admin_medsos)
    client = client_for(admin_medsos)
    client.get(f"/inbox/{inquiry.pk}/")
    # 1 session, 2 user, 3-4 permissions, 5 inquiry with lead/program/institution/owner/category/assignee,
    # 6 lead's other inquiries, 7 lead's interactions, 8 reply templates, 9 messages with outbox rows and
    # authors, 10 escalations, 11 their steps, 12 categories, 13 staff to assign, 14 units,
    # 15 the contact's last inbound message (WhatsApp window), 16 the approved WhatsApp templates,
    # 17 other agents typing, 18 another agent's reply in the last minute, 19 the messages' media
    # (one prefetch for all), 20 the settings row (the SLA badge's due-soon horizon)
    with django_assert_num_queries(20):
        first = client.get(f"/inbox/{inquiry.pk}/")
    for i in range(6):
        workflow.reply_to_inquiry(inquiry, body=f"Lagi {i}", by=admin_medsos)
    with django_assert_num_queries(20):
        second = client.get(f"/inbox/{inquiry.pk}/")
    assert first.status_code == second.status_code == 200
    assert b"Halo Siti Aminah, gelombang 2 dibuka April." in second.content  # placeholders filled


def test_conversation_404_for_missing(client_for, admin_medsos):
    assert client_for(admin_medsos).get("/inbox/999999/").status_code == 404


def test_actions_through_the_pages(client_for, admin_medsos, whatsapp_inquiry, categories):
    inquiry = whatsapp_inquiry()
    client = client_for(admin_medsos)
    assert (
        client.post(
            f"/inbox/{inquiry.pk}/triage/", {"level": 1, "category": categories["Jadwal PMB"].pk}
        ).status_code
        == 302
    )
    assert client.post(f"/inbox/{inquiry.pk}/assign/", {"assignee": admin_medsos.pk}).status_code == 302
    assert client.post(f"/inbox/{inquiry.pk}/reply/", {"body": "Dibuka April."}).status_code == 302
    inquiry.refresh_from_db()
    assert inquiry.level == 1 and inquiry.assignee == admin_medsos and inquiry.first_response_at
    response = client.post(
        f"/inbox/{inquiry.pk}/close/", {"category": categories["Jadwal PMB"].pk, "note": ""}, follow=True
    )
    assert "wajib diisi" in response.content.decode() or "Catatan penyelesaian" in response.content.decode()
    inquiry.refresh_from_db()
    assert inquiry.status != "closed"
    client.post(f"/inbox/{inquiry.pk}/close/", {"category": categories["Jadwal PMB"].pk, "note": "Selesai"})
    inquiry.refresh_from_db()
    assert inquiry.status == "closed"
    response = client.post(f"/inbox/{inquiry.pk}/reply/", {"body": "lagi"}, follow=True)
    assert "sudah ditutup" in response.content.decode()


def test_get_on_action_is_405(client_for, admin_medsos, whatsapp_inquiry):
    inquiry = whatsapp_inquiry()
    assert client_for(admin_medsos).get(f"/inbox/{inquiry.pk}/reply/").status_code == 405


def test_kadiv_reads_but_cannot_reply(client_for, kadiv, whatsapp_inquiry):
    inquiry = whatsapp_inquiry()
    client = client_for(kadiv)
    assert client.get(f"/inbox/{inquiry.pk}/").status_code == 200
    assert client.post(f"/inbox/{inquiry.pk}/reply/", {"body": "x"}).status_code == 403


def test_unit_sees_only_its_own_escalations(
    client_for, admin_medsos, unit_user, other_unit_user, whatsapp_inquiry
):
    inquiry = whatsapp_inquiry()
    escalation = escalations.escalate_inquiry(
        inquiry, unit=Unit.objects.get(code="akademik"), question="Kurikulum magang?", by=admin_medsos
    )
    own = client_for(unit_user)
    assert b"Kurikulum magang?" in own.get("/inbox/escalations/").content
    assert own.get(f"/inbox/escalations/{escalation.pk}/").status_code == 200
    assert own.get(f"/inbox/{inquiry.pk}/").status_code == 403  # the conversation itself is the inbox's

    other = client_for(other_unit_user)
    assert b"Kurikulum magang?" not in other.get("/inbox/escalations/").content
    assert other.get(f"/inbox/escalations/{escalation.pk}/").status_code == 403
    for action, data in [
        ("answer", {"answer": "x"}),
        ("forward", {"to_role": "dekan"}),
        ("validate", {"note": "x"}),
        ("relay", {"body": "x"}),
    ]:
        assert other.post(f"/inbox/escalations/{escalation.pk}/{action}/", data).status_code == 403
    escalation.refresh_from_db()
    assert escalation.status == "open" and escalation.steps.count() == 1


def test_unit_answers_and_agent_relays_through_pages(client_for, admin_medsos, unit_user, whatsapp_inquiry):
    inquiry = whatsapp_inquiry()
    escalation = escalations.escalate_inquiry(
        inquiry, unit=Unit.objects.get(code="akademik"), question="Magang berapa bulan?", by=admin_medsos
    )
    client_for(unit_user).post(
        f"/inbox/escalations/{escalation.pk}/answer/", {"answer": "Enam bulan di hotel mitra."}
    )
    escalation.refresh_from_db()
    assert escalation.status == "answered"
    assert b"Jawaban unit masuk" in client_for(admin_medsos).get("/inbox/").content
    client_for(admin_medsos).post(
        f"/inbox/escalations/{escalation.pk}/relay/", {"body": "Magang enam bulan di hotel mitra."}
    )
    escalation.refresh_from_db()
    assert escalation.status == "relayed"


def test_escalation_pages_404_for_missing(client_for, unit_user):
    assert client_for(unit_user).get("/inbox/escalations/424242/").status_code == 404


def test_manual_entry_page(client_for, admin_medsos, kadiv):
    assert client_for(kadiv).get("/inbox/new/").status_code == 403
    client = client_for(admin_medsos)
    assert client.get("/inbox/new/").status_code == 200
    bad = client.post("/inbox/new/", {"channel": "phone", "contact_name": "A", "phone": "12", "text": "x"})
    assert bad.status_code == 200 and not Inquiry.objects.exists()
    response = client.post(
        "/inbox/new/",
        {
            "channel": "linkedin",
            "contact_name": "PT Bintan Resort",
            "handle": "bintanresort",
            "text": "Program magang?",
            "lead_source": "other",
        },
    )
    inquiry = Inquiry.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/inbox/{inquiry.pk}/"


def test_crisis_draft_approval_page(client_for, admin_medsos, humas, whatsapp_inquiry, categories):
    inquiry = whatsapp_inquiry(text="Saya kecewa")
    workflow.triage_inquiry(inquiry, level=3, category=categories["Keluhan"], by=admin_medsos)
    draft = workflow.reply_to_inquiry(inquiry, body="Mohon maaf", by=admin_medsos)
    assert client_for(admin_medsos).post(f"/inbox/messages/{draft.pk}/approve/").status_code == 403
    assert client_for(humas).post(f"/inbox/messages/{draft.pk}/approve/").status_code == 302
    draft.refresh_from_db()
    assert draft.approved_by == humas and draft.outbound_id


def test_survey_page(client, admin_medsos, whatsapp_inquiry, categories):
    inquiry = whatsapp_inquiry()
    assert client.get(f"/survey/{inquiry.survey_token}/").status_code == 200
    assert client.post(f"/survey/{inquiry.survey_token}/", {"score": 5}).status_code == 400  # not closed yet
    workflow.close_inquiry(inquiry, note="ok", category=categories["Jadwal PMB"], by=admin_medsos)
    assert client.post(f"/survey/{inquiry.survey_token}/", {"score": 9}).status_code == 400
    assert (
        client.post(f"/survey/{inquiry.survey_token}/", {"score": 4, "comment": "Ramah"}).status_code == 200
    )
    inquiry.refresh_from_db()
    assert inquiry.survey.score == 4
    assert b"sudah diisi" in client.get(f"/survey/{inquiry.survey_token}/").content
    assert client.get("/survey/not-a-token/").status_code == 404


def test_home_sections(client_for, admin_medsos, unit_user, whatsapp_inquiry):
    inquiry = whatsapp_inquiry()
    escalations.escalate_inquiry(
        inquiry, unit=Unit.objects.get(code="akademik"), question="Pertanyaan unit", by=admin_medsos
    )
    assert b"Inbox: yang harus dijawab" in client_for(admin_medsos).get("/").content
    assert b"Pertanyaan unit" in client_for(unit_user).get("/").content


def test_supervisor_edits_categories_and_keywords_feed_suggestions(
    client_for, supervisor, admin_medsos, categories
):
    assert client_for(admin_medsos).get("/inbox/categories/").status_code == 403
    client = client_for(supervisor)
    assert client.get("/inbox/categories/").status_code == 200
    ukt = categories["UKT"]
    response = client.post(
        "/inbox/categories/",
        {"pk": ukt.pk, "name": "UKT", "level": 2, "keywords": "UKT\n  Uang Kuliah \nSPP", "is_active": "on"},
    )
    assert response.status_code == 302
    ukt.refresh_from_db()
    assert ukt.keywords == "ukt\nuang kuliah\nspp"
    client.post(
        "/inbox/categories/",
        {"name": "Asrama", "level": 1, "keywords": "asrama\ndormitory", "is_active": "on"},
    )
    from inquiries.services.ingest import suggest_triage

    assert suggest_triage("Apakah ada asrama untuk mahasiswa baru?")[0].name == "Asrama"
    bad = client.post("/inbox/categories/", {"name": "", "level": 9}, follow=True)
    assert bad.status_code == 200 and "Asrama" in bad.content.decode()


def test_escalation_due_time_from_the_form_and_past_due_refused(client_for, admin_medsos, whatsapp_inquiry):
    inquiry = whatsapp_inquiry()
    client = client_for(admin_medsos)
    unit = Unit.objects.get(code="it")
    past = client.post(
        f"/inbox/{inquiry.pk}/escalate/",
        {"unit": unit.pk, "question": "Error upload", "due_at": "2020-01-01T10:00"},
        follow=True,
    )
    assert "Batas waktu harus di masa depan." in past.content.decode() and not inquiry.escalations.exists()
    future = timezone.localtime(timezone.now() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    client.post(
        f"/inbox/{inquiry.pk}/escalate/", {"unit": unit.pk, "question": "Error upload", "due_at": future}
    )
    assert timezone.localtime(inquiry.escalations.get().due_at).strftime("%Y-%m-%dT%H:%M") == future
