"""Numbers you can trust: a data set built through the services, and every figure of the daily,
weekly and monthly reports (JSON and XLSX) checked against a recount written here, independently,
with plain Python loops over the raw rows (never the selectors' queries).

The data set has inquiries just before and after midnight WIB (on a month and an ISO-week
boundary, where the UTC date differs), a Friday evening, a weekend and a public holiday (Christmas,
a Friday), a lead entered five days after it was obtained, an interaction logged six days after it
happened, a lead that moved forward to registered and then to not_interested, an older lead that
registered and enrolled in December (activity, not cohort), an escalation, a closed ticket with a
survey, event costs, and a lead erased under UU PDP.
"""

from __future__ import annotations

import io
from collections import defaultdict
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from openpyxl import load_workbook
from rest_framework.test import APIClient

from inquiries.models import Category, Channel, Escalation, Inquiry, Message, SurveyResponse, Unit
from inquiries.services import escalations, workflow
from inquiries.services.survey import submit_survey
from leads import services as lead_services
from leads.models import FollowUp, Interaction, Lead, LeadSource, LeadStatus, LeadStatusChange
from outbox.models import OutboundMessage
from privacy import services as privacy_services
from reports import services as report_services
from reports.models import SourceCost

pytestmark = pytest.mark.django_db
WIB = ZoneInfo("Asia/Jakarta")
REACHED = {
    "interested": {"interested", "registered", "enrolled"},
    "registered": {"registered", "enrolled"},
    "enrolled": {"enrolled"},
}
CHANNEL_LABELS = dict(Channel.choices)
SOURCE_LABELS = dict(LeadSource.choices)
NO_CHANNEL_LABEL = "langsung / tanpa pertanyaan"


def wib(*args) -> datetime:
    return datetime(*args, tzinfo=WIB)


# --- The data set, through the services --------------------------------------------------------


class Clock:
    def __init__(self, monkeypatch):
        self.monkeypatch = monkeypatch

    def __call__(self, moment: datetime) -> None:
        self.monkeypatch.setattr(timezone, "now", lambda: moment)


def inquire(clock, at, channel, **contact) -> Inquiry:
    clock(at)
    return workflow.record_manual_inquiry(
        channel=channel, text="Berapa biaya kuliah dan kapan daftar?", received_at=at, **contact
    )


def reply(clock, at, inquiry, by) -> None:
    clock(at)
    inquiry.refresh_from_db()
    workflow.reply_to_inquiry(inquiry, body="Terima kasih, informasinya kami kirim.", by=by)


def move(clock, at, lead, to, by, *, log=True, reason="") -> None:
    clock(at)
    lead.refresh_from_db()
    if log:
        lead_services.log_interaction(lead, kind="call", direction="outbound", outcome="reached", by=by)
    lead_services.transition_lead(lead, to=to, by=by, reason=reason)


@pytest.fixture
def data_set(monkeypatch, admin_medsos, admin_marketing, telemarketer, kadiv, unit_user):
    clock = Clock(monkeypatch)
    biaya = Category.objects.create(name="Biaya kuliah (uji)", level=2)
    jadwal = Category.objects.create(name="Jadwal PMB (uji)", level=1)
    akademik = Unit.objects.get(code="akademik")
    medsos, marketing, tele = admin_medsos, admin_marketing, telemarketer

    # An older lead (November cohort) that registers and enrols in December: activity only.
    clock(wib(2026, 11, 10, 9))
    old = lead_services.create_lead(
        full_name="Rudi Hartono",
        phone="+6281300000011",
        source=LeadSource.REFERRAL,
        obtained_at=wib(2026, 11, 10, 9),  # the field default is the real clock, not the test's
        by=marketing,
    ).lead

    # Monday 30 Nov 23:59 WIB and Tuesday 1 Dec 00:01 WIB: the month boundary (both 30 Nov in UTC).
    a = inquire(clock, wib(2026, 11, 30, 23, 59), "whatsapp", phone="+6281300000001", contact_name="Ayu")
    inquire(clock, wib(2026, 12, 1, 0, 1), "instagram", handle="budi_ig", contact_name="Budi")
    clock(wib(2026, 12, 1, 9))
    workflow.triage_inquiry(a, level=2, category=biaya, by=medsos)
    reply(clock, wib(2026, 12, 1, 9, 5), a, medsos)  # within 2 working hours (due 10:00)

    # The lead that will be erased: inquired, answered late, called, interested.
    e = inquire(clock, wib(2026, 12, 1, 10), "facebook", handle="eka.fb", contact_name="Eka")
    reply(clock, wib(2026, 12, 1, 13), e, medsos)  # due 12:00: breached
    move(clock, wib(2026, 12, 1, 14), e.lead, LeadStatus.INTERESTED, tele)

    # A lead with no inquiry at all, moved forward to registered, then to not_interested.
    clock(wib(2026, 12, 2, 10))
    direct = lead_services.create_lead(
        full_name="Siti Aminah",
        phone="+6281300000012",
        source=LeadSource.SCHOOL_VISIT,
        source_detail="SMAN 1 Bintan",
        obtained_at=wib(2026, 12, 2, 10),
        by=marketing,
    ).lead
    move(clock, wib(2026, 12, 3, 9), direct, LeadStatus.CONTACTED, tele)
    move(clock, wib(2026, 12, 7, 10), direct, LeadStatus.INTERESTED, tele)
    move(clock, wib(2026, 12, 14, 11), direct, LeadStatus.REGISTERED, tele)
    move(clock, wib(2026, 12, 15, 10), old, LeadStatus.REGISTERED, tele)

    # Friday evening, answered on Monday morning (within the SLA in working time).
    c = inquire(clock, wib(2026, 12, 18, 19), "website", email="citra@example.com", contact_name="Citra")
    # Sunday 20 Dec 23:59 and Monday 21 Dec 00:01 WIB: the ISO-week boundary.
    d = inquire(clock, wib(2026, 12, 20, 23, 59), "whatsapp", phone="+6281300000004", contact_name="Dodi")
    f = inquire(clock, wib(2026, 12, 21, 0, 1), "whatsapp", phone="+6281300000005", contact_name="Fajar")
    reply(clock, wib(2026, 12, 21, 8, 30), d, medsos)
    reply(clock, wib(2026, 12, 21, 9), c, medsos)
    clock(wib(2026, 12, 21, 9, 30))
    workflow.triage_inquiry(f, level=2, category=biaya, by=medsos)
    clock(wib(2026, 12, 21, 10))
    escalations.escalate_inquiry(f, unit=akademik, question="Apakah ada potongan biaya?", by=medsos)
    clock(wib(2026, 12, 21, 15))
    d.refresh_from_db()
    workflow.close_inquiry(d, note="Jadwal sudah dikirim.", by=medsos, category=jadwal)
    d.refresh_from_db()
    submit_survey(d, score=5)

    # Registered -> not_interested; the older lead enrols.
    move(clock, wib(2026, 12, 22, 10), direct, LeadStatus.NOT_INTERESTED, tele)
    move(clock, wib(2026, 12, 22, 11), old, LeadStatus.ENROLLED, tele)

    # Entered on 23 Dec, obtained at an exhibition on 18 Dec: a late entry.
    clock(wib(2026, 12, 23, 10))
    late = lead_services.create_lead(
        full_name="Gita Permata",
        phone="+6281300000013",
        source=LeadSource.EXHIBITION,
        source_detail="Expo Batam",
        obtained_at=wib(2026, 12, 18, 14),
        by=marketing,
    ).lead

    # Christmas (a Friday public holiday) and a Saturday; the holiday one answered on Monday.
    g = inquire(clock, wib(2026, 12, 25, 11), "email", email="hana@example.com", contact_name="Hana")
    inquire(clock, wib(2026, 12, 26, 10), "instagram", handle="indra_ig", contact_name="Indra")
    reply(clock, wib(2026, 12, 28, 9, 30), g, medsos)

    # A call on 22 Dec logged only on 28 Dec, then the lead moves on.
    clock(wib(2026, 12, 28, 16))
    lead_services.log_interaction(
        late, kind="call", direction="outbound", outcome="reached", by=tele, occurred_at=wib(2026, 12, 22, 15)
    )
    lead_services.transition_lead(
        late, to=LeadStatus.INTERESTED, by=tele, reason="Telepon 22 Des, dicatat terlambat"
    )

    # The erasure (UU PDP), and the year boundary.
    clock(wib(2026, 12, 29, 10))
    privacy_services.erase_lead(Lead.objects.get(pk=e.lead_id), by=kadiv, note="Permintaan penghapusan")
    inquire(clock, wib(2026, 12, 31, 23, 59), "phone", phone="+6281300000006", contact_name="Joko")
    inquire(clock, wib(2027, 1, 1, 0, 1), "whatsapp", phone="+6281300000007", contact_name="Kiki")

    # Costs for December: a source, an event of it, and others; one for November.
    clock(wib(2026, 12, 30, 9))
    for source, event, amount in [
        (LeadSource.EXHIBITION, "", 2_000_000),
        (LeadSource.EXHIBITION, "Expo Batam", 3_000_000),
        (LeadSource.SOCIAL_MEDIA, "", 4_500_000),
        (LeadSource.SCHOOL_VISIT, "", 1_000_000),
    ]:
        report_services.set_source_cost(
            month=date(2026, 12, 1), source=source, event=event, amount=Decimal(amount), by=kadiv
        )
    report_services.set_source_cost(
        month=date(2026, 11, 1), source=LeadSource.REFERRAL, amount=Decimal(750_000), by=kadiv
    )
    monkeypatch.undo()
    return {"erased_lead_id": e.lead_id}


# --- The independent recount: plain loops over raw rows ---------------------------------------


def local_day(moment: datetime) -> date:
    return moment.astimezone(WIB).date()


def pct(part: int, whole: int) -> float:
    return round(100.0 * part / whole, 1) if whole else 0.0


def per(amount: int, count: int):
    return int(Decimal(amount) / count) if count else None


def bounds(first: date, last: date) -> tuple[datetime, datetime]:
    return wib(first.year, first.month, first.day), wib(last.year, last.month, last.day) + timedelta(days=1)


class Raw:
    """Every row the reports read, loaded once as plain Python objects."""

    def __init__(self):
        self.leads = list(Lead.objects.all())
        self.inquiries = list(Inquiry.objects.all())
        self.changes = list(LeadStatusChange.objects.all())
        self.interactions = list(Interaction.objects.all())
        self.messages = list(Message.objects.all())
        self.escalations = list(Escalation.objects.all())
        self.surveys = list(SurveyResponse.objects.all())
        self.costs = list(SourceCost.objects.all())
        self.users = {user.pk: user for user in get_user_model().objects.all()}
        self.categories = {category.pk: category for category in Category.objects.all()}
        self.purposes = dict(OutboundMessage.objects.values_list("pk", "purpose"))

    def first_channel(self, lead) -> str:
        first = None
        for inquiry in self.inquiries:
            if inquiry.lead_id == lead.pk and (
                first is None or (inquiry.received_at, inquiry.pk) < (first.received_at, first.pk)
            ):
                first = inquiry
        return first.channel if first else "none"

    def reached(self, lead, stage: str) -> bool:
        if lead.status in REACHED[stage]:
            return True
        for change in self.changes:
            if change.lead_id == lead.pk and change.to_status in REACHED[stage]:
                return True
        return False

    def staff_name(self, user_id) -> str:
        if user_id is None:
            return "(tanpa petugas)"
        user = self.users[user_id]
        return user.get_full_name() or user.username


def recount_daily(raw: Raw, day: date) -> dict:
    start, end = bounds(day, day)
    inquiries = [i for i in raw.inquiries if local_day(i.received_at) == day]
    by_channel = dict.fromkeys(Channel.values, 0)
    by_level = {"1": 0, "2": 0, "3": 0, "untriaged": 0}
    states = {"resolved": 0, "escalated": 0, "answered": 0, "open": 0}
    by_category: dict = {}
    within = 0
    for inquiry in inquiries:
        by_channel[inquiry.channel] += 1
        by_level[str(inquiry.level) if inquiry.level else "untriaged"] += 1
        if inquiry.first_response_at is not None and inquiry.first_response_at <= inquiry.first_response_due:
            within += 1
        escalated = any(e.inquiry_id == inquiry.pk and e.created_at < end for e in raw.escalations)
        if inquiry.resolved_at is not None and inquiry.resolved_at < end:
            states["resolved"] += 1
        elif escalated:
            states["escalated"] += 1
        elif inquiry.first_response_at is not None and inquiry.first_response_at < end:
            states["answered"] += 1
        else:
            states["open"] += 1
        key = inquiry.category_id
        by_category[key] = by_category.get(key, 0) + 1
    new_by_source = dict.fromkeys(LeadSource.values, 0)
    late_by_source = dict.fromkeys(LeadSource.values, 0)
    for lead in raw.leads:
        if local_day(lead.created_at) == day:
            new_by_source[lead.source] += 1
            if lead.entered_at - lead.obtained_at > timedelta(hours=24):
                late_by_source[lead.source] += 1
    staff: dict = {}
    for interaction in raw.interactions:
        if start <= interaction.occurred_at < end:
            entry = staff.setdefault(interaction.created_by_id, [0, 0])
            entry[0] += 1
    for message in raw.messages:
        if (
            message.direction == "outbound"
            and message.sent_by_id is not None
            and start <= message.sent_at < end
            and raw.purposes.get(message.outbound_id) != "survey"
        ):
            entry = staff.setdefault(message.sent_by_id, [0, 0])
            entry[1] += 1
    staff_rows = [
        {"staff_id": user_id, "staff": raw.staff_name(user_id), "interactions": n[0], "replies": n[1]}
        for user_id, n in staff.items()
    ]
    staff_rows.sort(key=lambda r: (-(r["interactions"] + r["replies"]), r["staff"]))
    category_rows = [
        {
            "category_id": key,
            "category": raw.categories[key].name if key else "Belum dikategorikan",
            "inquiries": n,
        }
        for key, n in by_category.items()
    ]
    category_rows.sort(key=lambda r: (-r["inquiries"], r["category"]))
    return {
        "date": day.isoformat(),
        "inquiries_total": len(inquiries),
        "by_channel": by_channel,
        "by_level": by_level,
        "first_response_within_sla": within,
        "first_response_within_sla_pct": pct(within, len(inquiries)),
        "new_leads_total": sum(new_by_source.values()),
        "new_leads_by_source": new_by_source,
        "inquiries_by_state": states,
        "inquiries_by_category": category_rows,
        "late_entries_total": sum(late_by_source.values()),
        "late_entries_by_source": late_by_source,
        "interactions_total": sum(r["interactions"] for r in staff_rows),
        "replies_total": sum(r["replies"] for r in staff_rows),
        "interactions_by_staff": staff_rows,
    }


def _conversion(values: dict, key: str, name: str, label: str) -> dict:
    return {
        key: name,
        "label": label,
        "leads": values["leads"],
        "interested": values["interested"],
        "registered": values["registered"],
        "enrolled": values["enrolled"],
        "conversion_rate": pct(values["registered"], values["leads"]),
        "enrolment_rate": pct(values["enrolled"], values["leads"]),
    }


def recount_period(raw: Raw, first: date, last: date) -> dict:
    """Cohort and activity of the period [first, last] in WIB."""
    start, end = bounds(first, last)
    zero = {"leads": 0, "interested": 0, "registered": 0, "enrolled": 0}
    per_channel = {channel: dict(zero) for channel in [*Channel.values, "none"]}
    per_source = {source: dict(zero) for source in LeadSource.values}
    cohort_leads = []
    for lead in raw.leads:
        if not (start <= lead.created_at < end):
            continue
        cohort_leads.append(lead)
        for bucket in (per_channel[raw.first_channel(lead)], per_source[lead.source]):
            bucket["leads"] += 1
            for stage in ("interested", "registered", "enrolled"):
                if raw.reached(lead, stage):
                    bucket[stage] += 1
    registered_ids, enrolled_ids = set(), set()
    for change in raw.changes:
        if start <= change.changed_at < end:
            if change.to_status == "registered":
                registered_ids.add(change.lead_id)
            if change.to_status == "enrolled":
                enrolled_ids.add(change.lead_id)
    act_channel = {channel: {"registered": 0, "enrolled": 0} for channel in [*Channel.values, "none"]}
    act_source = {source: {"registered": 0, "enrolled": 0} for source in LeadSource.values}
    for lead in raw.leads:
        for ids, stage in ((registered_ids, "registered"), (enrolled_ids, "enrolled")):
            if lead.pk in ids:
                act_channel[raw.first_channel(lead)][stage] += 1
                act_source[lead.source][stage] += 1
    by_channel = [
        _conversion(v, "channel", k, CHANNEL_LABELS.get(k, NO_CHANNEL_LABEL)) for k, v in per_channel.items()
    ]
    by_source = [_conversion(v, "source", k, SOURCE_LABELS[k]) for k, v in per_source.items()]
    cohort = dict.fromkeys(zero, 0)
    for row in by_source:
        for stage in zero:
            cohort[stage] += row[stage]
    cohort["conversion_rate"] = pct(cohort["registered"], cohort["leads"])
    cohort["enrolment_rate"] = pct(cohort["enrolled"], cohort["leads"])
    return {
        "by_channel": by_channel,
        "by_source": by_source,
        "cohort": cohort,
        "cohort_leads": cohort_leads,
        "activity": {"registered": len(registered_ids), "enrolled": len(enrolled_ids)},
        "activity_by_channel": [
            {"channel": k, "label": CHANNEL_LABELS.get(k, NO_CHANNEL_LABEL), **v}
            for k, v in act_channel.items()
        ],
        "activity_by_source": [{"source": k, "label": SOURCE_LABELS[k], **v} for k, v in act_source.items()],
    }


def recount_weekly(raw: Raw, label: str) -> dict:
    year, week = label.split("-W")
    monday = date.fromisocalendar(int(year), int(week), 1)
    result = recount_period(raw, monday, monday + timedelta(days=6))
    result.pop("cohort_leads")
    return {"week": label, **result}


def recount_monthly(raw: Raw, year: int, month: int) -> dict:
    first = date(year, month, 1)
    last = (date(year + month // 12, month % 12 + 1, 1)) - timedelta(days=1)
    result = recount_period(raw, first, last)
    cohort_leads = result.pop("cohort_leads")
    costs: dict = defaultdict(int)
    events = []
    for cost in raw.costs:
        if cost.month == first:
            costs[cost.source] += int(cost.amount)
            if cost.event:
                events.append(cost)
    for row in result["by_source"]:
        cost = costs.get(row["source"], 0)
        row.update(
            cost=cost,
            cost_per_lead=per(cost, row["leads"]),
            cost_per_registrant=per(cost, row["registered"]),
            cost_per_enrolled=per(cost, row["enrolled"]),
        )
    total = sum(costs.values())
    cohort = result["cohort"]
    cohort.update(
        cost=total,
        cost_per_lead=per(total, cohort["leads"]),
        cost_per_registrant=per(total, cohort["registered"]),
        cost_per_enrolled=per(total, cohort["enrolled"]),
    )
    by_event = []
    for cost in sorted(events, key=lambda c: (c.source, c.event)):
        leads = [
            lead for lead in cohort_leads if lead.source == cost.source and lead.source_detail == cost.event
        ]
        registered = sum(1 for lead in leads if raw.reached(lead, "registered"))
        enrolled = sum(1 for lead in leads if raw.reached(lead, "enrolled"))
        amount = int(cost.amount)
        by_event.append(
            {
                "source": cost.source,
                "label": SOURCE_LABELS[cost.source],
                "event": cost.event,
                "cost": amount,
                "leads": len(leads),
                "registered": registered,
                "enrolled": enrolled,
                "cost_per_lead": per(amount, len(leads)),
                "cost_per_registrant": per(amount, registered),
                "cost_per_enrolled": per(amount, enrolled),
            }
        )
    start, end = bounds(first, last)
    tickets = [i for i in raw.inquiries if start <= i.received_at < end]
    resolved_24h = sum(
        1
        for i in tickets
        # The ticket's own resolution clock (24 h from the first working instant), as the inbox shows it.
        if i.resolved_at is not None and i.resolution_due is not None and i.resolved_at <= i.resolution_due
    )
    closed = [i for i in tickets if i.status in ("resolved", "closed")]
    tagged = sum(1 for i in closed if i.category_id is not None)
    ticket_ids = {i.pk for i in tickets}
    scores = [s.score for s in raw.surveys if s.inquiry_id in ticket_ids]
    return {
        "month": f"{year}-{month:02d}",
        **result,
        "by_event": by_event,
        "tickets": {
            "total": len(tickets),
            "resolved_within_24h": resolved_24h,
            "resolved_within_24h_pct": pct(resolved_24h, len(tickets)),
            "closed": len(closed),
            "tagged": tagged,
            "tagged_pct": pct(tagged, len(closed)),
            "satisfaction_avg": round(sum(scores) / len(scores), 2) if scores else None,
            "satisfaction_responses": len(scores),
        },
    }


# --- The XLSX, read back with openpyxl, against the recount -----------------------------------


def sheets_of(content: bytes) -> dict[str, list[tuple]]:
    workbook = load_workbook(io.BytesIO(content))
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in workbook}


def check_daily_xlsx(content: bytes, expected: dict) -> None:
    sheets = sheets_of(content)
    summary = dict(sheets["Ringkasan"][1:])
    assert summary == {
        "Tanggal": expected["date"],
        "Pertanyaan masuk": expected["inquiries_total"],
        "Respons pertama dalam 2 jam kerja": expected["first_response_within_sla"],
        "Respons pertama dalam 2 jam kerja (%)": expected["first_response_within_sla_pct"],
        "Calon mahasiswa baru": expected["new_leads_total"],
        "Input lebih dari 1x24 jam": expected["late_entries_total"],
        "Interaksi dicatat": expected["interactions_total"],
        "Balasan terkirim": expected["replies_total"],
    }
    assert dict(sheets["Per kanal"][1:]) == {CHANNEL_LABELS[k]: v for k, v in expected["by_channel"].items()}
    assert dict(sheets["Per level"][1:]) == {
        ("Belum ditriase" if k == "untriaged" else k): v for k, v in expected["by_level"].items()
    }
    names = {"resolved": "Selesai", "escalated": "Dieskalasi", "answered": "Dijawab", "open": "Terbuka"}
    assert dict(sheets["Per status"][1:]) == {names[k]: v for k, v in expected["inquiries_by_state"].items()}
    assert sheets["Per kategori"][1:] == [
        (r["category"], r["inquiries"]) for r in expected["inquiries_by_category"]
    ]
    assert sheets["Prospek per sumber"][1:] == [
        (SOURCE_LABELS[k], v, expected["late_entries_by_source"][k])
        for k, v in expected["new_leads_by_source"].items()
    ]
    assert sheets["Per petugas"][1:] == [
        (r["staff"], r["interactions"], r["replies"]) for r in expected["interactions_by_staff"]
    ]


def check_period_xlsx(content: bytes, expected: dict, kind: str) -> None:
    sheets = sheets_of(content)
    summary = dict(sheets["Ringkasan"][1:])
    cohort = expected["cohort"]
    wanted = {
        "Periode": expected["week"] if kind == "weekly" else expected["month"],
        "Kohort: prospek masuk": cohort["leads"],
        "Kohort: berminat": cohort["interested"],
        "Kohort: mendaftar": cohort["registered"],
        "Kohort: daftar ulang": cohort["enrolled"],
        "Kohort: konversi (%)": cohort["conversion_rate"],
        "Aktivitas: mendaftar dalam periode": expected["activity"]["registered"],
        "Aktivitas: daftar ulang dalam periode": expected["activity"]["enrolled"],
    }
    conversion = ("leads", "interested", "registered", "enrolled", "conversion_rate")
    assert sheets["Kohort per kanal"][1:] == [
        (r["label"], *(r[k] for k in conversion)) for r in expected["by_channel"]
    ]
    if kind == "weekly":
        assert sheets["Kohort per sumber"][1:] == [
            (r["label"], *(r[k] for k in conversion)) for r in expected["by_source"]
        ]
    else:
        tickets = expected["tickets"]
        wanted.update(
            {
                "Biaya total (Rp)": cohort["cost"],
                "Tiket": tickets["total"],
                "Tiket selesai dalam 24 jam (%)": tickets["resolved_within_24h_pct"],
                "Tiket bertag (%)": tickets["tagged_pct"],
                "Rata-rata kepuasan": tickets["satisfaction_avg"],
                "Jumlah respons survei": tickets["satisfaction_responses"],
            }
        )
        costs = ("cost", "cost_per_lead", "cost_per_registrant", "cost_per_enrolled")
        assert sheets["ROI per sumber"][1:] == [
            (r["label"], *(r[k] for k in conversion), *(r[k] for k in costs)) for r in expected["by_source"]
        ]
        assert sheets["ROI per acara"][1:] == [
            (
                r["label"],
                r["event"],
                r["cost"],
                r["leads"],
                r["registered"],
                r["enrolled"],
                *(r[k] for k in costs[1:]),
            )
            for r in expected["by_event"]
        ]
    assert summary == wanted
    assert sheets["Aktivitas per kanal"][1:] == [
        (r["label"], r["registered"], r["enrolled"]) for r in expected["activity_by_channel"]
    ]
    assert sheets["Aktivitas per sumber"][1:] == [
        (r["label"], r["registered"], r["enrolled"]) for r in expected["activity_by_source"]
    ]


# --- The test ----------------------------------------------------------------------------------


def test_every_report_figure_matches_an_independent_recount(data_set, kadiv):
    raw = Raw()
    api = APIClient()
    api.force_authenticate(kadiv)

    # The data set really has the situations it claims (guards the recount against an empty world).
    erased = next(lead for lead in raw.leads if lead.pk == data_set["erased_lead_id"])
    assert erased.is_erased and erased.full_name.startswith("(dihapus")
    assert sum(1 for lead in raw.leads if lead.is_late_entry) == 1

    day = date(2026, 11, 29)
    checked_days = 0
    while day <= date(2027, 1, 2):
        expected = recount_daily(raw, day)
        response = api.get("/api/v1/reports/daily/", {"date": day.isoformat()})
        assert response.status_code == 200
        assert response.json() == expected, day
        content = api.get("/api/v1/reports/daily/", {"date": day.isoformat(), "format": "xlsx"}).content
        check_daily_xlsx(content, expected)
        checked_days += 1
        day += timedelta(days=1)
    assert checked_days == 35

    for week in ["2026-W48", "2026-W49", "2026-W50", "2026-W51", "2026-W52", "2026-W53"]:
        expected = recount_weekly(raw, week)
        assert api.get("/api/v1/reports/weekly/", {"week": week}).json() == expected, week
        content = api.get("/api/v1/reports/weekly/", {"week": week, "format": "xlsx"}).content
        check_period_xlsx(content, expected, "weekly")

    for year, month in [(2026, 11), (2026, 12), (2027, 1)]:
        expected = recount_monthly(raw, year, month)
        label = f"{year}-{month:02d}"
        assert api.get("/api/v1/reports/monthly/", {"month": label}).json() == expected, label
        content = api.get("/api/v1/reports/monthly/", {"month": label, "format": "xlsx"}).content
        check_period_xlsx(content, expected, "monthly")


def test_the_data_set_hits_the_edges_it_claims(data_set, kadiv):
    """Spot checks written out by hand, so a recount bug that mirrors a selector bug is caught too."""
    api = APIClient()
    api.force_authenticate(kadiv)
    daily = lambda d: api.get("/api/v1/reports/daily/", {"date": d}).json()  # noqa: E731
    # 23:59 and 00:01 WIB fall on their WIB days, not the UTC day (both are 30 Nov in UTC).
    assert daily("2026-11-30")["by_channel"]["whatsapp"] == 1
    assert daily("2026-12-01")["by_channel"]["instagram"] == 1
    assert daily("2026-12-01")["by_channel"]["facebook"] == 1
    # 1 Dec: whatsapp answered 09:05 (within), facebook 13:00 (breached); instagram never.
    first_dec = daily("2026-12-01")
    assert first_dec["inquiries_total"] == 2
    assert first_dec["first_response_within_sla"] == 0  # the 30 Nov inquiry belongs to 30 Nov
    assert daily("2026-11-30")["first_response_within_sla"] == 1
    # Friday evening answered Monday 09:00 counts as on time (working time), on its Friday.
    assert daily("2026-12-18")["first_response_within_sla"] == 1
    # States are those at the end of the report's day: the 00:01 inquiry was escalated on 21 Dec;
    # the Sunday 23:59 one was still open at the end of 20 Dec (answered and closed on 21 Dec).
    assert daily("2026-12-21")["inquiries_by_state"] == {
        "resolved": 0,
        "escalated": 1,
        "answered": 0,
        "open": 0,
    }
    assert daily("2026-12-20")["inquiries_by_state"] == {
        "resolved": 0,
        "escalated": 0,
        "answered": 0,
        "open": 1,
    }
    # The call of 22 Dec, logged on 28 Dec, counts on 22 Dec.
    dec22 = daily("2026-12-22")
    tele = next(row for row in dec22["interactions_by_staff"] if row["staff_id"] and row["interactions"] == 3)
    assert tele["replies"] == 0
    assert daily("2026-12-23")["late_entries_total"] == 1
    assert daily("2026-12-25")["inquiries_total"] == 1  # Christmas
    # The direct lead that registered then dropped out: registered in the December cohort and in
    # W51's activity; the older lead: activity only (registered W51, enrolled W52).
    december = api.get("/api/v1/reports/monthly/", {"month": "2026-12"}).json()
    school = next(row for row in december["by_source"] if row["source"] == "school_visit")
    assert (school["leads"], school["registered"], school["cost_per_registrant"]) == (1, 1, 1_000_000)
    none = next(
        row
        for row in api.get("/api/v1/reports/weekly/", {"week": "2026-W49"}).json()["by_channel"]
        if row["channel"] == "none"
    )
    assert (none["label"], none["leads"], none["registered"]) == ("langsung / tanpa pertanyaan", 1, 1)
    w51 = api.get("/api/v1/reports/weekly/", {"week": "2026-W51"}).json()
    assert w51["activity"] == {"registered": 2, "enrolled": 0}
    assert w51["cohort"]["leads"] == 2  # Citra (Fri), Dodi (Sun 23:59); Fajar (Mon 00:01) is W52
    w52 = api.get("/api/v1/reports/weekly/", {"week": "2026-W52"}).json()
    assert w52["activity"] == {"registered": 0, "enrolled": 1}
    # The erased lead still counts (social media, interested) and its name is nowhere.
    social = next(row for row in december["by_source"] if row["source"] == "social_media")
    assert social["interested"] >= 1
    assert "Eka" not in str(december)
    # The event cost: Expo Batam's one lead (entered 23 Dec).
    assert [(e["event"], e["leads"], e["cost_per_lead"]) for e in december["by_event"]] == [
        ("Expo Batam", 1, 3_000_000)
    ]


# --- The dashboard against the same recount ------------------------------------------------------

FUNNEL_STAGES = ["new", "inquired", "contacted", "interested", "registered", "enrolled"]
DASHBOARD_NOW = wib(2027, 1, 4, 12)  # "now" for the late / overdue figures, after the data set


def furthest_rank(raw: Raw, lead) -> int:
    ranks = [FUNNEL_STAGES.index(lead.status) if lead.status in FUNNEL_STAGES else 0]
    for change in raw.changes:
        if change.lead_id == lead.pk and change.to_status in FUNNEL_STAGES:
            ranks.append(FUNNEL_STAGES.index(change.to_status))
    return max(ranks)


def nearest_rank(values: list[float], fraction: float):
    if not values:
        return None
    ordered = sorted(values)
    index = 0
    while (index + 1) < fraction * len(ordered):
        index += 1
    return round(ordered[index], 1)


def recount_dashboard(raw: Raw, first: date, last: date) -> dict:
    """Funnel per first channel (cumulative stages; erased leads count), activity, SLA and team."""
    from core import workhours
    from core.calendar import get_calendar

    start, end = bounds(first, last)
    funnel: dict[str, list[int]] = {}
    total = [0] * len(FUNNEL_STAGES)
    for lead in raw.leads:
        if start <= lead.created_at < end:
            cells = funnel.setdefault(raw.first_channel(lead), [0] * len(FUNNEL_STAGES))
            for stage in range(furthest_rank(raw, lead) + 1):
                cells[stage] += 1
                total[stage] += 1
    activity = {"registered": set(), "enrolled": set()}
    for change in raw.changes:
        if start <= change.changed_at < end and change.to_status in activity:
            activity[change.to_status].add(change.lead_id)
    inquiries = [i for i in raw.inquiries if start <= i.received_at < end]
    on_time = [i for i in inquiries if i.first_response_at and i.first_response_at <= i.first_response_due]
    late = [
        i
        for i in inquiries
        if (i.first_response_at and i.first_response_at > i.first_response_due)
        or (i.first_response_at is None and i.first_response_due < DASHBOARD_NOW)
    ]
    calendar = get_calendar()
    minutes = [
        workhours.working_minutes_between(calendar, i.received_at, i.first_response_at)
        for i in inquiries
        if i.first_response_at and i.first_response_at >= i.received_at
    ]
    resolved_24h = [i for i in inquiries if i.resolved_at and i.resolved_at <= i.resolution_due]
    team: dict[int, dict] = {}

    def member(user_id: int) -> dict:
        return team.setdefault(
            user_id,
            {"interactions": 0, "answered": set(), "due": 0, "done": 0, "overdue": 0},
        )

    for interaction in raw.interactions:
        if interaction.created_by_id and start <= interaction.occurred_at < end:
            member(interaction.created_by_id)["interactions"] += 1
    for message in raw.messages:
        if message.direction == "outbound" and message.sent_by_id and start <= message.sent_at < end:
            member(message.sent_by_id)["answered"].add(message.inquiry_id)
    for follow_up in FollowUp.objects.all():
        if follow_up.owner_id and start <= follow_up.due_at < end:
            row = member(follow_up.owner_id)
            row["due"] += 1
            row["done"] += follow_up.completed_at is not None
            row["overdue"] += (
                follow_up.completed_at is None
                and follow_up.cancelled_at is None
                and follow_up.due_at < DASHBOARD_NOW
            )
    return {
        "funnel": funnel,
        "total": total,
        "activity": {k: len(v) for k, v in activity.items()},
        "sla": {
            "total": len(inquiries),
            "on_time": len(on_time),
            "late": len(late),
            "median": nearest_rank(minutes, 0.5),
            "p90": nearest_rank(minutes, 0.9),
            "resolved_24h": len(resolved_24h),
        },
        "team": {
            raw.staff_name(user_id): (
                row["interactions"],
                len(row["answered"]),
                row["due"],
                row["done"],
                row["overdue"],
            )
            for user_id, row in team.items()
        },
    }


def test_dashboard_figures_match_the_independent_recount(
    data_set, kadiv, telemarketer, client_for, monkeypatch
):
    # Follow-ups for the team figures, through the services: one done, one left overdue.
    clock = Clock(monkeypatch)
    lead = Lead.objects.get(full_name="Gita Permata")
    clock(wib(2026, 12, 24, 9))
    lead_services.log_interaction(
        lead,
        kind="call",
        direction="outbound",
        outcome="call_back",
        by=telemarketer,
        next_follow_up_at=wib(2026, 12, 28, 9),
    )
    clock(wib(2026, 12, 29, 9))
    lead_services.log_interaction(
        lead,
        kind="call",
        direction="outbound",
        outcome="call_back",
        by=telemarketer,
        follow_up=FollowUp.objects.get(owner=telemarketer),  # done
        next_follow_up_at=wib(2026, 12, 30, 9),  # left overdue
    )
    clock(DASHBOARD_NOW)
    raw = Raw()
    assert FollowUp.objects.filter(owner=telemarketer).count() == 2
    client = client_for(kadiv)
    for params, (first, last) in [
        ({"week": "2026-W51"}, (date(2026, 12, 14), date(2026, 12, 20))),
        ({"week": "2026-W52"}, (date(2026, 12, 21), date(2026, 12, 27))),
        ({"month": "2026-12"}, (date(2026, 12, 1), date(2026, 12, 31))),
        ({"from": "2026-11-25", "to": "2027-01-02"}, (date(2026, 11, 25), date(2027, 1, 2))),
        ({"date": "2026-12-01"}, (date(2026, 12, 1), date(2026, 12, 1))),
    ]:
        response = client.get("/reports/", params)
        assert response.status_code == 200, params
        data = response.context["data"]
        expected = recount_dashboard(raw, first, last)
        channels = {d["key"]: d for d in data["funnel"]["dimensions"]}["channel"]["rows"]
        assert {row["key"]: [c["n"] for c in row["cells"]] for row in channels if row["cells"][0]["n"]} == (
            expected["funnel"]
        ), params
        assert [c["n"] for c in data["funnel"]["total"]["cells"]] == expected["total"], params
        registered, enrolled = (cell["n"] for cell in data["activity"]["totals"])
        assert {"registered": registered, "enrolled": enrolled} == expected["activity"], params
        sla = data["sla"]
        assert {
            "total": sla["total"]["n"],
            "on_time": sla["on_time"]["n"],
            "late": sla["late"]["n"],
            "median": sla["median_minutes"],
            "p90": sla["p90_minutes"],
            "resolved_24h": sla["resolved_24h"],
        } == expected["sla"], params
        assert {
            row["name"]: (
                row["interactions"],
                row["answered"],
                row["follow_ups_due"],
                row["follow_ups_done"],
                row["follow_ups_overdue"],
            )
            for row in data["team"]
        } == expected["team"], params
    # The month really holds what it claims: the erased lead in the cohort, a late first response,
    # an overdue follow-up.
    month = recount_dashboard(raw, date(2026, 12, 1), date(2026, 12, 31))
    assert month["total"][0] >= 5 and month["sla"]["late"] >= 1
    assert any(row[2:] == (2, 1, 1) for row in month["team"].values()), month["team"]
