from __future__ import annotations

import datetime as dt
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from leads.models import FollowUp, Interaction, LeadStatus
from leads.selectors import end_of_office_day
from tests.factories import FollowUpFactory, LeadFactory

pytestmark = pytest.mark.django_db


def test_end_of_office_day_is_jakarta_midnight():
    now = dt.datetime(2026, 3, 2, 18, 30, tzinfo=dt.UTC)  # 01:30 on 3 March in Jakarta
    assert end_of_office_day(now) == dt.datetime(2026, 3, 3, 17, 0, tzinfo=dt.UTC)


def test_queue_shows_own_due_calls_overdue_first(
    client_for, telemarketer, other_telemarketer, lead, call_script
):
    now = timezone.now()
    later_today = FollowUpFactory(
        lead=LeadFactory(full_name="Nanti Siang"),
        owner=telemarketer,
        due_at=min(now + dt.timedelta(minutes=5), end_of_office_day(now) - dt.timedelta(seconds=1)),
    )
    overdue = FollowUpFactory(
        lead=lead, owner=telemarketer, due_at=now - dt.timedelta(days=1), reason="Warm lead hari ke-3"
    )
    FollowUpFactory(
        lead=LeadFactory(full_name="Besok Saja"),
        owner=telemarketer,
        due_at=end_of_office_day(now) + dt.timedelta(hours=1),
    )
    FollowUpFactory(lead=LeadFactory(full_name="Punya Orang Lain"), owner=other_telemarketer, due_at=now)
    FollowUpFactory(
        lead=LeadFactory(full_name="Sudah Selesai"), owner=telemarketer, due_at=now, completed_at=now
    )
    body = client_for(telemarketer).get(reverse("calls:queue")).content.decode()
    assert body.index("Siti Rahmawati") < body.index("Nanti Siang")
    for absent in ["Besok Saja", "Punya Orang Lain", "Sudah Selesai"]:
        assert absent not in body
    assert 'href="tel:+6281234567890"' in body and 'href="https://wa.me/6281234567890"' in body
    assert "Apakah benar ini Siti Rahmawati?" in body  # script with placeholders filled
    assert "Warm lead hari ke-3" in body
    assert overdue and later_today


def test_logging_a_call_completes_follow_up_and_moves_status(client_for, telemarketer, lead):
    follow_up = FollowUpFactory(lead=lead, owner=telemarketer)
    prefix = f"f{follow_up.pk}"
    response = client_for(telemarketer).post(
        reverse("calls:log", args=[follow_up.pk]),
        {
            f"{prefix}-kind": "call",
            f"{prefix}-direction": "outbound",
            f"{prefix}-outcome": "reached",
            f"{prefix}-note": "Berminat D3",
            f"{prefix}-status": "interested",
        },
    )
    assert response.status_code == 302
    follow_up.refresh_from_db()
    lead.refresh_from_db()
    assert follow_up.completed_at is not None and lead.status == LeadStatus.INTERESTED
    assert Interaction.objects.get(lead=lead).note == "Berminat D3"


def test_no_answer_reschedules_as_callback(client_for, telemarketer, lead):
    follow_up = FollowUpFactory(lead=lead, owner=telemarketer)
    prefix = f"f{follow_up.pk}"
    client_for(telemarketer).post(
        reverse("calls:log", args=[follow_up.pk]),
        {
            f"{prefix}-kind": "call",
            f"{prefix}-direction": "outbound",
            f"{prefix}-outcome": "no_answer",
            # within the sane range (core.dates: today + 2 years at most)
            f"{prefix}-next_follow_up_at": (timezone.localtime() + timedelta(days=30)).strftime(
                "%Y-%m-%dT10:00"
            ),
        },
    )
    callback = FollowUp.objects.get(lead=lead, completed_at__isnull=True)
    assert callback.kind == "callback" and callback.owner == telemarketer


def test_call_without_outcome_is_refused(client_for, telemarketer, lead):
    follow_up = FollowUpFactory(lead=lead, owner=telemarketer)
    prefix = f"f{follow_up.pk}"
    response = client_for(telemarketer).post(
        reverse("calls:log", args=[follow_up.pk]),
        {f"{prefix}-kind": "call", f"{prefix}-direction": "outbound"},
        follow=True,
    )
    assert "Pilih hasil panggilan" in response.content.decode()
    assert not Interaction.objects.exists()


def test_illegal_move_in_call_log_keeps_nothing(client_for, telemarketer, lead):
    follow_up = FollowUpFactory(lead=lead, owner=telemarketer)
    prefix = f"f{follow_up.pk}"
    response = client_for(telemarketer).post(
        reverse("calls:log", args=[follow_up.pk]),
        {
            f"{prefix}-kind": "call",
            f"{prefix}-direction": "outbound",
            f"{prefix}-outcome": "reached",
            f"{prefix}-status": "new",
        },
        follow=True,
    )
    assert "sudah berstatus" in response.content.decode()
    assert not Interaction.objects.exists()


def test_cannot_log_another_telemarketers_follow_up(client_for, telemarketer, other_telemarketer, lead):
    follow_up = FollowUpFactory(lead=lead, owner=other_telemarketer)
    assert client_for(telemarketer).post(reverse("calls:log", args=[follow_up.pk]), {}).status_code == 404


def test_humas_sees_industry_meetings(client_for, humas):
    FollowUpFactory(
        lead=LeadFactory(full_name="HRD Hotel Aston", source="industry"),
        owner=humas,
        kind="meeting",
        reason="Pertemuan MoU",
    )
    body = client_for(humas).get(reverse("calls:queue")).content.decode()
    assert "HRD Hotel Aston" in body and "Pertemuan MoU" in body
