"""Report selectors: a fixed number of SQL queries however many rows, staff, categories or events."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from inquiries.models import Category, Message
from leads.models import Interaction, LeadSource, LeadStatus, LeadStatusChange
from reports import periods, rollups, selectors
from reports.models import SourceCost
from tests.factories import UserFactory
from tests.reports.test_reports import make_inquiry, make_lead, wib

pytestmark = pytest.mark.django_db
JKT = ZoneInfo("Asia/Jakarta")


def grow(n: int, offset: int) -> None:
    """n more leads, each with an inquiry (own category), a staff member's interaction and reply,
    a registration in the period and an event cost."""
    for i in range(offset, offset + n):
        staff = UserFactory(username=f"staf-laporan-{i}")
        lead = make_lead(
            f"Prospek {i}",
            f"+62813000{i:05d}",
            created=wib(2026, 11, 16, 9),
            source=LeadSource.EXHIBITION,
            source_detail=f"Expo {i}",
        )
        category = Category.objects.create(name=f"Kategori {i}", level=1)
        inquiry = make_inquiry(
            lead, "whatsapp", wib(2026, 11, 16, 10), level=1, category=category, key=f"k{i}"
        )
        Interaction.objects.create(
            lead=lead, kind="call", occurred_at=wib(2026, 11, 16, 11), created_by=staff
        )
        Message.objects.create(
            inquiry=inquiry, direction="outbound", text="ok", sent_at=wib(2026, 11, 16, 11), sent_by=staff
        )
        LeadStatusChange.objects.create(
            lead=lead, from_status="new", to_status=LeadStatus.REGISTERED, changed_at=wib(2026, 11, 17, 9)
        )
        SourceCost.objects.create(
            source=LeadSource.EXHIBITION, event=f"Expo {i}", month=date(2026, 11, 1), amount=Decimal(100)
        )


@pytest.mark.parametrize("rows", [1, 6])
def test_daily_report_is_seven_queries(django_assert_num_queries, rows):
    grow(rows, 0)
    period = periods.day_period("2026-11-16", JKT)
    # channels, levels, totals+states, categories, sources+late, interactions per staff, replies per staff
    with django_assert_num_queries(7):
        report = selectors.daily_report(period)
    assert report["inquiries_total"] == rows
    assert len(report["interactions_by_staff"]) == rows
    assert len(report["inquiries_by_category"]) == rows


@pytest.mark.parametrize("rows", [1, 6])
def test_weekly_report_is_three_queries(django_assert_num_queries, rows):
    grow(rows, 0)
    period = periods.week_period("2026-W47", JKT)
    rollups.refresh()  # the beat job's recount of the marked days (else the first read does it)
    # stale days of the cohort roll-up (none), cohort per channel and source, activity per channel
    # and source
    with django_assert_num_queries(3):
        report = selectors.weekly_report(period)
    assert report["cohort"]["leads"] == rows
    assert report["activity"]["registered"] == rows


@pytest.mark.parametrize("rows", [1, 6])
def test_monthly_report_is_seven_queries(django_assert_num_queries, rows):
    grow(rows, 0)
    period = periods.month_period("2026-11", JKT)
    rollups.refresh()  # the beat job's recount of the marked days (else the first read does it)
    # stale days of the cohort roll-up (none), cohort per channel and source, costs, event cohort,
    # tickets, satisfaction, activity per channel and source
    with django_assert_num_queries(7):
        report = selectors.monthly_report(period)
    assert len(report["by_event"]) == rows
    assert report["cohort"]["cost"] == 100 * rows


def test_previous_period_of_each_kind():
    assert periods.previous_period(periods.day_period("2026-03-01", JKT)).label == "2026-02-28"
    assert periods.previous_period(periods.week_period("2027-W01", JKT)).label == "2026-W53"
    assert periods.previous_period(periods.month_period("2026-01", JKT)).label == "2025-12"
    custom = periods.Period("x", date(2026, 11, 10), date(2026, 11, 16), JKT)
    previous = periods.previous_period(custom)
    assert (previous.first_day, previous.last_day) == (date(2026, 11, 3), date(2026, 11, 9))
    assert previous.last_day + timedelta(days=1) == custom.first_day
