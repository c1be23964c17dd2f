"""Figures of the Kadiv/Supervisor dashboard `/reports/` (selectors returning plain data).

Every block is one grouped SQL query (the funnel: one per period), rolled up in Python over the
grouped rows only, never over leads or inquiries. Every count carries the URL of the lead list or
inbox that holds exactly its rows (see `reports.drilldown`).

Definitions stated on the page:
- cohort: leads entered (created) in the period, and the furthest funnel stage each ever reached
  (current status or any history row); erased leads are left out (the lists do not show them);
- activity: moves to registered / enrolled recorded in the status history inside the period, whatever
  the lead's entry date;
- SLA: inquiries received in the period; on time = first response at or before its due time (2
  working hours), late = after it or still unanswered once it has passed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.contrib.auth import get_user_model
from django.db.models import (
    Avg,
    Case,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest, TruncDate, TruncWeek
from django.utils.translation import gettext_lazy as _

from core.workhours import WorkingCalendar
from inquiries.models import FINISHED_STATUSES, Channel, Inquiry, Level, Message, SurveyResponse
from leads.filters import FUNNEL, NO_INQUIRY
from leads.models import FollowUp, Interaction, Lead, LeadSource, LeadStatus, LeadStatusChange, Track
from reports import drilldown
from reports.models import SourceCost
from reports.periods import Period
from reports.ranges import Choice
from reports.workclock import percentile, working_minutes

NO_INQUIRY_LABEL = _("langsung / tanpa pertanyaan")
NO_PROGRAM_LABEL = _("(belum memilih)")
UNTRIAGED = "none"
MAX_EVENTS = 15
CHANNEL_LABELS = dict(Channel.choices)
SOURCE_LABELS = dict(LeadSource.choices)
TRACK_LABELS = dict(Track.choices)
STAGE_LABELS = dict(LeadStatus.choices)


def pct(part: int, whole: int) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None


def change(now: int, before: int) -> dict:
    """Change against the previous period: absolute and, when it means something, relative."""
    return {
        "before": before,
        "diff": now - before,
        "pct": round(100.0 * (now - before) / before, 1) if before else None,
    }


# --- The funnel (cohort) -------------------------------------------------------------------------


def _rank(field: str) -> Case:
    return Case(
        *[When(**{field: stage}, then=Value(index)) for index, stage in enumerate(FUNNEL)],
        default=Value(0),
        output_field=IntegerField(),
    )


def reached_rank() -> Greatest:
    """Index in FUNNEL of the furthest stage the lead is at or was ever moved to."""
    history = Subquery(
        LeadStatusChange.objects.filter(lead=OuterRef("pk"))
        .annotate(rank=_rank("to_status"))
        .order_by("-rank")
        .values("rank")[:1]
    )
    return Greatest(_rank("status"), Coalesce(history, Value(0)), output_field=IntegerField())


def cohort(period: Period):
    return Lead.objects.filter(is_erased=False, created_at__gte=period.start, created_at__lt=period.end)


def first_inquiry_channel() -> Subquery:
    """Same value as `leads.filters.first_channel` (the lead list's filter), read straight from the
    inquiries table: one index lookup per lead instead of a join back to the lead."""
    return Subquery(
        Inquiry.objects.filter(lead=OuterRef("pk")).order_by("received_at", "id").values("channel")[:1]
    )


def _funnel_groups(period: Period) -> list[tuple]:
    """One grouped query: lead counts per (first channel, source, event, programme, track, stage)."""
    return list(
        cohort(period)
        .annotate(channel=first_inquiry_channel(), rank=reached_rank())
        .values_list("channel", "source", "source_detail", "program_id", "program__name", "track", "rank")
        .annotate(n=Count("id"))
        .order_by()
    )


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

    The grouped rows are counted per furthest stage first and made cumulative once per row at the
    end: thousands of groups, a handful of rows."""
    stages = len(FUNNEL)
    total = [0] * stages
    at_stage: dict[tuple, list[int]] = {}
    program_names = {}
    for channel, source, detail, program, program_name, track, rank, n in groups:
        total[rank] += n
        program_names[program] = program_name
        keys = [
            ("channel", channel or NO_INQUIRY),
            ("source", source),
            ("program", program or "null"),
            ("track", track),
        ]
        if detail:
            keys.append(("event", (source, detail)))
        for key in keys:
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
            lead__is_erased=False,
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
    leads = (
        cohort(period)
        .annotate(bucket=_trunc("created_at", choice))
        .values("bucket", "source")
        .annotate(n=Count("id"))
        .order_by()
    )
    lead_counts = {(_bucket_start(r["bucket"], choice), r["source"]): r["n"] for r in leads}
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
                lead__is_erased=False,
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


# --- SLA and the care-center recap -----------------------------------------------------------------


def _late(now: datetime) -> Q:
    return Q(first_response_at__gt=F("first_response_due")) | Q(
        first_response_at__isnull=True, first_response_due__lt=now
    )


ON_TIME = Q(first_response_at__isnull=False, first_response_at__lte=F("first_response_due"))


def received(period: Period):
    return Inquiry.objects.filter(received_at__gte=period.start, received_at__lt=period.end)


def sla(choice: Choice, *, now: datetime, calendar: WorkingCalendar) -> dict:
    period = choice.period
    inquiries = received(period)
    to_resolve = ExpressionWrapper(F("resolved_at") - F("received_at"), output_field=DurationField())
    totals = inquiries.annotate(to_resolve=to_resolve).aggregate(
        total=Count("id"),
        responded=Count("id", filter=Q(first_response_at__isnull=False)),
        on_time=Count("id", filter=ON_TIME),
        late=Count("id", filter=_late(now)),
        resolved=Count("id", filter=Q(resolved_at__isnull=False)),
        resolved_24h=Count("id", filter=Q(resolved_at__isnull=False, to_resolve__lte=timedelta(hours=24))),
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
            "url": drilldown.inbox(**base, category=row["category"]) if row["category"] else None,
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


# --- Team activity ---------------------------------------------------------------------------------


def team(choice: Choice, *, now: datetime) -> list[dict]:
    period = choice.period
    within = {"gte": period.start, "lt": period.end}
    interactions = dict(
        Interaction.objects.filter(
            occurred_at__gte=within["gte"], occurred_at__lt=within["lt"], created_by__isnull=False
        )
        .values("created_by")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("created_by", "n")
    )
    answered = dict(
        Message.objects.filter(
            direction="outbound", sent_by__isnull=False, sent_at__gte=within["gte"], sent_at__lt=within["lt"]
        )
        .values("sent_by")
        .annotate(n=Count("inquiry", distinct=True))
        .order_by()
        .values_list("sent_by", "n")
    )
    follow_ups = {
        row["owner"]: row
        for row in FollowUp.objects.filter(
            due_at__gte=within["gte"], due_at__lt=within["lt"], owner__isnull=False
        )
        .values("owner")
        .annotate(
            due=Count("id"),
            done=Count("id", filter=Q(completed_at__isnull=False)),
            overdue=Count(
                "id", filter=Q(completed_at__isnull=True, cancelled_at__isnull=True, due_at__lt=now)
            ),
        )
        .order_by()
    }
    ids = set(interactions) | set(answered) | set(follow_ups)
    users = get_user_model().objects.filter(pk__in=ids).only("first_name", "last_name", "username")
    rows = []
    for user in users:
        fu = follow_ups.get(user.pk, {})
        rows.append(
            {
                "name": user.get_full_name() or user.username,
                "interactions": interactions.get(user.pk, 0),
                "answered": answered.get(user.pk, 0),
                "answered_url": drilldown.inbox(
                    status="all",
                    answered_by=user.pk,
                    answered_after=period.first_day.isoformat(),
                    answered_before=period.last_day.isoformat(),
                ),
                "follow_ups_due": fu.get("due", 0),
                "follow_ups_done": fu.get("done", 0),
                "follow_ups_overdue": fu.get("overdue", 0),
            }
        )
    return sorted(rows, key=lambda row: (-row["interactions"] - row["answered"], row["name"]))


# --- The whole page --------------------------------------------------------------------------------


def dashboard(choice: Choice, *, now: datetime, calendar: WorkingCalendar, daily_only: bool = False) -> dict:
    """Every block of the page; Admin Media Sosial (`daily_only`) gets the daily blocks, no funnel."""
    data = {
        "trends": trends(choice, daily_only=daily_only),
        "sla": sla(choice, now=now, calendar=calendar),
        "care": care_center(choice),
        "team": team(choice, now=now),
    }
    if not daily_only:
        data["funnel"] = funnel(choice)
        data["activity"] = activity(choice)
    return data


def chart_data(data: dict) -> dict:
    """The numbers the browser draws (json_script); the same numbers are in the page's tables."""

    def series(block: dict) -> dict:
        return {
            "labels": [b["first"].isoformat() for b in block["buckets"]],
            "series": [
                {"label": str(s["label"]), "data": [c["n"] for c in s["cells"]]} for s in block["series"]
            ],
        }

    out = {key: series(block) for key, block in data["trends"].items()}
    if "funnel" in data:
        out["funnel"] = {
            "labels": [str(stage["label"]) for stage in data["funnel"]["stages"]],
            "data": [cell["n"] for cell in data["funnel"]["total"]["cells"]],
        }
    out["breaches"] = {
        "labels": [str(row["label"]) for row in data["sla"]["breaches"]],
        "data": [row["total"] for row in data["sla"]["breaches"]],
    }
    return out
