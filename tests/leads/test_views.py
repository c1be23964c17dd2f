from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from core.models import AuditLog
from leads.models import Lead, LeadStatus, SavedSegment
from tests.factories import LeadFactory

pytestmark = pytest.mark.django_db


def _lead_post(**overrides):
    data = {
        "full_name": "Budi Santoso",
        "phone": "0812-9876-5432",
        "whatsapp": "",
        "email": "Budi@Contoh.sch.id",
        "source": "school_visit",
        "source_detail": "Kunjungan SMAN 1",
        "obtained_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "track": "regular",
        "temperature": "warm",
        "consent": "on",
    }
    data.update(overrides)
    return data


def test_create_lead_stores_e164_and_consent(client_for, admin_marketing):
    response = client_for(admin_marketing).post(reverse("leads:create"), _lead_post())
    lead = Lead.objects.get(full_name="Budi Santoso")
    assert response.status_code == 302 and response["Location"] == reverse("leads:detail", args=[lead.pk])
    assert (lead.phone, lead.email, lead.has_marketing_consent) == (
        "+6281298765432",
        "budi@contoh.sch.id",
        True,
    )
    assert lead.consents.get().source == "staff"


def test_create_lead_refuses_bad_phone(client_for, admin_marketing):
    response = client_for(admin_marketing).post(reverse("leads:create"), _lead_post(phone="12345"))
    assert response.status_code == 200
    assert "tidak valid" in response.content.decode()
    assert not Lead.objects.exists()


def test_create_lead_refuses_bad_email(client_for, admin_marketing):
    response = client_for(admin_marketing).post(reverse("leads:create"), _lead_post(email="bukan-email"))
    assert response.status_code == 200 and not Lead.objects.exists()


def test_duplicate_form_warns_and_links_to_existing(client_for, admin_marketing, lead):
    # Same number written differently, given as WhatsApp: phone and WhatsApp share one contact kind.
    response = client_for(admin_marketing).post(
        reverse("leads:create"), _lead_post(phone="", whatsapp="62 812-3456-7890", email="")
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="duplicate-warning"' in body and reverse("leads:detail", args=[lead.pk]) in body
    assert Lead.objects.count() == 1


def test_duplicate_email_case_insensitive(client_for, admin_marketing, lead):
    response = client_for(admin_marketing).post(
        reverse("leads:create"), _lead_post(phone="", email="SITI@contoh.sch.id")
    )
    assert 'data-testid="duplicate-warning"' in response.content.decode()
    assert Lead.objects.count() == 1


def test_late_entry_is_flagged(client_for, admin_marketing):
    obtained = (timezone.localtime() - dt.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    client_for(admin_marketing).post(reverse("leads:create"), _lead_post(obtained_at=obtained))
    assert Lead.objects.get().is_late_entry is True
    assert Lead.objects.filter(is_late_entry=True).count() == 1


def test_list_filters_and_search(client_for, admin_marketing, lead):
    LeadFactory(full_name="Joko Widodo", phone="+6281311112222", temperature="hot")
    client = client_for(admin_marketing)
    for query, expected, absent in [
        ({"q": "siti"}, "Siti Rahmawati", "Joko Widodo"),
        ({"q": "0812 3456"}, "Siti Rahmawati", "Joko Widodo"),
        ({"q": "siti@contoh"}, "Siti Rahmawati", "Joko Widodo"),
        ({"temperature": "hot"}, "Joko Widodo", "Siti Rahmawati"),
        ({"to_verify": "true"}, "Siti Rahmawati", "zzz"),
    ]:
        body = client.get(reverse("leads:list"), query).content.decode()
        assert expected in body and absent not in body, query


def test_search_by_school(client_for, admin_marketing):
    from tests.factories import InstitutionFactory

    school = InstitutionFactory(name="SMK Pariwisata Bintan", city="Bintan")
    LeadFactory(full_name="Rina", institution=school)
    LeadFactory(full_name="Dodi")
    body = client_for(admin_marketing).get(reverse("leads:list"), {"q": "pariwisata"}).content.decode()
    assert "Rina" in body and "Dodi" not in body


def test_verify_records_who_and_when(client_for, admin_marketing, lead):
    client_for(admin_marketing).post(
        reverse("leads:verify", args=[lead.pk]),
        {"phone_state": "verified", "email_state": "invalid", "name_state": "verified"},
    )
    lead.refresh_from_db()
    assert (lead.phone_state, lead.email_state, lead.verified_by) == ("verified", "invalid", admin_marketing)
    assert lead.verified_at is not None
    assert not Lead.objects.filter(verified_at__isnull=True).exists()


def test_illegal_move_shows_message_on_page(client_for, admin_marketing, lead):
    client = client_for(admin_marketing)
    response = client.post(reverse("leads:transition", args=[lead.pk]), {"status": "contacted"}, follow=True)
    assert "no log, no move" in response.content.decode()
    lead.refresh_from_db()
    assert lead.status == LeadStatus.NEW


def test_log_interaction_then_move_from_page(client_for, admin_marketing, lead):
    client = client_for(admin_marketing)
    client.post(
        reverse("leads:log_interaction", args=[lead.pk]),
        {"kind": "call", "direction": "outbound", "outcome": "reached", "note": "Tertarik D3"},
    )
    response = client.post(
        reverse("leads:transition", args=[lead.pk]), {"status": "contacted", "note": "ok"}, follow=True
    )
    lead.refresh_from_db()
    assert lead.status == LeadStatus.CONTACTED
    assert "Tertarik D3" in response.content.decode()


def test_lead_page_shows_history_and_script(client_for, telemarketer, lead, call_script):
    body = client_for(telemarketer).get(reverse("leads:detail", args=[lead.pk])).content.decode()
    assert 'data-testid="status-history"' in body and "Skrip telepon" in body


def test_bulk_assign_and_temperature(client_for, admin_marketing, telemarketer, lead):
    other = LeadFactory()
    client = client_for(admin_marketing)
    client.post(
        reverse("leads:bulk"), {"lead_ids": [lead.pk, other.pk], "action": "assign", "owner": telemarketer.pk}
    )
    assert Lead.objects.filter(owner=telemarketer).count() == 2
    client.post(reverse("leads:bulk"), {"lead_ids": [lead.pk], "action": "temperature", "temperature": "hot"})
    assert Lead.objects.get(pk=lead.pk).temperature == "hot"
    # Each bulk change is one audit row naming who did it, on which leads.
    assign = AuditLog.objects.get(action="leads.bulk_assign_owner")
    assert assign.actor == admin_marketing
    assert sorted(assign.detail["lead_ids"]) == sorted([lead.pk, other.pk])
    assert assign.detail["owner_id"] == telemarketer.pk and assign.detail["changed"] == 2
    temperature = AuditLog.objects.get(action="leads.bulk_set_temperature")
    assert temperature.actor == admin_marketing and temperature.detail["temperature"] == "hot"


def test_save_segment_and_reopen(client_for, admin_marketing, lead):
    client = client_for(admin_marketing)
    response = client.post(
        reverse("leads:save_segment"),
        {"name": "Warm reguler", "query": "temperature=warm&track=regular&page=2", "is_shared": "on"},
    )
    segment = SavedSegment.objects.get()
    assert segment.query == "temperature=warm&track=regular"
    assert response["Location"].endswith("?temperature=warm&track=regular")
    assert "Warm reguler" in client.get(reverse("leads:list")).content.decode()


@pytest.mark.parametrize("url_name", ["leads:list", "leads:create", "leads:import", "leads:export"])
def test_unit_user_has_no_lead_access(client_for, unit_user, url_name):
    assert client_for(unit_user).get(reverse(url_name)).status_code == 403


def test_unit_user_cannot_open_a_lead(client_for, unit_user, lead):
    assert client_for(unit_user).get(reverse("leads:detail", args=[lead.pk])).status_code == 403
    assert client_for(unit_user).get(reverse("calls:queue")).status_code == 403


def test_telemarketer_cannot_export(client_for, telemarketer, lead):
    assert client_for(telemarketer).get(reverse("leads:export")).status_code == 403
    assert not AuditLog.objects.filter(action="leads.export").exists()


def test_export_csv_and_xlsx_are_logged(client_for, kadiv, lead):
    client = client_for(kadiv)
    response = client.get(reverse("leads:export"), {"q": "siti", "format": "csv"})
    assert response.status_code == 200 and "+6281234567890" in response.content.decode("utf-8-sig")
    response = client.get(reverse("leads:export"), {"format": "xlsx"})
    assert response.content[:2] == b"PK"
    logs = AuditLog.objects.filter(action="leads.export", actor=kadiv)
    assert logs.count() == 2 and logs.filter(detail__query="q=siti", detail__rows=1).exists()


def test_missing_lead_is_404(client_for, admin_marketing):
    assert client_for(admin_marketing).get(reverse("leads:detail", args=[999999])).status_code == 404


def test_lead_page_shows_outbound_messages_and_the_filled_call_script(
    client_for, admin_marketing, django_capture_on_commit_callbacks
):
    from django.utils import timezone

    from core.models import ResponseTemplate, TemplateKind
    from leads.services import create_lead

    ResponseTemplate.objects.create(
        kind=TemplateKind.SCRIPT,
        name="Skrip reguler",
        track="regular",
        body="Halo {name}, saya {agent}.",
        approved_at=timezone.now(),
    )
    with django_capture_on_commit_callbacks(execute=True):
        lead = create_lead(
            full_name="Wulan Sari", email="wulan@contoh.id", track="regular", by=admin_marketing
        ).lead
    page = client_for(admin_marketing).get(f"/leads/{lead.pk}/").content.decode()
    assert 'data-testid="outbound-messages"' in page
    assert "Selamat datang" in page  # the welcome email queued at creation, with its status
    assert "Halo Wulan Sari, saya" in page and "{name}" not in page
