"""Escalate from a lead or a call (SOP 03 stage 3.3, issue 10 item 5)."""

from __future__ import annotations

import pytest

from inquiries.models import Escalation, Unit
from inquiries.services import escalations
from leads.models import FollowUp
from leads.services import create_lead

pytestmark = pytest.mark.django_db


def test_telemarketer_escalates_from_the_lead_page_and_the_answer_comes_back(
    client_for, telemarketer, other_unit_user, django_capture_on_commit_callbacks
):
    lead = create_lead(full_name="Rina Wati", phone="+6281211112222", by=telemarketer).lead
    keuangan = Unit.objects.get(code="keuangan")
    client = client_for(telemarketer)
    assert 'data-testid="lead-escalate-form"' in client.get(f"/leads/{lead.pk}/").content.decode()
    response = client.post(
        f"/inbox/from-lead/{lead.pk}/escalate/",
        {"unit": keuangan.pk, "question": "Apakah UKT semester 1 bisa dicicil?"},
        follow=True,
    )
    assert "dieskalasi ke Keuangan" in response.content.decode()
    escalation = Escalation.objects.select_related("inquiry").get()
    assert escalation.inquiry.channel == "phone" and escalation.inquiry.lead == lead
    assert escalation.created_by == telemarketer

    escalations.answer_escalation(escalation, answer="Bisa, 3 kali angsuran.", by=other_unit_user)
    # The lead's timeline has the answer, and the telemarketer's call queue has a task to pass it on.
    note = lead.interactions.get(kind="note")
    assert "Bisa, 3 kali angsuran." in note.note
    task = FollowUp.objects.get(dedup_key=f"esc-answer-call:{escalation.pk}")
    assert (task.owner, task.kind, task.lead) == (telemarketer, "call", lead)
    assert task in FollowUp.objects.filter(owner=telemarketer, completed_at__isnull=True)


def test_escalating_from_a_lead_needs_the_permission(client_for, unit_user):
    lead = create_lead(full_name="Rina Wati", phone="+6281211112223").lead
    response = client_for(unit_user).post(
        f"/inbox/from-lead/{lead.pk}/escalate/", {"unit": Unit.objects.first().pk, "question": "?"}
    )
    assert response.status_code == 403
