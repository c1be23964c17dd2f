"""Trends per day or ISO week: inquiries per channel, new leads per source, registrations."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db.models import (
    Count,
)
from django.db.models.functions import TruncDate, TruncWeek

from inquiries.models import Channel, Inquiry
from leads.models import LeadSource, LeadStatus, LeadStatusChange
from reports import drilldown, rollups
from reports.dashboard.common import (
    CHANNEL_LABELS,
    SOURCE_LABELS,
    STAGE_LABELS,
)
from reports.periods import Period
from reports.ranges import Choice

# --- Trends ----------------------------------------------------------------------------------------


def buckets(choice: Choice) -> list[tuple[date, date]]:
    """The chart's x axis: each day, or each ISO week clipped to the period."""
    period = choice.period
    if choice.bucket == "day":
        days = (period.last_day - period.first_day).days + 1
        return [(period.first_day + timedelta(days=i),) * 2 for i in range(days)]
    monday = period.first_day - timedelta(days=period.first_day.weekday())
    out = []
    while monday <= period.last_day:
        out.append((max(monday, period.first_day), min(monday + timedelta(days=6), period.last_day)))
        monday += timedelta(days=7)
    return out


def _bucket_start(value, choice: Choice) -> date:
    day = value.date() if isinstance(value, datetime) else value
    return max(day, choice.period.first_day)


def _day_bucket(day: date, choice: Choice) -> date:
    """The first day of the chart bucket holding `day` (the day itself, or its ISO week's Monday)."""
    if choice.bucket == "day":
        return day
    return max(day - timedelta(days=day.weekday()), choice.period.first_day)


def _trunc(field: str, choice: Choice):
    tz = choice.period.tz
    return TruncDate(field, tzinfo=tz) if choice.bucket == "day" else TruncWeek(field, tzinfo=tz)


def _series(counts: dict[tuple, int], keys: list, labels: dict, choice: Choice, url_for) -> dict:
    axis = buckets(choice)
    series = []
    for key in keys:
        cells = []
        for first, last in axis:
            bucket = Period(first.isoformat(), first, last, choice.period.tz)
            cells.append({"n": counts.get((first, key), 0), "url": url_for(bucket, key)})
        if any(cell["n"] for cell in cells):
            series.append(
                {
                    "key": key,
                    "label": labels.get(key, key),
                    "cells": cells,
                    "total": sum(c["n"] for c in cells),
                }
            )
    rows = [
        {"first": first, "last": last, "cells": [s["cells"][index] for s in series]}
        for index, (first, last) in enumerate(axis)
    ]
    return {
        "buckets": [{"first": first, "last": last} for first, last in axis],
        "series": series,
        "rows": rows,
    }


def trends(choice: Choice, *, daily_only: bool = False) -> dict:
    period = choice.period
    inquiries = (
        Inquiry.objects.filter(received_at__gte=period.start, received_at__lt=period.end)
        .annotate(bucket=_trunc("received_at", choice))
        .values("bucket", "channel")
        .annotate(n=Count("id"))
        .order_by()
    )
    inquiry_counts = {(_bucket_start(r["bucket"], choice), r["channel"]): r["n"] for r in inquiries}
    # New leads per entry day and source: the cohort roll-up (reports.rollups), bucketed here.
    lead_counts: dict[tuple, int] = {}
    for row in rollups.grouped(period.first_day, period.last_day, "day", "source"):
        key = (_day_bucket(row["day"], choice), row["source"])
        lead_counts[key] = lead_counts.get(key, 0) + int(row["n"])
    result = {
        "inquiries": _series(
            inquiry_counts,
            list(Channel.values),
            CHANNEL_LABELS,
            choice,
            lambda p, key: drilldown.inbox(**drilldown.received_in(p), channel=key),
        ),
        "leads": _series(
            lead_counts,
            list(LeadSource.values),
            SOURCE_LABELS,
            choice,
            lambda p, key: drilldown.leads(**drilldown.created_in(p), source=key),
        ),
    }
    if not daily_only:
        registrations = (
            LeadStatusChange.objects.filter(
                changed_at__gte=period.start,
                changed_at__lt=period.end,
                to_status=LeadStatus.REGISTERED,
            )
            .annotate(bucket=_trunc("changed_at", choice))
            .values("bucket")
            .annotate(n=Count("lead", distinct=True))
            .order_by()
        )
        counts = {
            (_bucket_start(r["bucket"], choice), LeadStatus.REGISTERED.value): r["n"] for r in registrations
        }
        result["registrations"] = _series(
            counts,
            [LeadStatus.REGISTERED.value],
            STAGE_LABELS,
            choice,
            lambda p, key: drilldown.leads(**drilldown.moved_in(p, key)),
        )
    return result
