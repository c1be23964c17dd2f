"""The duplicate finder and the field-by-field merge with its undo (issue 14 item 3): services."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from core.models import AuditLog
from inquiries.models import Inquiry
from inquiries.services.workflow import record_manual_inquiry
from leads.models import (
    ConsentRecord,
    FollowUp,
    Interaction,
    Lead,
    LeadContact,
    LeadMerge,
    LeadStatus,
    LeadStatusChange,
    SavedSegment,
)
from leads.services import create_lead, log_interaction, record_consent, transition_lead
from privacy import selectors, services
from privacy.models import DuplicateCandidate, DuplicateDismissal
from tests.factories import FollowUpFactory, InstitutionFactory, LeadFactory, StudyProgramFactory

pytestmark = pytest.mark.django_db


def _pairs() -> dict[tuple[int, int], str]:
    return {(c.lead_low_id, c.lead_high_id): c.reasons for c in selectors.duplicate_page(1, per_page=100)}


@pytest.fixture
def school(db):
    return InstitutionFactory(name="SMA Negeri 4 Batam")


# --- the finder -----------------------------------------------------------------------------------


def test_scan_finds_same_normalised_name_at_the_same_school_only(school):
    first = LeadFactory(full_name="Siti Rahmawati", institution=school)
    second = LeadFactory(full_name="  siti  RAHMAWATI. ", institution=school)
    LeadFactory(full_name="Siti Rahmawati", institution=InstitutionFactory())  # another school
    LeadFactory(full_name="Siti Rahmawati")  # no school: the name alone says too little
    LeadFactory(full_name="Budi Santoso", institution=school)
    assert services.scan_duplicates() == 1
    assert _pairs() == {(first.pk, second.pk): "name"}
    assert selectors.reason_labels("name") == ["Nama sama dan sekolah/perusahaan sama"]


def test_scan_finds_the_same_email_local_part_but_not_short_ones():
    first = LeadFactory(full_name="Dewi Lestari", email="dewi.lestari07@gmail.com")
    second = LeadFactory(full_name="Dewi L.", email="Dewi.Lestari07@yahoo.co.id")
    LeadFactory(full_name="A", email="abc@gmail.com")
    LeadFactory(full_name="B", email="abc@yahoo.com")  # "abc": too short to say anything
    services.scan_duplicates()
    assert _pairs() == {(first.pk, second.pk): "email"}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_trgm similarity is PostgreSQL's")
def test_scan_finds_similar_names_at_the_same_school_on_postgresql(school):
    first = LeadFactory(full_name="Siti Rahmawati", institution=school)
    second = LeadFactory(full_name="Siti Rahmawaty", institution=school)
    LeadFactory(full_name="Siti Handayani", institution=school)
    services.scan_duplicates()
    assert _pairs() == {(first.pk, second.pk): "similar"}


def test_the_same_phone_cannot_reach_two_leads_so_the_phone_detector_finds_nothing():
    first = LeadFactory(full_name="Rina", phone="+6281211112222", email="")
    again = create_lead(full_name="Rina K.", whatsapp="+6281211112222")
    assert not again.created and again.lead.pk == first.pk
    with pytest.raises(IntegrityError), transaction.atomic():
        LeadContact.objects.create(lead=LeadFactory(), kind="phone", value="+6281211112222")
    services.scan_duplicates()
    assert _pairs() == {}


def test_a_phone_written_straight_into_the_table_is_still_found():
    """The safety net: rows that bypass create_lead (a raw bulk insert) with one number."""
    first = LeadFactory(full_name="Rina", phone="+6281211113333", email="")
    second = LeadFactory(full_name="Joko", phone="+6281299990000", email="")
    Lead.objects.filter(pk=second.pk).update(whatsapp="+6281211113333")
    services.scan_duplicates()
    assert _pairs() == {(first.pk, second.pk): "phone"}


def test_erased_leads_never_appear(school, admin_marketing):
    first = LeadFactory(full_name="Siti Rahmawati", institution=school)
    second = LeadFactory(full_name="Siti Rahmawati", institution=school)
    services.scan_duplicates()
    assert _pairs()
    services.erase_lead(second, by=admin_marketing)
    assert _pairs() == {}  # erase takes its pairs off at once
    services.scan_duplicates()
    assert _pairs() == {} and first.pk


def test_a_dismissed_pair_is_remembered_and_audited(school, admin_marketing):
    first = LeadFactory(full_name="Siti Rahmawati", institution=school)
    second = LeadFactory(full_name="Siti Rahmawati", institution=school)
    services.scan_duplicates()
    services.dismiss_duplicate(second, first, by=admin_marketing)
    services.dismiss_duplicate(first, second, by=admin_marketing)  # twice: one row, one audit
    assert _pairs() == {}
    services.scan_duplicates()
    assert _pairs() == {}  # a later scan does not bring it back
    dismissal = DuplicateDismissal.objects.get()
    assert (dismissal.lead_low_id, dismissal.lead_high_id) == (first.pk, second.pk)
    audit = AuditLog.objects.get(action="leads.duplicate_dismiss")
    assert audit.actor == admin_marketing and audit.detail == {"lead_ids": [first.pk, second.pk]}


def test_the_finder_pages_best_first_in_three_queries(school, django_assert_num_queries):
    for i, name in enumerate(("Ani Wibowo", "Joko Susilo", "Markus Tan")):
        LeadFactory(full_name=name, email=f"kembar{i}@gmail.com")
        LeadFactory(full_name=f"{name} Jr", email=f"kembar{i}@yahoo.com", institution=school)
    for _ in range(2):
        LeadFactory(full_name="Dua Kali", institution=school)
    services.scan_duplicates()
    # 1 count, 2 the page's ids in index order, 3 those pairs with both leads' school/programme/owner
    with django_assert_num_queries(3):
        page = selectors.duplicate_page(1, per_page=2)
        shown = [(c.reasons, c.lead_low.institution, c.lead_high.owner) for c in page]
    assert page.paginator.count == 4 and page.paginator.num_pages == 2
    assert shown[0][0] == "name"  # the exact name at one school scores above the email part


# --- merge ----------------------------------------------------------------------------------------


@pytest.fixture
def pair(school, telemarketer, admin_marketing):
    keep = LeadFactory(
        full_name="Siti Rahmawati",
        phone="+6281200000001",
        email="siti@contoh.sch.id",
        institution=school,
        notes="Minat perhotelan",
        track="regular",
    )
    merge = LeadFactory(
        full_name="Siti Rahmawati S.Pd",
        phone="+6281200000002",
        email="",
        institution=school,
        program=StudyProgramFactory(),
        notes="Datang ke pameran",
        track="scholarship",
    )
    log_interaction(merge, kind="call", direction="outbound", outcome="reached", by=telemarketer)
    FollowUpFactory(lead=merge, owner=telemarketer)
    record_consent(merge, granted=True, wording="Setuju", source="staff", by=admin_marketing)
    transition_lead(merge, to=LeadStatus.CONTACTED, by=telemarketer)
    inquiry = record_manual_inquiry(
        channel="phone",
        contact_name="Siti",
        text="Tanya beasiswa",
        phone="+6281200000002",
        by=admin_marketing,
    )
    assert inquiry.lead_id == merge.pk
    merge.refresh_from_db()
    segment = SavedSegment.objects.create(name="Pameran", query="")
    segment.members.add(merge)
    return keep, merge, inquiry, segment


def test_merge_applies_the_chosen_fields_and_moves_every_related_row(pair, admin_marketing):
    keep, merge, inquiry, segment = pair
    merge_id = merge.pk
    kept = services.merge_leads(
        keep=keep,
        merge=merge,
        by=admin_marketing,
        choices={
            "full_name": "merge",
            "phone": "merge",
            "track": "merge",
            "notes": "both",
            "status": "merge",
        },
    )
    kept.refresh_from_db()
    assert not Lead.objects.filter(pk=merge_id).exists()
    assert (kept.full_name, kept.phone, kept.track) == (
        "Siti Rahmawati S.Pd",
        "+6281200000002",
        "scholarship",
    )
    assert kept.email == "siti@contoh.sch.id"  # "keep" by default where the kept lead has a value
    assert kept.program is not None  # a blank field is filled without a choice
    assert kept.notes == "Minat perhotelan\nDatang ke pameran"
    assert kept.status == LeadStatus.CONTACTED and kept.has_marketing_consent
    # every contact of both records now leads to the kept one
    assert set(kept.contacts.values_list("value", flat=True)) == {
        "+6281200000001",
        "+6281200000002",
        "siti@contoh.sch.id",
    }
    assert Interaction.objects.filter(lead=kept).count() == 1
    assert FollowUp.objects.filter(lead=kept).count() == 1
    assert ConsentRecord.objects.filter(lead=kept).count() == 1
    assert Inquiry.objects.get(pk=inquiry.pk).lead_id == kept.pk
    assert list(segment.members.all()) == [kept]
    move = LeadStatusChange.objects.filter(lead=kept, reason="merge").get()
    assert (move.from_status, move.to_status) == (LeadStatus.NEW, LeadStatus.CONTACTED)
    record = LeadMerge.objects.get()
    assert (
        record.merged_lead_id == merge_id
        and record.merged_snapshot["lead"]["full_name"] == "Siti Rahmawati S.Pd"
    )
    audit = AuditLog.objects.get(action="leads.merge")
    assert audit.actor == admin_marketing and audit.detail["merged_lead_id"] == merge_id
    assert audit.detail["taken_from_merged"] == {
        "full_name": "merge",
        "phone": "merge",
        "program": "merge",
        "track": "merge",
        "status": "merge",
        "notes": "both",
    }


def test_merge_refuses_a_status_the_pipeline_forbids_and_changes_nothing(pair, admin_marketing, telemarketer):
    keep, merge, _inquiry, _segment = pair
    log_interaction(keep, kind="call", direction="outbound", outcome="reached", by=telemarketer)
    transition_lead(keep, to=LeadStatus.REGISTERED, by=telemarketer)
    with pytest.raises(services.MergeRefused, match="Mendaftar ke Dihubungi tidak diizinkan"):
        services.merge_leads(keep=keep, merge=merge, by=admin_marketing, choices={"status": "merge"})
    assert Lead.objects.filter(pk=merge.pk).exists() and not LeadMerge.objects.exists()
    # without a choice the furthest status that is a legal move is kept: here the kept one's
    kept = services.merge_leads(keep=keep, merge=merge, by=admin_marketing)
    assert kept.status == LeadStatus.REGISTERED


def test_merge_refuses_an_erased_lead(pair, admin_marketing):
    keep, merge, _inquiry, _segment = pair
    services.erase_lead(merge, by=admin_marketing)
    with pytest.raises(services.MergeRefused):
        services.merge_leads(keep=keep, merge=merge, by=admin_marketing)


def test_undo_restores_the_merged_lead_its_rows_and_the_kept_fields(pair, admin_marketing, telemarketer):
    keep, merge, inquiry, segment = pair
    merge_id, token = merge.pk, merge.unsubscribe_token
    kept = services.merge_leads(
        keep=keep,
        merge=merge,
        by=admin_marketing,
        choices={"full_name": "merge", "phone": "merge", "notes": "both", "status": "merge"},
    )
    # logged on the kept lead after the merge: stays with it
    after = log_interaction(kept, kind="note", direction="outbound", by=telemarketer)
    restored = services.undo_merge(LeadMerge.objects.get(), by=admin_marketing)

    assert restored.pk == merge_id and restored.unsubscribe_token == token
    assert restored.full_name == "Siti Rahmawati S.Pd" and restored.status == LeadStatus.CONTACTED
    assert set(restored.contacts.values_list("value", flat=True)) == {"+6281200000002"}
    assert Interaction.objects.filter(lead=restored).count() == 1
    assert FollowUp.objects.filter(lead=restored).count() == 1
    assert restored.has_marketing_consent and ConsentRecord.objects.filter(lead=restored).count() == 1
    assert Inquiry.objects.get(pk=inquiry.pk).lead_id == restored.pk
    assert list(segment.members.all()) == [restored]
    keep.refresh_from_db()
    assert (keep.full_name, keep.phone, keep.notes, keep.status) == (
        "Siti Rahmawati",
        "+6281200000001",
        "Minat perhotelan",
        LeadStatus.NEW,
    )
    assert set(keep.contacts.values_list("value", flat=True)) == {"+6281200000001", "siti@contoh.sch.id"}
    assert not LeadStatusChange.objects.filter(reason="merge").exists()
    assert list(Interaction.objects.filter(lead=keep)) == [after]
    assert not keep.has_marketing_consent
    record = LeadMerge.objects.get()
    assert record.undone_by == admin_marketing and record.undone_at is not None
    audit = AuditLog.objects.get(action="leads.merge_undo")
    assert audit.detail["merged_lead_id"] == merge_id and "full_name" in audit.detail["reverted"]
    with pytest.raises(services.MergeRefused, match="sudah dibatalkan"):
        services.undo_merge(record, by=admin_marketing)


def test_undo_keeps_a_field_edited_after_the_merge(pair, admin_marketing):
    keep, merge, _inquiry, _segment = pair
    services.merge_leads(keep=keep, merge=merge, by=admin_marketing, choices={"full_name": "merge"})
    Lead.objects.filter(pk=keep.pk).update(full_name="Siti Rahmawati (dikoreksi)")
    services.undo_merge(LeadMerge.objects.get(), by=admin_marketing)
    keep.refresh_from_db()
    assert keep.full_name == "Siti Rahmawati (dikoreksi)"


def test_undo_is_refused_after_24_hours(pair, admin_marketing):
    keep, merge, _inquiry, _segment = pair
    services.merge_leads(keep=keep, merge=merge, by=admin_marketing)
    record = LeadMerge.objects.get()
    later = record.merged_at + dt.timedelta(hours=24, minutes=1)
    with pytest.raises(services.MergeRefused, match="24 jam"):
        services.undo_merge(record, by=admin_marketing, now=later)
    assert not Lead.objects.filter(pk=merge.pk).exists()
    assert list(selectors.recent_merges(now=later)) == []
    assert list(selectors.recent_merges(now=timezone.now())) == [record]


def test_undo_is_refused_once_the_kept_lead_is_erased(pair, admin_marketing):
    keep, merge, _inquiry, _segment = pair
    services.merge_leads(keep=keep, merge=merge, by=admin_marketing)
    services.erase_lead(keep, by=admin_marketing)
    record = LeadMerge.objects.get()
    assert record.merged_snapshot == {} and record.kept_snapshot == {}  # erase cleared both snapshots
    with pytest.raises(services.MergeRefused, match="UU PDP"):
        services.undo_merge(record, by=admin_marketing)


def test_merging_takes_the_pair_off_the_finder(school, admin_marketing):
    first = LeadFactory(full_name="Siti Rahmawati", institution=school)
    second = LeadFactory(full_name="Siti Rahmawati", institution=school)
    services.scan_duplicates()
    services.merge_leads(keep=first, merge=second, by=admin_marketing)
    assert not DuplicateCandidate.objects.exists()
