"""Daily roll-up of the cohort funnel: what makes the dashboard and the reports fast at 1,000,000 leads.

The cohort figures (leads that entered in a period, per channel of first contact, source, event,
programme and track, and the furthest funnel stage each ever reached) need, per lead, its first
inquiry and its furthest status: two subqueries per lead, which at 80,000 leads a month cost most of
a second. `CohortDay` keeps those counts per entry day (office zone); a period reads a few thousand
summed rows instead.

Correct when late data arrives: anything that can change a lead's row (a new lead, an edit of its
source / event / programme / track / status, a status history row, an inquiry linked to it, a merge,
an erasure, a programme deleted) writes a `RollupMark` for the lead's entry day *in the same
transaction* — through model signals (`connect`, from the AppConfig) or, for bulk writes that send
none, `core.changes.leads_changed`. Every read first recounts the marked days of the period it reads
(`refresh`), and a beat job recounts whatever is marked, so a status move of a lead entered a year
ago is in the next figure shown. `manage.py rebuild_report_rollups` recounts everything (after a bulk
load that bypassed the services, e.g. the benchmark seed).

The recount itself is the live aggregation (`live_groups`); the tests prove the roll-up equals it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Case, Count, IntegerField, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce, Greatest, TruncDate
from django.db.models.signals import post_delete, post_init, post_save, pre_delete

from core import changes
from inquiries.models import Inquiry
from leads.filters import FUNNEL
from leads.models import Lead, LeadStatusChange, StudyProgram
from reports.models import CohortDay, RollupMark

# A lead's columns that place it in a roll-up row.
LEAD_FIELDS = ("created_at", "source", "source_detail", "program_id", "track", "status")
INQUIRY_FIELDS = ("lead_id", "received_at", "channel")
_ADVISORY_KEY = 72_010_011  # pg_advisory_xact_lock: one recount at a time (any number of readers)


def office_tz() -> ZoneInfo:
    return ZoneInfo(str(settings.OFFICE_TIME_ZONE))


def local_day(moment: datetime) -> date:
    return moment.astimezone(office_tz()).date()


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, office_tz())


# --- The live aggregation (the source of truth) ----------------------------------------------------


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


def first_inquiry_channel() -> Subquery:
    """Same value as `leads.filters.first_channel` (the lead list's filter), read straight from the
    inquiries table: one index lookup per lead instead of a join back to the lead."""
    return Subquery(
        Inquiry.objects.filter(lead=OuterRef("pk")).order_by("received_at", "id").values("channel")[:1]
    )


def first_inquiry_channel_of(lead_field: str) -> Subquery:
    """The same, for rows that point at a lead (`lead_field`, e.g. a status history row's "lead")."""
    return Subquery(
        Inquiry.objects.filter(lead=OuterRef(lead_field)).order_by("received_at", "id").values("channel")[:1]
    )


def _days_q(days: Iterable[date]) -> Q:
    """created_at inside any of `days` (office zone), consecutive days joined into one range."""
    ordered = sorted(set(days))
    condition = Q(pk__in=[])
    start = None
    for index, day in enumerate(ordered):
        start = start or day
        if index + 1 == len(ordered) or ordered[index + 1] != day + timedelta(days=1):
            condition |= Q(
                created_at__gte=_day_start(start), created_at__lt=_day_start(day + timedelta(days=1))
            )
            start = None
    return condition


def live_groups(days: Iterable[date]) -> list[tuple]:
    """(day, channel, source, event, programme id, track, rank, leads) of the leads entered on `days`,
    counted live from the leads, their inquiries and their status history. Erased leads count (UU PDP
    erases the person, not the fact that a lead came in and how far it got)."""
    return list(
        Lead.objects.filter(_days_q(days))
        .annotate(
            day=TruncDate("created_at", tzinfo=office_tz()),
            channel=first_inquiry_channel(),
            rank=reached_rank(),
        )
        .values_list("day", "channel", "source", "source_detail", "program_id", "track", "rank")
        .annotate(n=Count("id"))
        .order_by()
    )


# --- Recount ---------------------------------------------------------------------------------------


def _serialise() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_ADVISORY_KEY])


def _recount(days: Sequence[date], mark_ids: Sequence[int] = ()) -> int:
    """Replace the roll-up rows of `days` by the live counts; delete the marks seen before counting."""
    if not days:
        return 0
    with transaction.atomic():
        _serialise()
        rows = [
            CohortDay(
                day=day,
                channel=channel or "",
                source=source,
                source_detail=detail,
                program_id=program,
                track=track,
                rank=rank,
                leads=n,
            )
            for day, channel, source, detail, program, track, rank, n in live_groups(days)
        ]
        CohortDay.objects.filter(day__in=list(days)).delete()
        CohortDay.objects.bulk_create(rows, batch_size=5000)
        if mark_ids:
            RollupMark.objects.filter(pk__in=list(mark_ids)).delete()
    return len(rows)


def refresh(first: date | None = None, last: date | None = None) -> int:
    """Recount the marked days between `first` and `last` (every marked day when not given): one
    query when nothing is marked. Returns the number of days recounted."""
    marks = RollupMark.objects.all()
    if first is not None:
        marks = marks.filter(day__gte=first)
    if last is not None:
        marks = marks.filter(day__lte=last)
    seen = list(marks.values_list("pk", "day"))
    if not seen:
        return 0
    days = sorted({day for _pk, day in seen})
    for start in range(0, len(days), 31):
        chunk = set(days[start : start + 31])
        _recount(sorted(chunk), [pk for pk, day in seen if day in chunk])
    return len(days)


def rebuild(*, first: date | None = None, last: date | None = None, stdout=None) -> dict[str, int]:
    """Recount every entry day from `first` to `last` (default: every lead), a month at a time."""
    everything = first is None and last is None
    dates = Lead.objects.order_by("created_at").values_list("created_at", flat=True)
    oldest, newest = dates.first(), dates.reverse().first()
    if oldest is None or newest is None:
        with transaction.atomic():
            _serialise()
            CohortDay.objects.all().delete()
            RollupMark.objects.all().delete()
        return {"days": 0, "rows": 0}
    first = first or local_day(oldest)
    last = last or local_day(newest)
    seen = list(RollupMark.objects.filter(day__gte=first, day__lte=last).values_list("pk", flat=True))
    days_done = rows = 0
    day = first
    while day <= last:
        chunk_end = min(last, day + timedelta(days=30))
        days = [day + timedelta(days=i) for i in range((chunk_end - day).days + 1)]
        rows += _recount(days)
        days_done += len(days)
        if stdout is not None:
            stdout.write(f"  {day.isoformat()} .. {chunk_end.isoformat()}: {rows} rows so far\n")
            stdout.flush()
        day = chunk_end + timedelta(days=1)
    if everything:
        CohortDay.objects.exclude(day__gte=first, day__lte=last).delete()
        RollupMark.objects.exclude(day__gte=first, day__lte=last).delete()
    RollupMark.objects.filter(pk__in=seen).delete()
    return {"days": days_done, "rows": rows}


# --- Reading ---------------------------------------------------------------------------------------


def _rows(first: date, last: date, *, fresh: bool = False):
    if not fresh:
        refresh(first, last)
    return CohortDay.objects.filter(day__gte=first, day__lte=last)


def funnel_groups(first: date, last: date) -> list[tuple]:
    """(channel, source, event, programme id, programme name, track, rank, leads) summed over the
    days; channel is None for leads that never wrote an inquiry (as in the live query)."""
    return [
        (channel or None, source, detail, program, name, track, rank, int(n))
        for channel, source, detail, program, name, track, rank, n in _rows(first, last)
        .values_list("channel", "source", "source_detail", "program_id", "program__name", "track", "rank")
        .annotate(n=Sum("leads"))
        .order_by()
    ]


_DIMENSION_SQL = """
SELECT 'channel', c.channel, '', c.rank, SUM(c.leads) FROM {t} c WHERE {w} GROUP BY c.channel, c.rank
UNION ALL
SELECT 'source', c.source, '', c.rank, SUM(c.leads) FROM {t} c WHERE {w} GROUP BY c.source, c.rank
UNION ALL
SELECT 'event', c.source, c.source_detail, c.rank, SUM(c.leads) FROM {t} c WHERE {w} AND c.source_detail <> ''
    GROUP BY c.source, c.source_detail, c.rank
UNION ALL
SELECT 'program', CAST(c.program_id AS TEXT), COALESCE(p.name, ''), c.rank, SUM(c.leads)
    FROM {t} c LEFT OUTER JOIN {p} p ON p.id = c.program_id WHERE {w} GROUP BY c.program_id, p.name, c.rank
UNION ALL
SELECT 'track', c.track, '', c.rank, SUM(c.leads) FROM {t} c WHERE {w} GROUP BY c.track, c.rank
"""


# PostgreSQL: the same five groupings in one pass over the rows. GROUPING() says which set a row
# belongs to (a bit per column, 1 = not grouped, first column most significant).
_GROUPING_SETS_SQL = """
SELECT GROUPING(c.channel, c.source, c.source_detail, c.program_id, c.track), c.channel, c.source,
       c.source_detail, CAST(c.program_id AS TEXT), MAX(p.name), c.track, c.rank, SUM(c.leads)
FROM {t} c LEFT OUTER JOIN {p} p ON p.id = c.program_id
WHERE c.day >= %s AND c.day <= %s
GROUP BY GROUPING SETS ((c.channel, c.rank), (c.source, c.rank), (c.source, c.source_detail, c.rank),
                        (c.program_id, c.rank), (c.track, c.rank))
"""
_SETS = {0b01111: "channel", 0b10111: "source", 0b10011: "event", 0b11101: "program", 0b11110: "track"}


def _grouping_sets(first: date, last: date) -> list[tuple[str, str | None, str, int, int]]:
    sql = _GROUPING_SETS_SQL.format(t=CohortDay._meta.db_table, p=StudyProgram._meta.db_table)
    out: list[tuple[str, str | None, str, int, int]] = []
    with connection.cursor() as cursor:
        cursor.execute(sql, [first, last])
        for bits, channel, source, detail, program, name, track, rank, n in cursor.fetchall():
            dim = _SETS[bits]
            if dim == "channel":
                out.append((dim, channel, "", int(rank), int(n)))
            elif dim == "source":
                out.append((dim, source, "", int(rank), int(n)))
            elif dim == "event":
                if detail:
                    out.append((dim, source, detail, int(rank), int(n)))
            elif dim == "program":
                out.append((dim, program, name or "", int(rank), int(n)))
            else:
                out.append((dim, track, "", int(rank), int(n)))
    return out


def funnel_dimensions(first: date, last: date) -> list[tuple[str, str | None, str, int, int]]:
    """(dimension, key, second key, rank, leads) per dimension of the funnel, grouped in SQL (one
    statement): channel ("" = never wrote an inquiry), source, event (source + source detail),
    programme (id as text, its name as second key; NULL = none chosen) and track."""
    refresh(first, last)
    if connection.vendor == "postgresql":
        return _grouping_sets(first, last)
    sql = _DIMENSION_SQL.format(
        t=CohortDay._meta.db_table, p=StudyProgram._meta.db_table, w="c.day >= %s AND c.day <= %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [first.isoformat(), last.isoformat()] * 5)
        return [(dim, k1, k2, int(rank), int(n)) for dim, k1, k2, rank, n in cursor.fetchall()]


def grouped(
    first: date, last: date, *fields: str, condition: Q | None = None, fresh: bool = False
) -> list[dict[str, Any]]:
    """Lead counts `n` per `fields` (of day, channel, source, source_detail, program, track, rank),
    optionally of the rows matching `condition`; channel is None for "never wrote an inquiry".
    `fresh`: the caller has just refreshed these days (no second check for marks)."""
    rows = _rows(first, last, fresh=fresh)
    if condition is not None:
        rows = rows.filter(condition)
    return [
        {**row, "channel": row["channel"] or None} if "channel" in row else row
        for row in rows.values(*fields).annotate(n=Sum("leads")).order_by()
    ]


# --- Keeping it current ----------------------------------------------------------------------------


def mark_days(days: Iterable[date | None]) -> None:
    wanted = sorted({day for day in days if day is not None})
    if wanted:
        RollupMark.objects.bulk_create([RollupMark(day=day) for day in wanted])


def mark_leads(lead_ids: Iterable[int]) -> list[date]:
    ids = list(lead_ids)
    days = sorted(
        {local_day(moment) for moment in Lead.objects.filter(pk__in=ids).values_list("created_at", flat=True)}
    )
    mark_days(days)
    return days


@changes.register
def on_leads_changed(lead_ids: list[int], recount: bool) -> None:
    days = mark_leads(lead_ids)
    if recount:
        refresh(days[0], days[-1]) if days else None


def _snapshot(instance, fields: Sequence[str]) -> tuple | None:
    values = instance.__dict__
    if any(name not in values for name in fields):  # deferred: unknown, treat as changed
        return None
    return tuple(values[name] for name in fields)


def _lead_init(sender, instance: Lead, **kwargs) -> None:
    instance._rollup_state = _snapshot(instance, LEAD_FIELDS)


def _lead_saved(sender, instance: Lead, created: bool, update_fields=None, **kwargs) -> None:
    before = getattr(instance, "_rollup_state", None)
    after = _snapshot(instance, LEAD_FIELDS)
    instance._rollup_state = after
    if not created and before is not None and before == after:
        return
    days = [local_day(instance.created_at)]
    if before is not None and before[0] is not None:
        days.append(local_day(before[0]))
    mark_days(days)


def _lead_deleted(sender, instance: Lead, **kwargs) -> None:
    if instance.created_at is not None:
        mark_days([local_day(instance.created_at)])


def _lead_day(lead_id: int | None, cached: Lead | None) -> date | None:
    if lead_id is None:
        return None
    if cached is not None and cached.pk == lead_id and "created_at" in cached.__dict__:
        return local_day(cached.created_at)
    moment = Lead.objects.filter(pk=lead_id).values_list("created_at", flat=True).first()
    return local_day(moment) if moment is not None else None


def _history_saved(sender, instance: LeadStatusChange, created: bool, **kwargs) -> None:
    if created:
        mark_days([_lead_day(instance.lead_id, instance._state.fields_cache.get("lead"))])


def _inquiry_init(sender, instance: Inquiry, **kwargs) -> None:
    instance._rollup_state = _snapshot(instance, INQUIRY_FIELDS)


def _inquiry_saved(sender, instance: Inquiry, created: bool, **kwargs) -> None:
    before = getattr(instance, "_rollup_state", None)
    after = _snapshot(instance, INQUIRY_FIELDS)
    instance._rollup_state = after
    if not created and before is not None and before == after:
        return
    cached = instance._state.fields_cache.get("lead")
    days = [_lead_day(instance.lead_id, cached)]
    if before is not None and before[0] != instance.lead_id:
        days.append(_lead_day(before[0], None))
    mark_days(days)


def _program_deleted(sender, instance: StudyProgram, **kwargs) -> None:
    # The leads' programme becomes NULL through an UPDATE that sends no signal.
    mark_days(
        Lead.objects.filter(program=instance)
        .annotate(day=TruncDate("created_at", tzinfo=office_tz()))
        .values_list("day", flat=True)
        .distinct()
        .order_by()
    )


def connect() -> None:
    """Called from ReportsConfig.ready."""
    uid = "reports.rollups"
    post_init.connect(_lead_init, sender=Lead, dispatch_uid=f"{uid}.lead_init")
    post_save.connect(_lead_saved, sender=Lead, dispatch_uid=f"{uid}.lead_saved")
    post_delete.connect(_lead_deleted, sender=Lead, dispatch_uid=f"{uid}.lead_deleted")
    post_save.connect(_history_saved, sender=LeadStatusChange, dispatch_uid=f"{uid}.history_saved")
    post_init.connect(_inquiry_init, sender=Inquiry, dispatch_uid=f"{uid}.inquiry_init")
    post_save.connect(_inquiry_saved, sender=Inquiry, dispatch_uid=f"{uid}.inquiry_saved")
    pre_delete.connect(_program_deleted, sender=StudyProgram, dispatch_uid=f"{uid}.program_deleted")
