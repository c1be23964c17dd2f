"""Lead-list filters the dashboard links to: first-contact channel, stage reached, status moves, event,
no programme."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from inquiries.models import Inquiry
from leads.models import LeadStatus, LeadStatusChange
from leads.selectors import filtered_leads
from leads.services import transition_lead
from tests.factories import LeadFactory, StudyProgramFactory

pytestmark = pytest.mark.django_db
JKT = ZoneInfo("Asia/Jakarta")


def names(query: str) -> set[str]:
    filterset = filtered_leads(query)
    assert filterset.is_valid(), filterset.errors
    return {lead.full_name for lead in filterset.qs}


def inquiry(lead, channel, received):
    return Inquiry.objects.create(
        channel=channel, contact_key=f"{channel}-{lead.pk}", lead=lead, received_at=received
    )


@pytest.fixture
def leads(admin_marketing):
    start = datetime(2026, 11, 9, 9, tzinfo=JKT)
    first_ig = LeadFactory(full_name="Ig Dulu")
    inquiry(first_ig, "whatsapp", start + timedelta(hours=2))
    inquiry(first_ig, "instagram", start)
    first_wa = LeadFactory(
        full_name="Wa Dulu", source_detail="Expo Batam", program=StudyProgramFactory(code="ti")
    )
    inquiry(first_wa, "whatsapp", start)
    silent = LeadFactory(full_name="Tanpa Tanya", source_detail="Expo Batam 2")
    transition_lead(first_wa, to=LeadStatus.REGISTERED, by=admin_marketing, reason="uji")
    transition_lead(first_wa, to=LeadStatus.NOT_INTERESTED, by=admin_marketing, reason="uji")
    transition_lead(silent, to=LeadStatus.INTERESTED, by=admin_marketing, reason="uji")
    LeadStatusChange.objects.filter(lead=first_wa, to_status=LeadStatus.REGISTERED).update(
        changed_at=datetime(2026, 11, 10, 23, 30, tzinfo=JKT)
    )
    return first_ig, first_wa, silent


def test_first_channel_is_the_channel_of_the_earliest_inquiry(leads):
    assert names("first_channel=instagram") == {"Ig Dulu"}
    assert names("first_channel=whatsapp") == {"Wa Dulu"}
    assert names("first_channel=none") == {"Tanpa Tanya"}


def test_reached_counts_history_as_well_as_the_current_status(leads):
    assert names("reached=registered") == {"Wa Dulu"}  # now not_interested, but it registered
    assert names("reached=contacted") == {"Wa Dulu", "Tanpa Tanya"}
    assert names("reached=enrolled") == set()


def test_moved_to_within_office_days(leads):
    assert names("moved_to=registered&moved_after=2026-11-10&moved_before=2026-11-10") == {"Wa Dulu"}
    # 23:30 WIB on the 10th is the 10th in the office zone, not the 11th.
    assert names("moved_to=registered&moved_after=2026-11-11") == set()
    assert names("moved_to=registered") == {"Wa Dulu"}


def test_event_is_exact_and_programme_can_be_empty(leads):
    assert names("event=Expo+Batam") == {"Wa Dulu"}
    assert names("program=null") == {"Ig Dulu", "Tanpa Tanya"}
