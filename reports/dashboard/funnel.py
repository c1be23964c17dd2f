"""The cohort funnel per dimension, and the activity (registrations and enrolments) of the period."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import (
    Count,
    OuterRef,
    Subquery,
    Sum,
)
from django.utils.translation import gettext_lazy as _

from inquiries.models import Channel, Inquiry
from leads.filters import FUNNEL, NO_INQUIRY
from leads.models import LeadSource, LeadStatus, LeadStatusChange, Track
from reports import drilldown, rollups
from reports.dashboard.common import (
    CHANNEL_LABELS,
    MAX_EVENTS,
    NO_INQUIRY_LABEL,
    NO_PROGRAM_LABEL,
    SOURCE_LABELS,
    STAGE_LABELS,
    TRACK_LABELS,
    change,
    pct,
)
from reports.models import SourceCost
from reports.periods import Period
from reports.ranges import Choice

# --- The funnel (cohort) -------------------------------------------------------------------------


def _funnel_groups(period: Period) -> list[tuple]:
    """Lead counts per dimension row and furthest stage, summed in SQL from the daily roll-up
    (`reports.rollups`, recounted from the live rows wherever marked stale)."""
    return rollups.funnel_dimensions(period.first_day, period.last_day)


@dataclass(frozen=True)
class Dimension:
    key: str
    title: str


DIMENSIONS = [
    Dimension("channel", _("Kanal kontak pertama")),
    Dimension("source", _("Sumber")),
    Dimension("event", _("Acara / kampanye")),
    Dimension("program", _("Program studi")),
    Dimension("track", _("Jalur")),
]


def _row_meta(dim: str, key, program_names: dict) -> tuple:
    """(label, lead-list parameters) of one dimension row."""
    if dim == "channel":
        label = NO_INQUIRY_LABEL if key == NO_INQUIRY else CHANNEL_LABELS.get(key, key)
        return label, {"first_channel": key}
    if dim == "source":
        return SOURCE_LABELS.get(key, key), {"source": key}
    if dim == "event":
        source, detail = key
        return f"{SOURCE_LABELS.get(source, source)} · {detail}", {"source": source, "event": detail}
    if dim == "program":
        return (NO_PROGRAM_LABEL if key == "null" else program_names[key]), {"program": key}
    return TRACK_LABELS.get(key, key), {"track": key}


def _roll_up(groups: list[tuple]) -> tuple[list[int], dict[str, dict]]:
    """Cumulative stage counts in total and per dimension row (a lead at stage k counts in 0..k).

    The rows (dimension, key, second key, furthest stage, leads) are counted per furthest stage
    first and made cumulative once per row at the end."""
    stages = len(FUNNEL)
    total = [0] * stages
    at_stage: dict[tuple, list[int]] = {}
    program_names: dict = {}
    for dim, first_key, second_key, rank, n in groups:
        key: tuple
        if dim == "channel":
            key = ("channel", first_key or NO_INQUIRY)
        elif dim == "source":
            total[rank] += n  # every lead has exactly one source
            key = ("source", first_key)
        elif dim == "event":
            key = ("event", (first_key, second_key))
        elif dim == "program":
            program = int(first_key) if first_key else "null"
            program_names[program] = second_key or NO_PROGRAM_LABEL
            key = ("program", program)
        else:
            key = ("track", first_key)
        counts = at_stage.get(key)
        if counts is None:
            counts = at_stage[key] = [0] * stages
        counts[rank] += n
    rows: dict[str, dict] = {dim.key: {} for dim in DIMENSIONS}
    for (dim, key), counts in at_stage.items():
        label, params = _row_meta(dim, key, program_names)
        rows[dim][key] = {"label": label, "params": params, "counts": _cumulative(counts)}
    return _cumulative(total), rows


def _cumulative(at_stage: list[int]) -> list[int]:
    """Leads at each stage or beyond."""
    out, running = [0] * len(at_stage), 0
    for index in range(len(at_stage) - 1, -1, -1):
        running += at_stage[index]
        out[index] = running
    return out


def _stage_cells(counts: list[int], params: dict, period: Period) -> list[dict]:
    cells = []
    for index, stage in enumerate(FUNNEL):
        reached = {} if index == 0 else {"reached": stage}
        cells.append(
            {
                "stage": stage,
                "n": counts[index],
                "url": drilldown.leads(**drilldown.created_in(period), **params, **reached),
                # Step conversion: share of the previous stage that got this far.
                "step_pct": pct(counts[index], counts[index - 1]) if index else None,
            }
        )
    return cells


REGISTERED = FUNNEL.index(LeadStatus.REGISTERED)


def _order(dim: str, keys: set) -> list:
    if dim == "channel":
        order = [*Channel.values, NO_INQUIRY]
    elif dim == "source":
        order = list(LeadSource.values)
    elif dim == "track":
        order = list(Track.values)
    else:
        order = []
    return [key for key in order if key in keys] + sorted((k for k in keys if k not in order), key=str)


def funnel(choice: Choice) -> dict:
    period = choice.period
    total, rows = _roll_up(_funnel_groups(period))
    prev_total, prev_rows = _roll_up(_funnel_groups(choice.previous))
    dimensions = []
    for dim in DIMENSIONS:
        current, before = rows[dim.key], prev_rows[dim.key]
        if dim.key == "event":
            # The busiest events of the period only: free text, there can be hundreds.
            ordered = sorted(current, key=lambda k: (-current[k]["counts"][0], k))[:MAX_EVENTS]
        elif dim.key == "program":
            keys = set(current) | set(before)
            ordered = sorted(keys - {"null"}, key=lambda k: str((current.get(k) or before[k])["label"]))
            ordered += ["null"] if "null" in keys else []
        else:
            ordered = _order(dim.key, set(current) | set(before))
        out = []
        for key in ordered:
            row = current.get(key) or {**before[key], "counts": [0] * len(FUNNEL)}
            prev_counts = before.get(key, {}).get("counts", [0] * len(FUNNEL))
            out.append(
                {
                    "key": key if isinstance(key, str | int) else "|".join(key),
                    "label": row["label"],
                    "cells": _stage_cells(row["counts"], row["params"], period),
                    "conversion_pct": pct(row["counts"][REGISTERED], row["counts"][0]),
                    "leads_change": change(row["counts"][0], prev_counts[0]),
                    "registered_change": change(row["counts"][REGISTERED], prev_counts[REGISTERED]),
                }
            )
        has_costs = dim.key == "source" and choice.kind == "month"
        if has_costs:
            _add_costs(out, period)
        dimensions.append({"key": dim.key, "title": dim.title, "rows": out, "has_costs": has_costs})
    return {
        "stages": [{"key": stage, "label": STAGE_LABELS[stage]} for stage in FUNNEL],
        "total": {
            "cells": _stage_cells(total, {}, period),
            "conversion_pct": pct(total[REGISTERED], total[0]),
            "leads_change": change(total[0], prev_total[0]),
            "registered_change": change(total[REGISTERED], prev_total[REGISTERED]),
            "enrolled_change": change(total[-1], prev_total[-1]),
        },
        "dimensions": dimensions,
    }


def _add_costs(rows: list[dict], period: Period) -> None:
    """Spend per source for the month (SourceCost), per lead and per registrant of the cohort."""
    costs = dict(
        SourceCost.objects.filter(month=period.first_day)
        .values("source")
        .annotate(total=Sum("amount"))
        .order_by()
        .values_list("source", "total")
    )
    for row in rows:
        cost = costs.get(row["key"])
        leads, registered = row["cells"][0]["n"], row["cells"][REGISTERED]["n"]
        row["cost"] = int(cost) if cost is not None else None
        row["cost_per_lead"] = int(cost / leads) if cost is not None and leads else None
        row["cost_per_registrant"] = int(cost / registered) if cost is not None and registered else None


# --- Activity (history rows in the period) -------------------------------------------------------

ACTIVITY_STATUSES = [LeadStatus.REGISTERED, LeadStatus.ENROLLED]


def _activity_groups(period: Period) -> dict[tuple, int]:
    rows = (
        LeadStatusChange.objects.filter(
            changed_at__gte=period.start,
            changed_at__lt=period.end,
            to_status__in=ACTIVITY_STATUSES,
        )
        .annotate(
            channel=Subquery(
                Inquiry.objects.filter(lead=OuterRef("lead"))
                .order_by("received_at", "id")
                .values("channel")[:1]
            )
        )
        .values("channel", "to_status")
        .annotate(n=Count("lead", distinct=True))
        .order_by()
    )
    return {(row["channel"] or NO_INQUIRY, row["to_status"]): row["n"] for row in rows}


def activity(choice: Choice) -> dict:
    period = choice.period
    current, before = _activity_groups(period), _activity_groups(choice.previous)
    channels = [key for key in [*Channel.values, NO_INQUIRY] if any(key == c for c, _ in current | before)]
    rows = []
    for channel in channels:
        cells = []
        for status in ACTIVITY_STATUSES:
            cells.append(
                {
                    "n": current.get((channel, status), 0),
                    "change": change(current.get((channel, status), 0), before.get((channel, status), 0)),
                    "url": drilldown.leads(**drilldown.moved_in(period, status), first_channel=channel),
                }
            )
        label = NO_INQUIRY_LABEL if channel == NO_INQUIRY else CHANNEL_LABELS[channel]
        rows.append({"label": label, "cells": cells})
    totals = []
    for status in ACTIVITY_STATUSES:
        n = sum(v for (_, s), v in current.items() if s == status)
        b = sum(v for (_, s), v in before.items() if s == status)
        totals.append(
            {"n": n, "change": change(n, b), "url": drilldown.leads(**drilldown.moved_in(period, status))}
        )
    return {"statuses": [STAGE_LABELS[s] for s in ACTIVITY_STATUSES], "rows": rows, "totals": totals}
