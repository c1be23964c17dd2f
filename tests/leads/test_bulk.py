"""Bulk work on the lead list: every change goes through the same rules as one lead, and is audited."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone

from core.models import AuditLog
from leads import bulk, selectors
from leads.filter_chips import filter_chips
from leads.models import Lead, LeadStatus, SavedSegment
from leads.services import save_segment, transition_lead
from tests.factories import LeadFactory

pytestmark = pytest.mark.django_db


def test_bulk_status_follows_the_pipeline_and_reports_refusals(admin_marketing):
    fresh = LeadFactory(full_name="Baru Satu")
    enrolled = LeadFactory(full_name="Sudah Daftar Ulang")
    for status in (LeadStatus.REGISTERED, LeadStatus.ENROLLED):
        transition_lead(enrolled, to=status, by=admin_marketing, reason="uji")
    result = bulk.bulk_transition(
        [fresh.pk, enrolled.pk], to=LeadStatus.NOT_INTERESTED, by=admin_marketing, reason="tidak lanjut"
    )
    assert result.changed == 1
    assert [lead.pk for lead, _reason in result.refused] == [enrolled.pk]
    fresh.refresh_from_db()
    assert fresh.status == LeadStatus.NOT_INTERESTED
    assert fresh.status_changes.filter(to_status=LeadStatus.NOT_INTERESTED).exists()
    audit = AuditLog.objects.get(action="leads.bulk_status")
    assert audit.detail["lead_ids"] == [fresh.pk] and audit.detail["refused"] == [enrolled.pk]


def test_bulk_status_without_interaction_or_reason_is_refused_per_lead(client_for, admin_marketing):
    lead = LeadFactory()
    response = client_for(admin_marketing).post(
        reverse("leads:bulk"), {"lead_ids": [lead.pk], "action": "status", "status": "contacted"}, follow=True
    )
    lead.refresh_from_db()
    assert lead.status == LeadStatus.NEW
    assert "no log, no move" in response.content.decode()


def test_add_to_segment_makes_hand_picked_members(client_for, admin_marketing):
    picked, other = LeadFactory(), LeadFactory()
    segment = SavedSegment.objects.create(name="Pameran Mei", query="", created_by=admin_marketing)
    response = client_for(admin_marketing).post(
        reverse("leads:bulk"), {"lead_ids": [picked.pk], "action": "segment", "segment": segment.pk}
    )
    assert response.status_code == 302
    assert list(selectors.leads_in_segment(segment)) == [picked]
    assert other not in selectors.leads_in_segment(segment)
    assert AuditLog.objects.get(action="leads.bulk_segment").detail["lead_ids"] == [picked.pk]


def test_segment_members_join_the_filtered_leads_without_duplicates(admin_marketing):
    hot = LeadFactory(temperature="hot")
    cold = LeadFactory(temperature="cold")
    segment = save_segment(name="Hot", query="temperature=hot", by=admin_marketing)
    other = save_segment(name="Lain", query="temperature=cold", by=admin_marketing)
    bulk.add_to_segment([cold.pk, hot.pk], segment=segment, by=admin_marketing)
    bulk.add_to_segment([hot.pk], segment=other, by=admin_marketing)
    assert sorted(selectors.leads_in_segment(segment).values_list("pk", flat=True)) == sorted(
        [hot.pk, cold.pk]
    )


def test_all_matching_applies_to_the_filter_not_only_the_page(client_for, admin_marketing, telemarketer):
    warm = [LeadFactory(temperature="warm") for _ in range(3)]
    cold = LeadFactory(temperature="cold")
    client_for(admin_marketing).post(
        reverse("leads:bulk"),
        {"all_matching": "on", "query": "temperature=warm", "action": "assign", "owner": telemarketer.pk},
    )
    assert Lead.objects.filter(owner=telemarketer).count() == len(warm)
    cold.refresh_from_db()
    assert cold.owner is None
    assert AuditLog.objects.get(action="leads.bulk_assign_owner").detail["changed"] == 3


def test_export_selection_downloads_only_the_picked_leads(client_for, admin_marketing):
    picked, other = LeadFactory(full_name="Dipilih Saja"), LeadFactory(full_name="Tidak Dipilih")
    response = client_for(admin_marketing).post(
        reverse("leads:bulk"), {"lead_ids": [picked.pk], "action": "export", "format": "csv"}
    )
    body = response.content.decode("utf-8-sig")
    assert response["Content-Disposition"].startswith("attachment;")
    assert "Dipilih Saja" in body and other.full_name not in body
    assert AuditLog.objects.get(action="leads.export").detail["rows"] == 1


@pytest.mark.parametrize(
    "action, extra",
    [("status", {"status": "inquired"}), ("export", {"format": "csv"}), ("segment", {})],
)
def test_bulk_actions_beyond_owner_and_temperature_check_their_permission(
    client_for, admin_medsos, action, extra
):
    lead = LeadFactory()
    if action == "segment":
        extra = {"segment": SavedSegment.objects.create(name="Umum", query="").pk}
    # Admin Media Sosial may change leads but not move, export or segment them.
    response = client_for(admin_medsos).post(
        reverse("leads:bulk"), {"lead_ids": [lead.pk], "action": action, **extra}
    )
    assert response.status_code == 403
    assert not AuditLog.objects.exists()


def test_nothing_selected_is_refused(client_for, admin_marketing):
    response = client_for(admin_marketing).post(
        reverse("leads:bulk"), {"action": "temperature", "temperature": "hot"}, follow=True
    )
    assert "Pilih minimal satu calon mahasiswa." in response.content.decode()
    assert not AuditLog.objects.exists()


def test_filter_chips_name_each_value_and_remove_only_it():
    query = QueryDict("temperature=hot&temperature=cold&q=budi&page=2")
    filterset = selectors.filtered_leads(query)
    filterset.qs  # noqa: B018 - binds and validates the form
    chips = {
        (chip.label, chip.value): QueryDict(chip.remove_query) for chip in filter_chips(filterset, query)
    }
    assert set(chips) == {("Suhu", "Hot"), ("Suhu", "Cold"), ("Cari", "budi")}
    without_hot = chips[("Suhu", "Hot")]
    assert without_hot.getlist("temperature") == ["cold"] and without_hot["q"] == "budi"
    assert "page" not in without_hot


def test_obtained_date_in_the_future_is_refused(client_for, admin_marketing):
    future = timezone.localtime() + dt.timedelta(days=400)
    response = client_for(admin_marketing).post(
        reverse("leads:create"),
        {
            "full_name": "Masa Depan",
            "phone": "0812-5555-0001",
            "source": "exhibition",
            "obtained_at": future.strftime("%Y-%m-%dT%H:%M"),
            "track": "regular",
            "temperature": "warm",
        },
    )
    assert response.status_code == 200
    assert "tidak boleh di masa depan" in response.content.decode()
    assert not Lead.objects.filter(full_name="Masa Depan").exists()


def test_call_script_greeting_is_translated_whole(lead):
    from django.utils import translation

    from leads.scripts import fill_script, greeting

    afternoon = timezone.make_aware(dt.datetime(2026, 11, 20, 13, 0))
    with translation.override("en"):
        # An old script's "Selamat {greeting}" takes the whole translated greeting, one msgid.
        text = fill_script("Selamat {greeting} Bapak/Ibu {name}", lead=lead, agent=None, now=afternoon)
        assert text == f"{greeting(afternoon)} Bapak/Ibu Siti Rahmawati"
    with translation.override("id"):
        text = fill_script("{greeting}, {name}", lead=lead, agent=None, now=afternoon)
    assert text == "Selamat siang, Siti Rahmawati"
