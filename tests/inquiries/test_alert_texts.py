"""Inbox alerts: shown in the reader's language, and resolved when their cause is gone (the inquiry
answered or closed, the escalation answered or moved on)."""

from __future__ import annotations

import importlib
from datetime import timedelta

from django.apps import apps
from django.utils import timezone

from core.models import Alert
from inquiries import policies
from inquiries.models import Category, Inquiry, Unit
from inquiries.services import escalations, workflow
from outbox import selectors as outbox_selectors

data_migration = importlib.import_module("inquiries.migrations.0016_stored_texts_as_codes")


def breach(inquiry: Inquiry) -> None:
    """Make the inquiry's first response overdue and run the SLA job."""
    now = timezone.now()
    Inquiry.objects.filter(pk=inquiry.pk).update(first_response_due=now - timedelta(minutes=5))
    policies.check_inquiry_slas(now=now)


def home_in(client, language: str) -> str:
    client.cookies["django_language"] = language
    return client.get("/").content.decode()


def test_the_same_sla_alert_reads_in_indonesian_and_in_english(supervisor, whatsapp_inquiry, client_for):
    inquiry = whatsapp_inquiry()
    breach(inquiry)
    client = client_for(supervisor)
    assert f"Pertanyaan #{inquiry.pk} melewati batas respons pertama tanpa jawaban" in home_in(client, "id")
    assert f"Inquiry #{inquiry.pk} passed its first-response deadline without an answer" in home_in(
        client, "en"
    )


def test_an_old_alert_stored_as_text_only_still_shows(supervisor, client_for):
    Alert.objects.create(key="old", recipient=supervisor, message="Peringatan lama tanpa kode")
    client = client_for(supervisor)
    assert "Peringatan lama tanpa kode" in home_in(client, "id")
    assert "Peringatan lama tanpa kode" in home_in(client, "en")


def test_the_first_reply_resolves_the_sla_alerts(admin_medsos, supervisor, whatsapp_inquiry, client_for):
    inquiry = whatsapp_inquiry()
    breach(inquiry)
    alert = Alert.objects.get(recipient=supervisor)
    assert alert.topic == f"inquiry:{inquiry.pk}:response" and alert.resolved_at is None

    workflow.reply_to_inquiry(inquiry, body="Gelombang 2 dibuka 1 Desember.", by=admin_medsos)
    alert.refresh_from_db()
    assert alert.resolved_at is not None and alert.read_at is None
    assert not outbox_selectors.unread_alerts_for(supervisor).exists()
    assert f"Pertanyaan #{inquiry.pk}" not in home_in(client_for(supervisor), "id")


def test_closing_the_inquiry_resolves_its_alerts_and_its_escalations_alerts(
    admin_medsos, unit_user, supervisor, whatsapp_inquiry
):
    inquiry = whatsapp_inquiry()
    now = timezone.now()
    escalation = escalations.escalate_inquiry(
        inquiry, unit=Unit.objects.get(code="akademik"), question="Magang?", by=admin_medsos, due_at=now
    )
    Inquiry.objects.filter(pk=inquiry.pk).update(first_response_due=now - timedelta(minutes=5))
    policies.check_inquiry_slas(now=now)
    policies.alert_overdue_escalations(now=now + timedelta(hours=1))
    unrelated = Alert.objects.create(
        key="other", recipient=supervisor, message="Lain", topic="inquiry:0:response"
    )
    open_before = Alert.objects.filter(resolved_at__isnull=True).exclude(pk=unrelated.pk)
    assert {alert.topic for alert in open_before} == {
        f"inquiry:{inquiry.pk}:response",
        f"escalation:{escalation.pk}",
    }

    inquiry.refresh_from_db()
    category = Category.objects.order_by("pk").first()
    workflow.close_inquiry(inquiry, note="Dijawab lewat telepon.", category=category, by=admin_medsos)
    assert not Alert.objects.filter(resolved_at__isnull=True).exclude(pk=unrelated.pk).exists()
    unrelated.refresh_from_db()
    assert unrelated.resolved_at is None


def test_the_units_answer_resolves_the_escalation_alerts_and_the_relay_resolves_the_answer_alert(
    admin_medsos, unit_user, supervisor, whatsapp_inquiry
):
    inquiry = whatsapp_inquiry()
    now = timezone.now()
    escalation = escalations.escalate_inquiry(
        inquiry, unit=Unit.objects.get(code="akademik"), question="Magang?", by=admin_medsos, due_at=now
    )
    policies.alert_overdue_escalations(now=now + timedelta(hours=1))
    waiting = Alert.objects.filter(topic=f"escalation:{escalation.pk}")
    assert waiting.filter(recipient=unit_user).exists() and waiting.filter(recipient=supervisor).exists()

    escalations.answer_escalation(escalation, answer="Enam bulan di hotel mitra.", by=unit_user)
    assert not waiting.filter(resolved_at__isnull=True).exists()
    answer_ready = Alert.objects.get(topic=f"inquiry:{inquiry.pk}:relay", recipient=admin_medsos)
    assert answer_ready.resolved_at is None

    escalations.relay_escalation(escalation, body="", by=admin_medsos)
    answer_ready.refresh_from_db()
    assert answer_ready.resolved_at is not None


def test_the_data_migration_gives_old_inbox_alerts_topics_and_resolves_those_already_moot(
    admin_medsos, supervisor, whatsapp_inquiry
):
    answered = whatsapp_inquiry(wa_id="6281234567002", mid="wamid.a")
    waiting = whatsapp_inquiry(wa_id="6281234567003", mid="wamid.b")
    workflow.reply_to_inquiry(answered, body="Sudah dijawab.", by=admin_medsos)
    old = {
        inquiry.pk: Alert.objects.create(
            key=f"sla-breach:{inquiry.pk}:{supervisor.pk}",
            recipient=supervisor,
            message=f"Pertanyaan #{inquiry.pk} melewati batas respons pertama tanpa jawaban",
        )
        for inquiry in (answered, waiting)
    }
    data_migration.topics_and_resolution(apps, None)

    moot, still_due = (Alert.objects.get(pk=old[inquiry.pk].pk) for inquiry in (answered, waiting))
    assert moot.topic == f"inquiry:{answered.pk}:response" and moot.resolved_at is not None
    assert still_due.topic == f"inquiry:{waiting.pk}:response" and still_due.resolved_at is None
