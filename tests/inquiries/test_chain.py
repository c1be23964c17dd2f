"""The Unmul response chain (issue 10, item 4): people per chain role, hand-off notifications,
per-step clocks, required validation, the unit's view of the question, the monthly summary."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from core import roles, workhours
from core.calendar import get_calendar
from core.models import Alert
from inquiries import selectors
from inquiries.models import ChainMember, ChainRole, ChainStepStandard, Escalation, Unit
from inquiries.services import escalations, workflow
from outbox.models import OutboundMessage
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain(db):
    """Keuangan with one person per office, each with an email address."""
    unit = Unit.objects.get(code="keuangan")
    people = {}
    for role in ChainRole:
        user = UserFactory(username=role.value, email=f"{role.value}@pmb.test", roles=[roles.UNIT])
        unit.members.add(user)
        ChainMember.objects.create(unit=unit, role=role, user=user)
        people[role.value] = user
    return unit, people


def _emails_to(address: str) -> list[OutboundMessage]:
    return list(OutboundMessage.objects.filter(channel="email", recipient=address, purpose="alert"))


def test_escalation_walks_up_three_chain_roles_with_notifications_and_step_clocks(
    chain, whatsapp_inquiry, admin_medsos
):
    unit, people = chain
    ChainStepStandard.objects.filter(role="kabag_tu").update(working_minutes=10)  # editable standard
    ChainStepStandard.objects.filter(role="wakil_dekan").update(working_minutes=120)
    inquiry = whatsapp_inquiry(text="Apakah UKT bisa dicicil?")
    calendar = get_calendar()

    escalation = escalations.escalate_inquiry(
        inquiry, unit=unit, question="UKT bisa dicicil?", by=admin_medsos
    )
    created = escalation.steps.get()
    assert created.chain_role == "kasubbag"
    assert workhours.working_minutes_between(calendar, created.created_at, created.due_at) == pytest.approx(
        480
    )
    assert [m.subject for m in _emails_to("kasubbag@pmb.test")] == [
        f"[Kasubbag] Eskalasi #{escalation.pk} dari Siti Aminah menunggu Anda"
    ]
    assert Alert.objects.filter(recipient=people["kasubbag"]).count() == 1
    assert not _emails_to("kabag_tu@pmb.test")
    assert selectors.escalations_awaiting(people["kasubbag"]).get() == escalation
    assert not selectors.escalations_awaiting(people["kabag_tu"]).exists()

    # Step 2: Kasubbag forwards with the default target, the next office up.
    escalations.forward_escalation(escalation, note="Perlu validasi", by=people["kasubbag"])
    escalation.refresh_from_db()
    assert escalation.current_role == "kabag_tu"
    step2 = escalation.steps.order_by("-id").first()
    assert (step2.action, step2.chain_role) == ("forwarded", "kabag_tu")
    assert workhours.working_minutes_between(calendar, step2.created_at, step2.due_at) == pytest.approx(10)
    assert escalation.due_at == step2.due_at
    assert len(_emails_to("kabag_tu@pmb.test")) == 1
    assert Alert.objects.filter(recipient=people["kabag_tu"]).count() == 1
    # Kasubbag no longer holds the question: it cannot forward or answer it any more.
    with pytest.raises(PermissionDenied):
        escalations.answer_escalation(escalation, answer="Bisa", by=people["kasubbag"])

    # Step 3: Kabag TU validates and forwards to the Wakil Dekan.
    escalations.validate_escalation(escalation, note="Dukungan informasi sesuai", by=people["kabag_tu"])
    escalations.forward_escalation(escalation, by=people["kabag_tu"])
    escalation.refresh_from_db()
    assert escalation.current_role == "wakil_dekan"
    step3 = escalation.steps.order_by("-id").first()
    assert workhours.working_minutes_between(calendar, step3.created_at, step3.due_at) == pytest.approx(120)
    assert len(_emails_to("wakil_dekan@pmb.test")) == 1
    assert selectors.escalations_awaiting(people["wakil_dekan"]).get() == escalation

    escalations.answer_escalation(escalation, answer="Bisa, 3 kali angsuran.", by=people["wakil_dekan"])
    escalation.refresh_from_db()
    assert escalation.status == "answered"
    # The answer comes back to the agent who escalated: an alert and an email.
    assert Alert.objects.filter(
        recipient=admin_medsos, key__startswith=f"esc-answer:{escalation.pk}"
    ).exists()
    assert list(escalation.steps.values_list("action", "chain_role")) == [
        ("created", "kasubbag"),
        ("forwarded", "kabag_tu"),
        ("validated", "kabag_tu"),
        ("forwarded", "wakil_dekan"),
        ("answered", "wakil_dekan"),
    ]


def test_only_kabag_tu_may_validate(chain, whatsapp_inquiry, admin_medsos, client_for):
    unit, people = chain
    escalation = escalations.escalate_inquiry(whatsapp_inquiry(), unit=unit, question="?", by=admin_medsos)
    with pytest.raises(PermissionDenied):
        escalations.validate_escalation(escalation, note="", by=people["kasubbag"])
    page = client_for(people["kasubbag"]).get(f"/inbox/escalations/{escalation.pk}/").content.decode()
    assert 'data-testid="validate-form"' not in page and "Validasi (Kabag TU)" not in page
    # The forward form offers only higher offices, the next one up selected.
    assert '<option value="kabag_tu" selected>' in page and '<option value="kasubbag"' not in page


def test_required_validation_holds_the_answer_until_kabag_tu_validates(chain, whatsapp_inquiry, admin_medsos):
    unit, people = chain
    unit.requires_validation = True
    unit.save(update_fields=["requires_validation"])
    escalation = escalations.escalate_inquiry(whatsapp_inquiry(), unit=unit, question="?", by=admin_medsos)
    escalations.answer_escalation(escalation, answer="Bisa dicicil", by=people["kasubbag"])
    escalation.refresh_from_db()
    assert (escalation.status, escalation.current_role) == ("validating", "kabag_tu")
    assert len(_emails_to("kabag_tu@pmb.test")) == 1
    with pytest.raises(workflow.InquiryError):
        escalations.relay_escalation(escalation, body="", by=admin_medsos)
    escalations.validate_escalation(escalation, note="OK", by=people["kabag_tu"])
    escalation.refresh_from_db()
    assert escalation.status == "answered"
    escalations.relay_escalation(escalation, body="", by=admin_medsos)


def test_unit_queue_rows_name_the_asker_number_channel_and_age(
    chain, whatsapp_inquiry, admin_medsos, client_for, django_assert_num_queries
):
    unit, people = chain
    for index in range(3):
        inquiry = whatsapp_inquiry(
            wa_id=f"62812345670{index}", name=f"Penanya {index}", mid=f"wamid.q{index}"
        )
        escalations.escalate_inquiry(inquiry, unit=unit, question="Biaya kuliah berapa?", by=admin_medsos)
    client = client_for(people["kasubbag"])
    client.get("/inbox/escalations/")
    # 1 session, 2 user, 3-4 user and group permissions, 5 summary access by group, 6 by chain role,
    # 7 escalations with their inquiry, lead and unit (one for any number)
    with django_assert_num_queries(7):
        page = client.get("/inbox/escalations/").content.decode()
    for index in range(3):
        assert f"Penanya {index}" in page
    for escalation in Escalation.objects.all():
        assert f"#{escalation.inquiry_id}</td>" in page
    assert page.count('data-testid="age"') == 3 and "WhatsApp" in page


def test_unit_sees_the_conversation_read_only(chain, whatsapp_inquiry, admin_medsos, client_for):
    unit, people = chain
    inquiry = whatsapp_inquiry(text="Apakah UKT bisa dicicil 3 kali?")
    escalation = escalations.escalate_inquiry(inquiry, unit=unit, question="Cicilan?", by=admin_medsos)
    page = client_for(people["kasubbag"]).get(f"/inbox/escalations/{escalation.pk}/").content.decode()
    assert "Apakah UKT bisa dicicil 3 kali?" in page
    assert f"/inbox/{inquiry.pk}/reply/" not in page and "Kirim ulang" not in page
    assert client_for(people["kasubbag"]).get(f"/inbox/{inquiry.pk}/").status_code == 403


def test_monthly_summary_per_unit(chain, whatsapp_inquiry, admin_medsos, client_for, kadiv):
    unit, people = chain
    escalation = escalations.escalate_inquiry(whatsapp_inquiry(), unit=unit, question="?", by=admin_medsos)
    escalations.forward_escalation(escalation, by=people["kasubbag"])
    Escalation.objects.filter(pk=escalation.pk)  # still with Kabag TU
    escalation.steps.filter(action="forwarded").update(due_at=timezone.now() - timedelta(minutes=1))
    [row] = selectors.chain_summary(timezone.localdate().replace(day=1))
    assert row["unit"] == unit and row["count"] == 1 and row["overdue"] == 1
    medians = dict(row["medians"])
    assert medians["Kasubbag"] is not None and medians["Kabag TU"] is None
    assert client_for(people["wakil_dekan"]).get("/inbox/escalations/summary/").status_code == 200
    assert client_for(kadiv).get("/inbox/escalations/summary/").status_code == 200
    assert client_for(people["kasubbag"]).get("/inbox/escalations/summary/").status_code == 403
