"""The costs page (Kadiv enters spend per source/event and month) and the daily report page."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from core.models import AuditLog
from leads.models import LeadSource, LeadStatus
from reports import rollups
from reports.models import SourceCost
from tests.reports.test_reports import make_lead, wib

pytestmark = pytest.mark.django_db


def test_kadiv_enters_a_cost_and_sees_cost_per_lead_and_per_registrant(client_for, kadiv):
    make_lead("A", "081234510001", created=wib(2026, 10, 3, 9), source=LeadSource.EXHIBITION)
    make_lead(
        "B",
        "081234510002",
        created=wib(2026, 10, 4, 9),
        source=LeadSource.EXHIBITION,
        status=LeadStatus.REGISTERED,
    )
    make_lead("C", "081234510003", created=wib(2026, 10, 5, 9), source=LeadSource.EXHIBITION)
    make_lead("D", "081234510004", created=wib(2026, 10, 6, 9), source=LeadSource.EXHIBITION)
    client = client_for(kadiv)
    response = client.post(
        "/reports/costs/",
        {
            "month": "2026-10",
            "source": "exhibition",
            "event": "",
            "amount": "6000000",
            "note": "Stan pameran",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/reports/costs/?month=2026-10"
    cost = SourceCost.objects.get()
    assert (cost.month, cost.source, cost.amount, cost.updated_by) == (
        date(2026, 10, 1),
        "exhibition",
        6_000_000,
        kadiv,
    )
    assert AuditLog.objects.filter(action="reports.cost_set", actor=kadiv, object_id=str(cost.pk)).exists()
    page = client.get("/reports/costs/", {"month": "2026-10"}).content.decode()
    assert "Stan pameran" in page
    roi = page[page.index('data-source="exhibition"') :]
    roi = roi[: roi.index("</tr>")]
    # 4 leads, 1 registrant: Rp 1.500.000 per lead, Rp 6.000.000 per registrant
    assert "Rp 1.500.000" in roi and "Rp 6.000.000" in roi
    body = client.get("/api/v1/reports/monthly/", {"month": "2026-10"}).json()
    row = next(r for r in body["by_source"] if r["source"] == "exhibition")
    assert (row["cost"], row["cost_per_lead"], row["cost_per_registrant"]) == (
        6_000_000,
        1_500_000,
        6_000_000,
    )


def test_a_second_entry_for_the_same_source_and_month_corrects_the_first(client_for, kadiv):
    client = client_for(kadiv)
    for amount in ("1000000", "1250000"):
        client.post("/reports/costs/", {"month": "2026-10", "source": "website", "amount": amount})
    assert list(SourceCost.objects.values_list("amount", flat=True)) == [Decimal(1_250_000)]
    audit = AuditLog.objects.filter(action="reports.cost_set").order_by("pk").last()
    assert audit.detail["previous"] == 1_000_000


def test_event_costs_are_reported_per_event_and_add_up_per_source(client_for, kadiv):
    make_lead(
        "E",
        "081234510011",
        created=wib(2026, 10, 3, 9),
        source=LeadSource.EXHIBITION,
        source_detail="Expo Batam",
    )
    make_lead(
        "F",
        "081234510012",
        created=wib(2026, 10, 3, 10),
        source=LeadSource.EXHIBITION,
        source_detail="Expo Batam",
        status=LeadStatus.ENROLLED,
    )
    make_lead(
        "G",
        "081234510013",
        created=wib(2026, 10, 4, 9),
        source=LeadSource.EXHIBITION,
        source_detail="Expo Bintan",
    )
    client = client_for(kadiv)
    client.post(
        "/reports/costs/",
        {"month": "2026-10", "source": "exhibition", "event": "Expo Batam", "amount": "4000000"},
    )
    client.post("/reports/costs/", {"month": "2026-10", "source": "exhibition", "amount": "500000"})
    body = client.get("/api/v1/reports/monthly/", {"month": "2026-10"}).json()
    assert body["by_event"] == [
        {
            "source": "exhibition",
            "label": "Pameran",
            "event": "Expo Batam",
            "cost": 4_000_000,
            "leads": 2,
            "registered": 1,
            "enrolled": 1,
            "cost_per_lead": 2_000_000,
            "cost_per_registrant": 4_000_000,
            "cost_per_enrolled": 4_000_000,
        }
    ]
    row = next(r for r in body["by_source"] if r["source"] == "exhibition")
    assert (row["cost"], row["leads"], row["cost_per_lead"]) == (4_500_000, 3, 1_500_000)


def test_cost_can_be_deleted_with_an_audit_row(client_for, kadiv):
    cost = SourceCost.objects.create(source="website", month=date(2026, 10, 1), amount=1)
    response = client_for(kadiv).post(f"/reports/costs/{cost.pk}/delete/")
    assert response.status_code == 302
    assert not SourceCost.objects.exists()
    assert AuditLog.objects.filter(action="reports.cost_deleted", object_id=str(cost.pk)).exists()


def test_invalid_cost_is_shown_not_saved(client_for, kadiv):
    response = client_for(kadiv).post(
        "/reports/costs/", {"month": "2026-13", "source": "website", "amount": "-5"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "TTTT-BB" in page
    assert not SourceCost.objects.exists()


def test_an_unreadable_month_is_a_message_not_a_silent_fallback(client_for, kadiv):
    response = client_for(kadiv).get("/reports/costs/", {"month": "oktober"})
    assert response.status_code == 400
    assert "tidak dapat dibaca" in response.content.decode()


@pytest.mark.parametrize("persona", ["admin_medsos", "supervisor", "telemarketer"])
def test_costs_are_for_kadiv_only(client_for, request, persona):
    user = request.getfixturevalue(persona)
    client = client_for(user)
    assert client.get("/reports/costs/").status_code == 403
    assert (
        client.post("/reports/costs/", {"month": "2026-10", "source": "website", "amount": "1"}).status_code
        == 403
    )
    assert not SourceCost.objects.exists()


def test_admin_media_sosial_sees_the_daily_report_page(client_for, admin_medsos, november):
    response = client_for(admin_medsos).get("/reports/daily/", {"date": "2026-11-16"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Laporan harian Senin, 16 November 2026" in page
    assert "hari ini" not in page.lower().replace("laporan harian: hari ini", "")
    assert 'data-testid="inquiries-total">2<' in page
    assert "Biaya" not in page
    assert 'href="/reports/daily/"' in client_for(admin_medsos).get("/").content.decode()


def test_daily_page_with_an_unreadable_date_says_so(client_for, kadiv):
    response = client_for(kadiv).get("/reports/daily/", {"date": "15-10-2026"})
    assert response.status_code == 400
    assert "15-10-2026" in response.content.decode()
    assert "tidak dapat dibaca" in response.content.decode()


def test_daily_page_is_forbidden_without_a_report_permission(client_for, telemarketer):
    assert client_for(telemarketer).get("/reports/daily/").status_code == 403


def test_page_queries_do_not_grow_with_rows(client_for, kadiv, django_assert_max_num_queries):
    client = client_for(kadiv)
    for i in range(8):
        SourceCost.objects.create(
            source="exhibition", event=f"Expo {i}", month=date(2026, 10, 1), amount=i, updated_by=kadiv
        )
        make_lead(
            f"L{i}",
            f"+62813000104{i:02d}",
            created=wib(2026, 10, 3, 9),
            source=LeadSource.EXHIBITION,
            source_detail=f"Expo {i}",
        )
    rollups.refresh()  # the beat job's recount of the marked days (else the first read does it)
    # session, user, user permissions, group permissions, the costs with who changed them (one
    # join), the monthly report's 8 queries (the navigation's permission checks use the cache)
    with django_assert_max_num_queries(13):
        assert client.get("/reports/costs/", {"month": "2026-10"}).status_code == 200
    # session, user, user permissions, group permissions, the daily report's 7 queries
    with django_assert_max_num_queries(11):
        assert client.get("/reports/daily/", {"date": "2026-10-03"}).status_code == 200


@pytest.mark.parametrize("url", ["/reports/costs/", "/reports/daily/"])
def test_report_pages_send_strangers_to_the_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
