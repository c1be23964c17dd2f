"""The team inbox (issue 10 item 6): assignment by round robin or least load among the admins on
duty with an away switch, internal notes, the "someone else is answering" warning, the nav badge."""

from __future__ import annotations

import pytest

from core import roles
from inquiries.models import AssignmentMode, InboxSettings, Inquiry, Message
from inquiries.services import team, workflow
from outbox.models import OutboundMessage
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def agents(db):
    return [UserFactory(username=f"agent{i}", roles=[roles.ADMIN_MEDIA_SOSIAL]) for i in range(3)]


def _mode(mode: str) -> None:
    config = InboxSettings.current()
    config.assignment_mode = mode
    config.save()


def _new(whatsapp_inquiry, index: int) -> Inquiry:
    return Inquiry.objects.get(pk=whatsapp_inquiry(wa_id=f"62812000001{index:02d}", mid=f"wamid.t{index}").pk)


def test_round_robin_skips_agents_who_are_away(agents, whatsapp_inquiry):
    _mode(AssignmentMode.ROUND_ROBIN)
    team.set_away(agents[1], is_away=True)
    assignees = [_new(whatsapp_inquiry, i).assignee for i in range(4)]
    assert assignees == [agents[0], agents[2], agents[0], agents[2]]


def test_least_load_gives_the_new_conversation_to_the_least_busy(agents, whatsapp_inquiry):
    _mode(AssignmentMode.MANUAL)
    for i in range(2):
        workflow.assign_inquiry(_new(whatsapp_inquiry, i), to=agents[0], by=agents[0])
    workflow.assign_inquiry(_new(whatsapp_inquiry, 2), to=agents[1], by=agents[1])
    _mode(AssignmentMode.LEAST_LOAD)
    assert _new(whatsapp_inquiry, 3).assignee == agents[2]
    assert _new(whatsapp_inquiry, 4).assignee in (agents[1], agents[2])


def test_manual_mode_leaves_conversations_unassigned(agents, whatsapp_inquiry):
    assert _new(whatsapp_inquiry, 0).assignee is None


def test_internal_note_is_never_sent(client_for, admin_medsos, whatsapp_inquiry):
    inquiry = whatsapp_inquiry()
    before = OutboundMessage.objects.count()
    page = client_for(admin_medsos).post(
        f"/inbox/{inquiry.pk}/note/", {"internal_note": "Sudah ditelepon, minta brosur"}, follow=True
    )
    note = Message.objects.get(direction="internal")
    assert note.outbound is None and OutboundMessage.objects.count() == before
    content = page.content.decode()
    assert "Sudah ditelepon, minta brosur" in content and "catatan internal, tidak dikirim" in content
    inquiry.refresh_from_db()
    assert inquiry.first_response_at is None  # a note is not an answer


def test_warning_when_another_agent_types_or_just_replied(client_for, admin_medsos, humas, whatsapp_inquiry):
    inquiry = whatsapp_inquiry()
    assert client_for(humas).post(f"/inbox/{inquiry.pk}/typing/").status_code == 204
    page = client_for(admin_medsos).get(f"/inbox/{inquiry.pk}/conversation/").content.decode()
    assert 'data-testid="others-working"' in page
    assert f"{humas.get_full_name() or humas.username} sedang mengetik" in page
    workflow.reply_to_inquiry(inquiry, body="Halo", by=humas)
    warnings = team.others_working(inquiry, user=admin_medsos)
    assert any("baru saja membalas" in w for w in warnings)
    assert team.others_working(inquiry, user=humas) == []  # never warned about oneself


def test_nav_badge_counts_my_waiting_conversations_and_polls(client_for, admin_medsos, whatsapp_inquiry):
    inquiry = whatsapp_inquiry()
    workflow.assign_inquiry(inquiry, to=admin_medsos, by=admin_medsos)
    client = client_for(admin_medsos)
    page = client.get("/").content.decode()
    assert 'hx-get="/nav/badge/inquiries:inbox/" hx-trigger="load, every 30s"' in page
    assert 'data-count="1"' in client.get("/nav/badge/inquiries:inbox/").content.decode()
    workflow.reply_to_inquiry(inquiry, body="Halo", by=admin_medsos)
    badge = client.get("/nav/badge/inquiries:inbox/").content.decode()
    assert 'data-count="0"' in badge and "d-none" in badge


def test_away_switch_from_the_inbox(client_for, admin_medsos):
    client = client_for(admin_medsos)
    client.post("/inbox/away/", {"is_away": "1"})
    assert team.is_away(admin_medsos)
    assert admin_medsos not in team.agents_on_duty()
    client.post("/inbox/away/", {"is_away": "0"})
    assert admin_medsos in team.agents_on_duty()
