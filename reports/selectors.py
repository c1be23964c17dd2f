"""Report figures, aggregated in SQL (one query per block, never a loop over rows).

What the figures mean (stated on the pages and in the emails too):
- daily: inquiries received that day (by channel, level, category and their state at the end of
  the day), first responses within the SLA, leads entered that day (by source, and those entered
  more than 1x24 h after they were obtained), interactions and replies logged that day per staff.
- weekly / monthly, *cohort*: leads that entered in the period and how far they have got since
  (history rows count: a lead that reached `registered` and later dropped out still counts as
  registered). *Activity*: leads moved to registered / enrolled during the period, whatever the
  day they entered.
- Erased leads (UU PDP) keep their status, source and dates, so they stay in every count.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db.models import (
    Avg,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    Sum,
)
from django.utils.translation import gettext as _

from inquiries.models import Channel, Escalation, Inquiry, InquiryStatus, Message, SurveyResponse
from leads.filters import FUNNEL
from leads.models import Interaction, Lead, LeadSource, LeadStatus, LeadStatusChange
from outbox.models import Purpose
from reports import rollups
from reports.models import SourceCost
from reports.periods import Period

INTERESTED_OR_BEYOND = [LeadStatus.INTERESTED, LeadStatus.REGISTERED, LeadStatus.ENROLLED]
REGISTERED_OR_BEYOND = [LeadStatus.REGISTERED, LeadStatus.ENROLLED]
# Inquiry states at the end of the period, mutually exclusive, in this order of precedence.
INQUIRY_STATES = ["resolved", "escalated", "answered", "open"]
NO_CHANNEL = "none"
# Every channel, then leads that never wrote an inquiry (no first channel).
CHANNELS_AND_NONE: list[str | None] = [*Channel.values, None]


def no_channel_label() -> str:
    return _("langsung / tanpa pertanyaan")


def _pct(part: int, whole: int) -> float:
    return round(100.0 * part / whole, 1) if whole else 0.0


def _in(period: Period, field: str) -> Q:
    return Q(**{f"{field}__gte": period.start, f"{field}__lt": period.end})


def _staff_name(first: str | None, last: str | None, username: str | None) -> str:
    if username is None:
        return _("(tanpa petugas)")
    return f"{first or ''} {last or ''}".strip() or username


# --- Daily -------------------------------------------------------------------------------------


def daily_report(period: Period) -> dict:
    inquiries = Inquiry.objects.filter(_in(period, "received_at"))
    # Query 1: channel counts.
    by_channel = {
        row["channel"]: row["n"]
        for row in inquiries.values("channel").annotate(n=Count("id")).order_by("channel")
    }
    # Query 2: level counts (untriaged inquiries have no level yet).
    by_level = {
        str(row["level"]) if row["level"] is not None else "untriaged": row["n"]
        for row in inquiries.values("level").annotate(n=Count("id")).order_by("level")
    }
    # Query 3: totals, first responses within the SLA, and the state of each inquiry at the end of
    # the day (resolved > escalated > answered > open), so a report re-run later says the same.
    end = period.end
    resolved = Q(resolved_at__lt=end)
    escalated = Q(was_escalated=True) & ~resolved
    answered = Q(first_response_at__lt=end) & ~resolved & ~Q(was_escalated=True)
    totals = inquiries.annotate(
        was_escalated=Exists(Escalation.objects.filter(inquiry=OuterRef("pk"), created_at__lt=end))
    ).aggregate(
        total=Count("id"),
        within=Count(
            "id", filter=Q(first_response_at__isnull=False, first_response_at__lte=F("first_response_due"))
        ),
        resolved=Count("id", filter=resolved),
        escalated=Count("id", filter=escalated),
        answered=Count("id", filter=answered),
    )
    totals["open"] = totals["total"] - totals["resolved"] - totals["escalated"] - totals["answered"]
    # Query 4: per category (a handful of rows; sorted here so the order is the same on every database).
    by_category = sorted(
        (
            {
                "category_id": row["category"],
                "category": row["category__name"] or _("Belum dikategorikan"),
                "inquiries": row["n"],
            }
            for row in inquiries.values("category", "category__name").annotate(n=Count("id")).order_by()
        ),
        key=lambda row: (-row["inquiries"], row["category"]),
    )
    # Query 5: new leads per source, and those entered more than 1x24 h after they were obtained.
    leads = Lead.objects.filter(_in(period, "created_at"))
    source_rows = list(
        leads.values("source")
        .annotate(n=Count("id"), late=Count("id", filter=Q(is_late_entry=True)))
        .order_by()
    )
    by_source = {row["source"]: row["n"] for row in source_rows}
    late_by_source = {row["source"]: row["late"] for row in source_rows}
    return {
        "date": period.label,
        "inquiries_total": totals["total"],
        "by_channel": {channel: by_channel.get(channel, 0) for channel in Channel.values},
        "by_level": {key: by_level.get(key, 0) for key in ["1", "2", "3", "untriaged"]},
        "first_response_within_sla": totals["within"],
        "first_response_within_sla_pct": _pct(totals["within"], totals["total"]),
        "new_leads_total": sum(by_source.values()),
        "new_leads_by_source": {source: by_source.get(source, 0) for source in LeadSource.values},
        "inquiries_by_state": {state: totals[state] for state in INQUIRY_STATES},
        "inquiries_by_category": by_category,
        "late_entries_total": sum(late_by_source.values()),
        "late_entries_by_source": {source: late_by_source.get(source, 0) for source in LeadSource.values},
        **staff_activity(period),
    }


def staff_activity(period: Period) -> dict:
    """Interactions logged (by when they happened) and inquiry replies sent per staff member."""
    # Query 6: interactions per staff member.
    interactions = (
        Interaction.objects.filter(_in(period, "occurred_at"))
        .values("created_by", "created_by__first_name", "created_by__last_name", "created_by__username")
        .annotate(n=Count("id"))
        .order_by()
    )
    # Query 7: replies (outbound inquiry messages written by a person; not the survey link that
    # closing sends) per staff member. Messages without a sender are dropped below, not in SQL: a
    # "sent_by IS NOT NULL" condition tempts PostgreSQL to walk the sender index instead of the time.
    replies = (
        Message.objects.filter(_in(period, "sent_at"), direction="outbound")
        .exclude(outbound__purpose=Purpose.SURVEY)
        .values("sent_by", "sent_by__first_name", "sent_by__last_name", "sent_by__username")
        .annotate(n=Count("id"))
        .order_by()
    )
    staff: dict[int | None, dict[str, Any]] = {}
    for logged in interactions:
        name = _staff_name(
            logged["created_by__first_name"], logged["created_by__last_name"], logged["created_by__username"]
        )
        staff[logged["created_by"]] = {
            "staff_id": logged["created_by"],
            "staff": name,
            "interactions": logged["n"],
            "replies": 0,
        }
    for sent in replies:
        if sent["sent_by"] is None:
            continue
        name = _staff_name(sent["sent_by__first_name"], sent["sent_by__last_name"], sent["sent_by__username"])
        entry = staff.setdefault(
            sent["sent_by"], {"staff_id": sent["sent_by"], "staff": name, "interactions": 0, "replies": 0}
        )
        entry["replies"] = sent["n"]
    rows = sorted(staff.values(), key=lambda r: (-(r["interactions"] + r["replies"]), r["staff"]))
    return {
        "interactions_total": sum(row["interactions"] for row in rows),
        "replies_total": sum(row["replies"] for row in rows),
        "interactions_by_staff": rows,
    }


# --- Cohort and activity (weekly, monthly) -----------------------------------------------------


INTERESTED_RANK = FUNNEL.index(LeadStatus.INTERESTED)
REGISTERED_RANK = FUNNEL.index(LeadStatus.REGISTERED)
ENROLLED_RANK = FUNNEL.index(LeadStatus.ENROLLED)


def _cohort(period: Period, *fields: str, condition: Q | None = None, fresh: bool = False) -> list[dict]:
    """Leads that entered in the period per `fields` and furthest stage (`rank`), from the daily
    roll-up (`reports.rollups`: the live counts of the leads, their first inquiry and status history)."""
    return rollups.grouped(
        period.first_day, period.last_day, *fields, "rank", condition=condition, fresh=fresh
    )


def _stage_counts(groups: list[dict], key: str | tuple[str, ...]) -> dict[Any, dict[str, int]]:
    """leads / interested / registered / enrolled per value of `key` (a stage counts every lead at it
    or beyond: a lead that reached registered and later dropped out still counts as registered)."""
    out: dict[Any, dict[str, int]] = {}
    for group in groups:
        value = tuple(group[k] for k in key) if isinstance(key, tuple) else group[key]
        counts = out.setdefault(value, {"leads": 0, "interested": 0, "registered": 0, "enrolled": 0})
        n, rank = int(group["n"]), group["rank"]
        counts["leads"] += n
        counts["interested"] += n if rank >= INTERESTED_RANK else 0
        counts["registered"] += n if rank >= REGISTERED_RANK else 0
        counts["enrolled"] += n if rank >= ENROLLED_RANK else 0
    return out


def _label(key: str, value: str) -> str | None:
    if key == "channel":
        return str(Channel(value).label) if value in Channel.values else no_channel_label()
    if key == "source":
        return str(LeadSource(value).label) if value in LeadSource.values else str(value)
    return None


def _conversion_rows(
    groups: list[dict], key: str, label_key: str, all_keys: Sequence[str | None]
) -> list[dict]:
    rows = _stage_counts(groups, key)
    result = []
    for value in [*all_keys, *sorted((k for k in rows if k not in all_keys), key=str)]:
        row = rows.get(value, {"leads": 0, "interested": 0, "registered": 0, "enrolled": 0})
        name = value if value is not None else NO_CHANNEL
        result.append(
            {
                label_key: name,
                "label": _label(label_key, name),
                "leads": row["leads"],
                "interested": row["interested"],
                "registered": row["registered"],
                "enrolled": row["enrolled"],
                "conversion_rate": _pct(row["registered"], row["leads"]),
                "enrolment_rate": _pct(row["enrolled"], row["leads"]),
            }
        )
    return result


def _total_row(rows: list[dict]) -> dict:
    total = {key: sum(row[key] for row in rows) for key in ("leads", "interested", "registered", "enrolled")}
    total["conversion_rate"] = _pct(total["registered"], total["leads"])
    total["enrolment_rate"] = _pct(total["enrolled"], total["leads"])
    return total


def _activity_counts(period: Period) -> dict[tuple, int]:
    """Leads moved to registered / enrolled during the period, whatever their entry date, per (first
    channel, source, status): one grouped query over the period's history rows. A lead has one first
    channel and one source, so the per-channel and per-source figures are exact sums of these."""
    rows = (
        LeadStatusChange.objects.filter(
            _in(period, "changed_at"), to_status__in=[LeadStatus.REGISTERED, LeadStatus.ENROLLED]
        )
        .annotate(channel=rollups.first_inquiry_channel_of("lead"))
        .values("channel", "lead__source", "to_status")
        .annotate(n=Count("lead", distinct=True))
        .order_by()
    )
    return {(row["channel"], row["lead__source"], row["to_status"]): row["n"] for row in rows}


def _activity_rows(
    counts: dict[tuple, int], index: int, label_key: str, all_keys: Sequence[str | None]
) -> list[dict]:
    rows: dict[Any, dict[str, int]] = {}
    for key, n in counts.items():
        row = rows.setdefault(key[index], {"registered": 0, "enrolled": 0})
        row["registered" if key[2] == LeadStatus.REGISTERED else "enrolled"] += n
    result = []
    for value in [*all_keys, *sorted((k for k in rows if k not in all_keys), key=str)]:
        row = rows.get(value, {"registered": 0, "enrolled": 0})
        name = value if value is not None else NO_CHANNEL
        result.append(
            {
                label_key: name,
                "label": _label(label_key, name),
                "registered": row["registered"],
                "enrolled": row["enrolled"],
            }
        )
    return result


def _with_activity(report: dict, period: Period) -> dict:
    counts = _activity_counts(period)
    by_channel = _activity_rows(counts, 0, "channel", CHANNELS_AND_NONE)
    by_source = _activity_rows(counts, 1, "source", LeadSource.values)
    report["activity"] = {
        "registered": sum(row["registered"] for row in by_source),
        "enrolled": sum(row["enrolled"] for row in by_source),
    }
    report["activity_by_channel"] = by_channel
    report["activity_by_source"] = by_source
    return report


def weekly_report(period: Period) -> dict:
    cohort = _cohort(period, "channel", "source")
    by_channel = _conversion_rows(cohort, "channel", "channel", CHANNELS_AND_NONE)
    by_source = _conversion_rows(cohort, "source", "source", LeadSource.values)
    return _with_activity(
        {
            "week": period.label,
            "by_channel": by_channel,
            "by_source": by_source,
            "cohort": _total_row(by_source),
        },
        period,
    )


# --- Monthly: conversion, costs, tickets ------------------------------------------------------


def _per(amount: Decimal, count: int) -> int | None:
    return int(amount / count) if count else None


def monthly_report(period: Period) -> dict:
    # Queries 1-2: marked days recounted (usually none), the cohort per first channel and source.
    cohort = _cohort(period, "channel", "source")
    rows = _conversion_rows(cohort, "source", "source", LeadSource.values)
    # Query 2: costs of the month, per source and event.
    cost_rows = list(
        SourceCost.objects.filter(month=period.first_day)
        .values("source", "event")
        .annotate(total=Sum("amount"))
    )
    costs: dict[str, Decimal] = {}
    for cost_row in cost_rows:
        costs[cost_row["source"]] = costs.get(cost_row["source"], Decimal(0)) + cost_row["total"]
    for row in rows:
        amount = costs.get(row["source"], Decimal(0))
        row["cost"] = int(amount)
        row["cost_per_lead"] = _per(amount, row["leads"])
        row["cost_per_registrant"] = _per(amount, row["registered"])
        row["cost_per_enrolled"] = _per(amount, row["enrolled"])
    # Query 3: the cohort leads of each costed event (lead's source detail = the cost's event).
    events = [(cost["source"], cost["event"]) for cost in cost_rows if cost["event"]]
    event_counts = {}
    if events:
        event_q = Q()
        for source, event in events:
            event_q |= Q(source=source, source_detail=event)
        event_counts = _stage_counts(
            _cohort(period, "source", "source_detail", condition=event_q, fresh=True),
            ("source", "source_detail"),
        )
    by_event = []
    for cost in sorted(cost_rows, key=lambda c: (c["source"], c["event"])):
        if not cost["event"]:
            continue
        counts = event_counts.get(
            (cost["source"], cost["event"]), {"leads": 0, "registered": 0, "enrolled": 0}
        )
        by_event.append(
            {
                "source": cost["source"],
                "label": _label("source", cost["source"]),
                "event": cost["event"],
                "cost": int(cost["total"]),
                "leads": counts["leads"],
                "registered": counts["registered"],
                "enrolled": counts["enrolled"],
                "cost_per_lead": _per(cost["total"], counts["leads"]),
                "cost_per_registrant": _per(cost["total"], counts["registered"]),
                "cost_per_enrolled": _per(cost["total"], counts["enrolled"]),
            }
        )
    total = _total_row(rows)
    total_cost = sum(costs.values(), Decimal(0))
    total.update(
        cost=int(total_cost),
        cost_per_lead=_per(total_cost, total["leads"]),
        cost_per_registrant=_per(total_cost, total["registered"]),
        cost_per_enrolled=_per(total_cost, total["enrolled"]),
    )
    # Query 4: tickets received in the month.
    inquiries = Inquiry.objects.filter(_in(period, "received_at"))
    # "Within 24 h" is the inbox's own resolution clock (DESIGN.md: 24 hours from the first working
    # instant at or after receipt), so the report and the inbox agree about every ticket.
    tickets = inquiries.aggregate(
        total=Count("id"),
        resolved_24h=Count("id", filter=Q(resolved_at__isnull=False, resolved_at__lte=F("resolution_due"))),
        closed=Count("id", filter=Q(status__in=[InquiryStatus.RESOLVED, InquiryStatus.CLOSED])),
        closed_tagged=Count(
            "id", filter=Q(status__in=[InquiryStatus.RESOLVED, InquiryStatus.CLOSED], category__isnull=False)
        ),
    )
    # Query 5: satisfaction survey of those tickets.
    satisfaction = SurveyResponse.objects.filter(inquiry__in=inquiries).aggregate(
        avg=Avg("score"), n=Count("id")
    )
    # The cohort per first channel (as in the weekly report), from query 2.
    by_channel = _conversion_rows(cohort, "channel", "channel", CHANNELS_AND_NONE)
    report = {
        "month": period.label,
        "by_source": rows,
        "by_channel": by_channel,
        "by_event": by_event,
        "cohort": total,
        "tickets": {
            "total": tickets["total"],
            "resolved_within_24h": tickets["resolved_24h"],
            "resolved_within_24h_pct": _pct(tickets["resolved_24h"], tickets["total"]),
            "closed": tickets["closed"],
            "tagged": tickets["closed_tagged"],
            "tagged_pct": _pct(tickets["closed_tagged"], tickets["closed"]),
            "satisfaction_avg": round(float(satisfaction["avg"]), 2)
            if satisfaction["avg"] is not None
            else None,
            "satisfaction_responses": satisfaction["n"],
        },
    }
    # Queries 6-7: activity per first channel and per source.
    return _with_activity(report, period)


def pipeline_counts() -> dict[str, int]:
    counts = dict(Lead.objects.not_erased().values_list("status").annotate(n=Count("id")).order_by())
    return {status: counts.get(status, 0) for status in LeadStatus.values}
