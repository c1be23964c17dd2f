from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from leads.models import FollowUp, FollowUpKind, Interaction, LeadStatus, LeadStatusChange, SavedSegment
from leads.selectors import leads_in_segment
from leads.services import ALLOWED_TRANSITIONS, IllegalTransition, log_interaction, transition_lead
from tests.factories import FollowUpFactory, LeadFactory

pytestmark = pytest.mark.django_db


def _call(lead, user, **kwargs):
    return log_interaction(lead, kind="call", direction="outbound", outcome="reached", by=user, **kwargs)


def test_transition_writes_history_row(admin_marketing):
    lead = LeadFactory()
    _call(lead, admin_marketing)
    transition_lead(lead, to=LeadStatus.CONTACTED, by=admin_marketing, note="Sudah ditelepon")
    lead.refresh_from_db()
    assert lead.status == LeadStatus.CONTACTED
    change = LeadStatusChange.objects.filter(lead=lead).first()
    assert (change.from_status, change.to_status, change.changed_by, change.note) == (
        "new",
        "contacted",
        admin_marketing,
        "Sudah ditelepon",
    )


def test_transition_to_inquired_needs_no_interaction(admin_marketing):
    lead = LeadFactory()
    transition_lead(lead, to=LeadStatus.INQUIRED, by=None)
    assert lead.status == LeadStatus.INQUIRED


def test_no_log_no_move(admin_marketing):
    lead = LeadFactory()
    with pytest.raises(IllegalTransition, match="no log, no move"):
        transition_lead(lead, to=LeadStatus.CONTACTED, by=admin_marketing)
    lead.refresh_from_db()
    assert lead.status == LeadStatus.NEW


def test_reason_replaces_the_interaction(admin_marketing):
    lead = LeadFactory()
    transition_lead(lead, to=LeadStatus.INTERESTED, by=admin_marketing, reason="Datang langsung ke kampus")
    assert LeadStatusChange.objects.filter(
        lead=lead, to_status="interested", reason="Datang langsung ke kampus"
    ).exists()


def test_interaction_before_last_move_does_not_count(admin_marketing):
    lead = LeadFactory()
    _call(lead, admin_marketing)
    transition_lead(lead, to=LeadStatus.CONTACTED, by=admin_marketing)
    with pytest.raises(IllegalTransition):
        transition_lead(lead, to=LeadStatus.INTERESTED, by=admin_marketing)


def test_backward_move_is_refused_with_clear_message(admin_marketing):
    lead = LeadFactory()
    transition_lead(lead, to=LeadStatus.INTERESTED, by=admin_marketing, reason="x")
    with pytest.raises(IllegalTransition, match="tidak diizinkan"):
        transition_lead(lead, to=LeadStatus.INQUIRED, by=admin_marketing)


def test_same_status_and_unknown_status_refused(admin_marketing):
    lead = LeadFactory()
    with pytest.raises(IllegalTransition, match="sudah berstatus"):
        transition_lead(lead, to=LeadStatus.NEW, by=admin_marketing)
    with pytest.raises(IllegalTransition, match="tidak dikenal"):
        transition_lead(lead, to="lost", by=admin_marketing)


def test_not_interested_from_every_open_status():
    for status in ["new", "inquired", "contacted", "interested", "registered"]:
        assert "not_interested" in ALLOWED_TRANSITIONS[status]


def test_transition_rejects_reopening_without_note(admin_marketing):
    lead = LeadFactory()
    transition_lead(lead, to=LeadStatus.NOT_INTERESTED, by=admin_marketing, reason="Menolak via telepon")
    with pytest.raises(IllegalTransition, match="wajib disertai catatan"):
        transition_lead(lead, to=LeadStatus.INQUIRED, by=admin_marketing)
    transition_lead(lead, to=LeadStatus.INQUIRED, by=admin_marketing, note="Menghubungi lagi lewat WhatsApp")
    assert lead.status == LeadStatus.INQUIRED


def test_log_interaction_completes_follow_up_and_schedules_callback(telemarketer):
    lead = LeadFactory()
    follow_up = FollowUpFactory(lead=lead, owner=telemarketer)
    later = timezone.now() + dt.timedelta(days=1)
    interaction = log_interaction(
        lead,
        kind="call",
        direction="outbound",
        outcome="call_back",
        note="Minta ditelepon besok",
        by=telemarketer,
        follow_up=follow_up,
        next_follow_up_at=later,
    )
    follow_up.refresh_from_db()
    assert follow_up.completed_at is not None and follow_up.completed_by_interaction == interaction
    callback = FollowUp.objects.get(lead=lead, completed_at__isnull=True)
    assert (callback.kind, callback.owner, callback.due_at) == (FollowUpKind.CALLBACK, telemarketer, later)
    assert Interaction.objects.filter(lead=lead).count() == 1


def test_leads_in_segment_uses_the_list_filters():
    hot = LeadFactory(temperature="hot", track="scholarship")
    LeadFactory(temperature="cold", track="scholarship")
    LeadFactory(temperature="hot", track="regular")
    segment = SavedSegment.objects.create(
        name="Beasiswa hot", query="temperature=hot&track=scholarship&page=3"
    )
    assert list(leads_in_segment(segment)) == [hot]


def test_leads_in_segment_with_stale_value_selects_nobody():
    LeadFactory()
    segment = SavedSegment.objects.create(name="Lama", query="program=999999")
    assert list(leads_in_segment(segment)) == []
