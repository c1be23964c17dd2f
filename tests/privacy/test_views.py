"""Merge, UU PDP export and erase pages (moved from leads to privacy; same paths and permissions)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from core.models import AuditLog
from leads.models import FollowUp, Interaction, Lead
from leads.services import log_interaction
from tests.factories import FollowUpFactory, LeadFactory

pytestmark = pytest.mark.django_db


def test_paths_are_unchanged():
    assert reverse("privacy:merge") == "/leads/merge/"
    assert reverse("privacy:export", args=[7]) == "/leads/7/privacy/export/"
    assert reverse("privacy:erase", args=[7]) == "/leads/7/privacy/erase/"


def test_merge_moves_everything_and_is_recorded(client_for, admin_marketing, telemarketer, lead):
    other = LeadFactory(full_name="Siti R.", phone="+6281399998888", email="")
    log_interaction(other, kind="call", direction="outbound", outcome="reached", by=telemarketer)
    FollowUpFactory(lead=other, owner=telemarketer)
    response = client_for(admin_marketing).post(
        reverse("privacy:merge"), {"keep": lead.pk, "merge": other.pk}
    )
    assert response.status_code == 302
    assert not Lead.objects.filter(pk=other.pk).exists()
    assert (
        Interaction.objects.filter(lead=lead).count() == 1 and FollowUp.objects.filter(lead=lead).count() == 1
    )
    assert lead.contacts.filter(value="+6281399998888").exists()
    assert lead.merges.get().merged_lead_id == other.pk
    assert AuditLog.objects.filter(action="leads.merge").exists()


def test_merge_refused_for_telemarketer(client_for, telemarketer, lead):
    other = LeadFactory()
    assert (
        client_for(telemarketer)
        .post(reverse("privacy:merge"), {"keep": lead.pk, "merge": other.pk})
        .status_code
        == 403
    )


def test_pdp_export_and_erase_are_logged(client_for, privacy_officer, lead, telemarketer):
    log_interaction(
        lead,
        kind="call",
        direction="outbound",
        outcome="reached",
        note="Alamat rumah di Jl. Merdeka",
        by=telemarketer,
    )
    client = client_for(privacy_officer)
    data = client.get(reverse("privacy:export", args=[lead.pk])).json()
    assert data["lead"]["full_name"] == "Siti Rahmawati" and data["interactions"][0]["note"].startswith(
        "Alamat"
    )
    csv_body = client.get(reverse("privacy:export", args=[lead.pk]), {"format": "csv"}).content.decode(
        "utf-8-sig"
    )
    assert "Siti Rahmawati" in csv_body
    client.post(reverse("privacy:erase", args=[lead.pk]), {"confirm": "HAPUS"})
    lead.refresh_from_db()
    assert lead.is_erased and lead.phone == "" and lead.email == "" and "Siti" not in lead.full_name
    assert lead.status_changes.exists() and lead.interactions.get().note == ""  # counts kept for reports
    assert not lead.contacts.exists()
    assert list(
        AuditLog.objects.filter(object_id=str(lead.pk)).values_list("action", flat=True).order_by("id")
    ) == ["leads.pdp_export", "leads.pdp_export", "leads.pdp_erase"]


def test_erase_needs_confirmation_and_permission(client_for, privacy_officer, telemarketer, lead):
    assert (
        client_for(telemarketer)
        .post(reverse("privacy:erase", args=[lead.pk]), {"confirm": "HAPUS"})
        .status_code
        == 403
    )
    client_for(privacy_officer).post(reverse("privacy:erase", args=[lead.pk]), {"confirm": "ya"})
    lead.refresh_from_db()
    assert not lead.is_erased
