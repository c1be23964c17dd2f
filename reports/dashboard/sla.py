"""First-response SLA (working minutes) and the care-center recap."""

from __future__ import annotations

from datetime import datetime

from django.db.models import (
    Avg,
    Count,
    F,
    Q,
)
from django.utils.translation import gettext_lazy as _

from core.workhours import WorkingCalendar
from inquiries.models import FINISHED_STATUSES, Channel, Level, SurveyResponse
from reports import drilldown
from reports.dashboard.common import (
    CHANNEL_LABELS,
    UNTRIAGED,
    pct,
    received,
)
from reports.ranges import Choice
from reports.workclock import percentile, working_minutes

# --- SLA and the care-center recap -----------------------------------------------------------------


def _late(now: datetime) -> Q:
    return Q(first_response_at__gt=F("first_response_due")) | Q(
        first_response_at__isnull=True, first_response_due__lt=now
    )


ON_TIME = Q(first_response_at__isnull=False, first_response_at__lte=F("first_response_due"))


def sla(choice: Choice, *, now: datetime, calendar: WorkingCalendar) -> dict:
    period = choice.period
    inquiries = received(period)
    totals = inquiries.aggregate(
        total=Count("id"),
        responded=Count("id", filter=Q(first_response_at__isnull=False)),
        on_time=Count("id", filter=ON_TIME),
        late=Count("id", filter=_late(now)),
        resolved=Count("id", filter=Q(resolved_at__isnull=False)),
        # The inbox's own resolution clock (24 h from the first working instant at or after receipt).
        resolved_24h=Count("id", filter=Q(resolved_at__isnull=False, resolved_at__lte=F("resolution_due"))),
        finished=Count("id", filter=Q(status__in=FINISHED_STATUSES)),
        finished_tagged=Count("id", filter=Q(status__in=FINISHED_STATUSES, category__isnull=False)),
    )
    pairs = list(
        inquiries.filter(first_response_at__isnull=False).values_list("received_at", "first_response_at")
    )
    minutes = sorted(working_minutes(calendar, [(a, b) for a, b in pairs if b >= a]))
    breaches = inquiries.filter(_late(now)).values("channel", "level").annotate(n=Count("id")).order_by()
    breach_counts = {(row["channel"], row["level"]): row["n"] for row in breaches}
    levels = [(str(value), label) for value, label in Level.choices] + [(UNTRIAGED, _("Belum ditriase"))]
    base = drilldown.received_in(period)
    breach_rows = []
    for channel in Channel.values:
        cells = []
        for level, _label in levels:
            n = breach_counts.get((channel, None if level == UNTRIAGED else int(level)), 0)
            cells.append(
                {"n": n, "url": drilldown.inbox(**base, channel=channel, level=level, first_response="late")}
            )
        if any(cell["n"] for cell in cells):
            breach_rows.append(
                {"label": CHANNEL_LABELS[channel], "cells": cells, "total": sum(c["n"] for c in cells)}
            )
    return {
        "total": {"n": totals["total"], "url": drilldown.inbox(**base)},
        "on_time": {
            "n": totals["on_time"],
            "pct": pct(totals["on_time"], totals["total"]),
            "url": drilldown.inbox(**base, first_response="on_time"),
        },
        "late": {"n": totals["late"], "url": drilldown.inbox(**base, first_response="late")},
        "responded": totals["responded"],
        "median_minutes": _round(percentile(minutes, 0.5)),
        "p90_minutes": _round(percentile(minutes, 0.9)),
        "resolved": totals["resolved"],
        "resolved_24h": totals["resolved_24h"],
        "resolved_24h_pct": pct(totals["resolved_24h"], totals["total"]),
        "levels": [label for _, label in levels],
        "breaches": breach_rows,
        "finished": totals["finished"],
        "tagged_pct": pct(totals["finished_tagged"], totals["finished"]),
    }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def care_center(choice: Choice) -> dict:
    period = choice.period
    inquiries = received(period)
    base = drilldown.received_in(period)
    categories = [
        {
            "label": row["category__name"] or _("Belum dikategorikan"),
            "n": row["n"],
            "url": drilldown.inbox(**base, category=row["category"])
            if row["category"]
            else drilldown.inbox(**base, uncategorised="on"),
        }
        for row in inquiries.values("category", "category__name")
        .annotate(n=Count("id"))
        .order_by("-n", "category__name")
    ]
    survey = SurveyResponse.objects.filter(inquiry__in=inquiries).aggregate(avg=Avg("score"), n=Count("id"))
    return {
        "categories": categories,
        "survey_avg": round(float(survey["avg"]), 2) if survey["avg"] is not None else None,
        "survey_responses": survey["n"],
    }
