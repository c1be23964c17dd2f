"""Follow-up reasons and overdue alerts written by the jobs: shown in the reader's language, and an
overdue alert resolved when its call is logged."""

from __future__ import annotations

import importlib
from datetime import timedelta

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone, translation

from core.models import Alert
from leads import policies, services
from leads.models import Direction, FollowUp, InteractionKind, Outcome, Temperature
from outbox import selectors as outbox_selectors
from tests.factories import FollowUpFactory, LeadFactory

pytestmark = pytest.mark.django_db

data_migration = importlib.import_module("leads.migrations.0010_follow_up_reasons_and_alerts_as_codes")


def page_in(client, url: str, language: str) -> str:
    client.cookies["django_language"] = language
    return client.get(url).content.decode()


def test_a_job_written_reason_reads_in_the_readers_language_on_the_call_queue_and_lead_page(
    client_for, telemarketer
):
    lead = LeadFactory(full_name="Rina Wulandari", temperature=Temperature.HOT, owner=telemarketer)
    follow_up = policies.flag_lead_for_call(
        lead, reason=policies.texts.HOT_LEAD_CALL.stored(days=1), key="test-hot", due_at=timezone.now()
    )
    assert (follow_up.reason_code, follow_up.reason_params) == ("leads.hot_lead_call", {"days": 1})
    client = client_for(telemarketer)
    for url in (reverse("calls:queue"), reverse("leads:detail", args=[lead.pk])):
        assert "Prospek hot: telepon dalam 1 hari" in page_in(client, url, "id")
        english = page_in(client, url, "en")
        assert "Hot lead: call within 1 days" in english and "Prospek hot" not in english


def test_a_typed_or_old_reason_is_shown_as_it_was_written(client_for, telemarketer):
    FollowUpFactory(
        lead=LeadFactory(full_name="Ayu"),
        owner=telemarketer,
        due_at=timezone.now(),
        reason="Minta ditelepon sore",
    )
    assert "Minta ditelepon sore" in page_in(client_for(telemarketer), reverse("calls:queue"), "en")


def test_a_rescheduled_call_names_the_outcome_in_the_readers_language(telemarketer):
    lead = LeadFactory(owner=telemarketer)
    follow_up = FollowUpFactory(lead=lead, owner=telemarketer, due_at=timezone.now())
    services.log_interaction(
        lead,
        kind=InteractionKind.CALL,
        direction=Direction.OUTBOUND,
        outcome=Outcome.NO_ANSWER,
        by=telemarketer,
        follow_up=follow_up,
        next_follow_up_at=timezone.now() + timedelta(days=1),
    )
    callback = FollowUp.objects.get(lead=lead, completed_at__isnull=True)
    with translation.override("id"):
        assert callback.get_reason_display() == "Dijadwalkan ulang: Tidak diangkat"
    with translation.override("en"):
        assert callback.get_reason_display() == "Rescheduled: No answer"


def test_logging_the_call_resolves_the_overdue_alert(client_for, telemarketer):
    now = timezone.now()
    lead = LeadFactory(full_name="Dewi Lestari", owner=telemarketer)
    follow_up = FollowUpFactory(lead=lead, owner=telemarketer, due_at=now - timedelta(hours=3))
    assert policies.alert_overdue_follow_ups(now=now) == 1
    alert = Alert.objects.get(recipient=telemarketer)
    assert alert.topic == f"follow_up:{follow_up.pk}"
    client = client_for(telemarketer)
    assert "Follow-up for Dewi Lestari is overdue" in page_in(client, "/", "en")
    assert "Tindak lanjut untuk Dewi Lestari terlambat" in page_in(client, "/", "id")

    services.log_interaction(
        lead,
        kind=InteractionKind.CALL,
        direction=Direction.OUTBOUND,
        outcome=Outcome.REACHED,
        by=telemarketer,
        follow_up=follow_up,
    )
    alert.refresh_from_db()
    assert alert.resolved_at is not None
    assert not outbox_selectors.unread_alerts_for(telemarketer).exists()
    assert "Dewi Lestari terlambat" not in page_in(client, "/", "id")


def test_the_data_migration_codes_old_reasons_and_resolves_alerts_of_done_follow_ups(telemarketer):
    now = timezone.now()
    rows = {
        text: FollowUpFactory(owner=telemarketer, reason=text)
        for text in (
            "Dijadwalkan ulang: Tidak diangkat",
            "Dijadwalkan ulang: Telepon",
            "Prospek warm: telepon pada hari ke-2 sampai ke-3",
            "Dijadwalkan ulang: sesuatu yang diketik",
            "Warm lead hari ke-2",
        )
    }
    done = FollowUpFactory(owner=telemarketer, completed_at=now)
    pending = FollowUpFactory(owner=telemarketer)
    alerts = {
        follow_up.pk: Alert.objects.create(
            key=f"followup-overdue:{follow_up.pk}", recipient=telemarketer, message="Tindak lanjut terlambat"
        )
        for follow_up in (done, pending)
    }
    for operation in data_migration.Migration.operations[:1]:
        operation.code(apps, None)
    data_migration.topics_and_resolution(apps, None)

    coded = {text: FollowUp.objects.get(pk=row.pk) for text, row in rows.items()}
    assert [(row.reason_code, row.reason_params) for row in coded.values()] == [
        ("leads.rescheduled_outcome", {"outcome": "no_answer"}),
        ("leads.rescheduled_kind", {"outcome": "call"}),
        ("leads.warm_lead_call", {"from": 2, "until": 3}),
        ("", {}),
        ("", {}),
    ]
    with translation.override("en"):
        assert [row.get_reason_display() for row in coded.values()] == [
            "Rescheduled: No answer",
            "Rescheduled: Phone",
            "Warm lead: call on day 2 to 3",
            "Dijadwalkan ulang: sesuatu yang diketik",
            "Warm lead hari ke-2",
        ]
    resolved = Alert.objects.get(pk=alerts[done.pk].pk)
    still_open = Alert.objects.get(pk=alerts[pending.pk].pk)
    assert resolved.topic == f"follow_up:{done.pk}" and resolved.resolved_at == now
    assert still_open.topic == f"follow_up:{pending.pk}" and still_open.resolved_at is None
