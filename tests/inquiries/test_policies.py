"""Inquiry policies that have no older test home: escalations overdue at their unit."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from core.models import Alert
from inquiries import policies
from inquiries.models import Unit
from inquiries.services import escalations


def test_overdue_escalation_alerts_unit_members_and_supervisors_once(
    admin_medsos, unit_user, other_unit_user, supervisor, whatsapp_inquiry
):
    inquiry = whatsapp_inquiry()
    now = timezone.now()
    escalation = escalations.escalate_inquiry(
        inquiry,
        unit=Unit.objects.get(code="akademik"),
        question="Kurikulum magang?",
        by=admin_medsos,
        due_at=now + timedelta(hours=4),
    )
    assert policies.alert_overdue_escalations(now=now) == 0  # not due yet

    later = now + timedelta(hours=5)
    assert policies.alert_overdue_escalations(now=later) == 2
    assert policies.alert_overdue_escalations(now=later + timedelta(minutes=15)) == 0  # once
    alerts = Alert.objects.filter(key__startswith=f"escalation-overdue:{escalation.pk}:")
    assert {alert.recipient for alert in alerts} == {unit_user, supervisor}
    assert all(alert.url == f"/inbox/escalations/{escalation.pk}/" for alert in alerts)
    assert other_unit_user not in {alert.recipient for alert in alerts}


def test_answered_escalation_raises_no_alert(admin_medsos, unit_user, supervisor, whatsapp_inquiry):
    inquiry = whatsapp_inquiry()
    now = timezone.now()
    escalation = escalations.escalate_inquiry(
        inquiry, unit=Unit.objects.get(code="akademik"), question="?", by=admin_medsos, due_at=now
    )
    escalations.answer_escalation(escalation, answer="Enam bulan.", by=unit_user)
    assert policies.alert_overdue_escalations(now=now + timedelta(days=1)) == 0
    assert not Alert.objects.filter(key__startswith="escalation-overdue:").exists()


def test_overdue_escalation_beat_row_exists(db):
    assert PeriodicTask.objects.filter(
        task="inquiries.tasks.alert_overdue_escalations", enabled=True
    ).exists()
