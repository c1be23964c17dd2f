"""The cohort roll-up (reports.CohortDay) against the live aggregation, and late data: a lead dated
days back, a status move of an old lead, an inquiry linking an old lead, an import, an erasure and a
merge each change the figures of the day the lead entered, at once and without a rebuild."""

from __future__ import annotations

import io
from collections import Counter
from datetime import date, datetime, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from inquiries.services import workflow
from leads import importing
from leads import services as lead_services
from leads.models import Lead, LeadSource, LeadStatus, LeadStatusChange, StudyProgram, Track
from privacy import services as privacy_services
from reports import rollups, tasks
from reports.models import CohortDay, RollupMark
from tests.factories import UserFactory
from tests.reports.dashboard_data import JKT, at, build_week

pytestmark = pytest.mark.django_db
MONDAY = date(2026, 11, 9)
FIRST, LAST = date(2026, 10, 1), max(date(2026, 11, 30), date.today() + timedelta(days=1))


def wib(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=JKT)


def days(first: date = FIRST, last: date = LAST) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def live(first: date = FIRST, last: date = LAST) -> Counter:
    """The source of truth: the live per-lead aggregation (first inquiry, furthest status)."""
    out: Counter = Counter()
    for _day, channel, source, detail, program, track, rank, n in rollups.live_groups(days(first, last)):
        out[(channel, source, detail, program, track, rank)] += n
    return out


def rolled(first: date = FIRST, last: date = LAST, *, refresh: bool = True) -> Counter:
    """What the reports read: the roll-up rows (recounting marked days first, as every read does)."""
    if refresh:
        groups = rollups.funnel_groups(first, last)
        return Counter(
            {(c, s, d, p, t, r): n for c, s, d, p, _name, t, r, n in groups}
        )  # one row per key after the SUM
    out: Counter = Counter()
    for row in CohortDay.objects.filter(day__gte=first, day__lte=last):
        out[(row.channel or None, row.source, row.source_detail, row.program_id, row.track, row.rank)] += (
            row.leads
        )
    return out


def per_day() -> dict[date, int]:
    """Leads per entry day in the roll-up table as it stands (no refresh)."""
    out: dict[date, int] = {}
    for row in CohortDay.objects.all():
        out[row.day] = out.get(row.day, 0) + row.leads
    return out


@pytest.fixture
def staff(db):
    return UserFactory(username="rina", first_name="Rina", roles=["Humas & Kerjasama"])


@pytest.fixture
def varied(staff):
    """Two weeks built through the services (inquiries on several channels, moves forward and back to
    not_interested, an event, programmes, a scholarship track, an erased lead, a Sunday 23:30 entry),
    plus leads in October on every source and track."""
    build_week(MONDAY, staff=staff)
    build_week(MONDAY + timedelta(days=9), staff=staff, series=7)
    program = StudyProgram.objects.create(code="ak", name="D3 Akuntansi")
    for i, source in enumerate(LeadSource.values):
        with at(wib(date(2026, 10, 1 + i), 9 + i % 8)):
            lead = lead_services.create_lead(
                full_name=f"Oktober {i}",
                phone=f"+6281377700{i:03d}",
                source=source,
                source_detail=f"Acara {i % 3}" if i % 2 else "",
                track=Track.values[i % len(Track.values)],
                program=program if i % 3 else None,
            ).lead
        for step, status in enumerate(
            [LeadStatus.CONTACTED, LeadStatus.INTERESTED, LeadStatus.REGISTERED][: i % 4]
        ):
            with at(wib(date(2026, 10, 2 + i), 9, step)):
                lead_services.transition_lead(lead, to=status, by=staff, reason="uji roll-up")
    return staff


def test_rollup_equals_the_live_aggregation_on_a_varied_data_set(varied):
    expected = live()
    assert sum(expected.values()) >= 20 and len({key[5] for key in expected}) >= 4  # a varied world
    assert rolled() == expected
    assert not RollupMark.objects.exists()  # the read recounted every marked day
    # A rebuild from scratch gives the same rows.
    CohortDay.objects.all().delete()
    call_command("rebuild_report_rollups", stdout=io.StringIO())
    assert rolled(refresh=False) == expected


def test_the_beat_job_recounts_marked_days(varied):
    assert RollupMark.objects.exists()
    assert tasks.refresh_rollups() > 0
    assert not RollupMark.objects.exists()
    assert rolled(refresh=False) == live()
    assert tasks.refresh_rollups() == 0  # nothing left to do


def test_late_data_changes_the_day_the_lead_entered(varied):
    staff = varied
    rollups.refresh()
    before = per_day()
    today = timezone.localdate(timezone=JKT)

    # 1. A lead dated five days back, written today (late entry of the day's list).
    five_days_ago = today - timedelta(days=5)
    with at(wib(five_days_ago, 11)):
        late = lead_services.create_lead(
            full_name="Lina Terlambat",
            phone="+6281377799001",
            source=LeadSource.EXHIBITION,
            source_detail="Expo Tanjungpinang",
            obtained_at=wib(five_days_ago - timedelta(days=6), 10),
        ).lead
    assert late.is_late_entry
    assert (
        rolled(five_days_ago, five_days_ago)
        == Counter({(None, "exhibition", "Expo Tanjungpinang", None, "regular", 0): 1})
        == live(five_days_ago, five_days_ago)
    )

    # 2. A status move of a lead entered in October: October's row moves up a stage, no other day does.
    old = Lead.objects.get(full_name="Oktober 0")
    october_day = old.created_at.astimezone(JKT).date()
    lead_services.transition_lead(old, to=LeadStatus.REGISTERED, by=staff, reason="daftar langsung")
    key_new = (None, old.source, old.source_detail, old.program_id, old.track, 4)
    assert rolled(october_day, october_day)[key_new] == 1
    assert rolled() == live()

    # 3. The same old lead writes its first inquiry: its first channel becomes WhatsApp.
    workflow.record_manual_inquiry(channel="whatsapp", text="Kapan kuliah mulai?", phone=old.phone)
    assert rolled(october_day, october_day)[("whatsapp", *key_new[1:])] == 1
    assert rolled() == live()

    # 4. An import (bulk insert, no model signal): today's cohort grows.
    lead_services.create_leads(
        [
            {"full_name": f"Impor {i}", "phone": f"+628137779910{i}", "source": LeadSource.WEBSITE}
            for i in range(3)
        ]
    )
    assert sum(rolled(today, today).values()) == sum(live(today, today).values()) >= 3

    # 4b. A file import (the streaming writer: COPY / bulk_create, no model signal).
    today_count = sum(live(today, today).values())
    report = importing.validate_file(
        b"full_name,phone,source\nBerkas Satu,081377799201,website\nBerkas Dua,081377799202,website\n",
        "leads.csv",
    )
    importing.commit_import(report, by=staff, filename="leads.csv")
    assert report.created == 2
    assert sum(rolled(today, today).values()) == sum(live(today, today).values()) == today_count + 2

    # 5. An erasure: still counted (it was a lead), its event redacted in the roll-up at once.
    erased = Lead.objects.get(full_name="Oktober 1")
    erased_day = erased.created_at.astimezone(JKT).date()
    count_before = sum(rolled(erased_day, erased_day).values())
    privacy_services.erase_lead(erased, by=staff, note="permintaan subjek data")
    assert not RollupMark.objects.filter(day=erased_day).exists()  # recounted in the erasing transaction
    assert sum(rolled(erased_day, erased_day, refresh=False).values()) == count_before
    assert rolled(refresh=False) == live()

    # 6. A merge of two leads entered on different days: the merged lead's day loses it, the kept
    # lead (nothing of it filled from the other) takes over its history: the merged one had registered.
    keep = Lead.objects.get(full_name="Oktober 5")  # contacted, with an event and a programme
    merge = Lead.objects.get(full_name="Oktober 3")  # registered
    keep_day, merge_day = (lead.created_at.astimezone(JKT).date() for lead in (keep, merge))
    assert merge_day != keep_day
    merged_count = sum(rolled(merge_day, merge_day).values())
    keep_key = (None, keep.source, keep.source_detail, keep.program_id, keep.track)
    assert rolled(keep_day, keep_day)[(*keep_key, 2)] == 1
    privacy_services.merge_leads(keep=keep, merge=merge, by=staff)
    assert sum(rolled(merge_day, merge_day).values()) == merged_count - 1
    assert rolled(keep_day, keep_day)[(*keep_key, 4)] == 1
    assert rolled() == live()
    assert rolled(today - timedelta(days=10), today) == live(today - timedelta(days=10), today)

    # Every day not touched above kept its count.
    touched = {
        five_days_ago,
        october_day,
        today,
        erased_day,
        merge_day,
        keep.created_at.astimezone(JKT).date(),
    }
    after = per_day()
    assert {d: n for d, n in after.items() if d not in touched} == {
        d: n for d, n in before.items() if d not in touched
    }


def test_a_write_that_is_rolled_back_leaves_the_rollup_alone(varied):
    rollups.refresh()
    lead = Lead.objects.get(full_name="Oktober 4")
    snapshot = rolled(refresh=False)
    with pytest.raises(RuntimeError):
        from django.db import transaction

        with transaction.atomic():
            lead_services.transition_lead(lead, to=LeadStatus.NOT_INTERESTED, by=varied, reason="uji")
            raise RuntimeError
    assert not RollupMark.objects.exists()
    assert rolled() == snapshot == live()


def test_a_status_history_row_written_directly_is_heard(varied):
    """Code that writes a history row itself (not through transition_lead) is still counted."""
    rollups.refresh()
    lead = Lead.objects.get(full_name="Oktober 5")
    LeadStatusChange.objects.create(lead=lead, from_status=lead.status, to_status=LeadStatus.ENROLLED)
    assert rolled() == live()
    day = lead.created_at.astimezone(JKT).date()
    assert any(key[5] == 5 for key in rolled(day, day))


def test_deleting_a_programme_moves_its_leads_to_no_programme(varied):
    rollups.refresh()
    StudyProgram.objects.get(code="ak").delete()
    assert all(key[3] is None or StudyProgram.objects.filter(pk=key[3]).exists() for key in rolled())
    assert rolled() == live()


def test_rebuild_after_rows_loaded_around_the_services(varied):
    """A bulk load (the benchmark seed) sends no signal: the command recounts it."""
    rollups.refresh()
    day = date(2026, 10, 20)
    Lead.objects.bulk_create(
        Lead(
            full_name=f"Curah {i}", source=LeadSource.OTHER, created_at=wib(day, 9), unsubscribe_token=f"c{i}"
        )
        for i in range(4)
    )
    assert sum(rolled(day, day).values()) == 0  # not heard: nothing marked it
    call_command("rebuild_report_rollups", "--from", "2026-10-01", "--to", "2026-10-31", stdout=io.StringIO())
    assert sum(rolled(day, day).values()) == 4
    assert rolled() == live()


def test_demo_data_is_rolled_up():
    """seed_demo backdates leads and inquiries with update(): its last step recounts the roll-up."""
    call_command("seed_demo", "--quiet-logins", stdout=io.StringIO())
    dates = sorted(Lead.objects.values_list("created_at", flat=True))
    first, last = (moment.astimezone(JKT).date() for moment in (dates[0], dates[-1]))
    RollupMark.objects.all().delete()  # what the demo's own writes marked: read the table as it is
    assert sum(rolled(first, last, refresh=False).values()) == len(dates)
    assert rolled(first, last, refresh=False) == live(first, last)
