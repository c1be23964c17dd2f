"""Report figures, aggregated in SQL (one query per block, never a loop over rows)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from decimal import Decimal

from django.db.models import (
    Avg,
    BooleanField,
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)

from inquiries.models import Channel, Inquiry, InquiryStatus, SurveyResponse
from leads.models import Lead, LeadSource, LeadStatus, LeadStatusChange
from reports.models import SourceCost
from reports.periods import Period

INTERESTED_OR_BEYOND = [LeadStatus.INTERESTED, LeadStatus.REGISTERED, LeadStatus.ENROLLED]
REGISTERED_OR_BEYOND = [LeadStatus.REGISTERED, LeadStatus.ENROLLED]


def _pct(part: int, whole: int) -> float:
    return round(100.0 * part / whole, 1) if whole else 0.0


def daily_report(period: Period) -> dict:
    inquiries = Inquiry.objects.filter(received_at__gte=period.start, received_at__lt=period.end)
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
    # Query 3: totals and first responses within the SLA.
    totals = inquiries.aggregate(
        total=Count("id"),
        within=Count(
            "id", filter=Q(first_response_at__isnull=False, first_response_at__lte=F("first_response_due"))
        ),
    )
    leads = Lead.objects.filter(created_at__gte=period.start, created_at__lt=period.end)
    # Query 4: new leads per source.
    by_source = {
        row["source"]: row["n"] for row in leads.values("source").annotate(n=Count("id")).order_by("source")
    }
    return {
        "date": period.label,
        "inquiries_total": totals["total"],
        "by_channel": {channel: by_channel.get(channel, 0) for channel in Channel.values},
        "by_level": {key: by_level.get(key, 0) for key in ["1", "2", "3", "untriaged"]},
        "first_response_within_sla": totals["within"],
        "first_response_within_sla_pct": _pct(totals["within"], totals["total"]),
        "new_leads_total": sum(by_source.values()),
        "new_leads_by_source": {source: by_source.get(source, 0) for source in LeadSource.values},
    }


def _cohort(period: Period) -> QuerySet[Lead]:
    """Leads that entered in the period, with the channel of their first inquiry and how far they got."""
    first_channel = Inquiry.objects.filter(lead=OuterRef("pk")).order_by("received_at").values("channel")[:1]
    return Lead.objects.filter(created_at__gte=period.start, created_at__lt=period.end).annotate(
        first_channel=Subquery(first_channel),
        reached_interested=_reached(INTERESTED_OR_BEYOND),
        reached_registered=_reached(REGISTERED_OR_BEYOND),
        reached_enrolled=_reached([LeadStatus.ENROLLED]),
    )


def _reached(statuses: Sequence[str]) -> ExpressionWrapper:
    """True when the lead is at, or has ever been moved to, one of `statuses` (history rows)."""
    ever = Exists(LeadStatusChange.objects.filter(lead=OuterRef("pk"), to_status__in=statuses))
    return ExpressionWrapper(Q(ever) | Q(status__in=statuses), output_field=BooleanField())


def _conversion_rows(cohort: QuerySet[Lead], key: str, label_key: str, all_keys: list[str]) -> list[dict]:
    rows = {
        row[key]: row
        for row in cohort.values(key)
        .annotate(
            leads=Count("id"),
            interested=Count("id", filter=Q(reached_interested=True)),
            registered=Count("id", filter=Q(reached_registered=True)),
            enrolled=Count("id", filter=Q(reached_enrolled=True)),
        )
        .order_by(key)
    }
    result = []
    for value in all_keys + [k for k in rows if k not in all_keys]:
        row = rows.get(value, {"leads": 0, "interested": 0, "registered": 0, "enrolled": 0})
        result.append(
            {
                label_key: value if value is not None else "none",
                "leads": row["leads"],
                "interested": row["interested"],
                "registered": row["registered"],
                "enrolled": row["enrolled"],
                "conversion_rate": _pct(row["registered"], row["leads"]),
            }
        )
    return result


def weekly_report(period: Period) -> dict:
    cohort = _cohort(period)
    return {
        "week": period.label,
        "by_channel": _conversion_rows(cohort, "first_channel", "channel", Channel.values),
        "by_source": _conversion_rows(cohort, "source", "source", LeadSource.values),
    }


def monthly_report(period: Period) -> dict:
    cohort = _cohort(period)
    rows = _conversion_rows(cohort, "source", "source", LeadSource.values)
    costs = dict(
        SourceCost.objects.filter(month=period.first_day)
        .values("source")
        .annotate(total=Sum("amount"))
        .values_list("source", "total")
    )
    for row in rows:
        cost = costs.get(row["source"], Decimal(0))
        row["cost"] = int(cost)
        row["cost_per_registrant"] = int(cost / row["registered"]) if row["registered"] else None
    inquiries = Inquiry.objects.filter(received_at__gte=period.start, received_at__lt=period.end)
    time_to_resolve = ExpressionWrapper(F("resolved_at") - F("received_at"), output_field=DurationField())
    tickets = inquiries.annotate(time_to_resolve=time_to_resolve).aggregate(
        total=Count("id"),
        resolved_24h=Count(
            "id", filter=Q(resolved_at__isnull=False, time_to_resolve__lte=timedelta(hours=24))
        ),
        closed=Count("id", filter=Q(status__in=[InquiryStatus.RESOLVED, InquiryStatus.CLOSED])),
        closed_tagged=Count(
            "id", filter=Q(status__in=[InquiryStatus.RESOLVED, InquiryStatus.CLOSED], category__isnull=False)
        ),
    )
    satisfaction = SurveyResponse.objects.filter(inquiry__in=inquiries).aggregate(
        avg=Avg("score"), n=Count("id")
    )
    return {
        "month": period.label,
        "by_source": rows,
        "tickets": {
            "total": tickets["total"],
            "resolved_within_24h_pct": _pct(tickets["resolved_24h"], tickets["total"]),
            "tagged_pct": _pct(tickets["closed_tagged"], tickets["closed"]),
            "satisfaction_avg": round(float(satisfaction["avg"]), 2)
            if satisfaction["avg"] is not None
            else None,
            "satisfaction_responses": satisfaction["n"],
        },
    }


def pipeline_counts() -> dict[str, int]:
    counts = dict(
        Lead.objects.filter(is_erased=False).values_list("status").annotate(n=Count("id")).order_by()
    )
    return {status: counts.get(status, 0) for status in LeadStatus.values}
