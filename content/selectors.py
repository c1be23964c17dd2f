"""Reads of the content plan: lists, the calendar, the item's results and the monthly evaluation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db.models import Avg, Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from content.models import ContentChannel, ContentItem, ContentStatus, ContentStatusChange
from inquiries.models import Inquiry
from leads.models import Lead, LeadStatus

REGISTERED = [LeadStatus.REGISTERED, LeadStatus.ENROLLED]


def _count_of(queryset: QuerySet, field: str = "campaign_code") -> Coalesce:
    counted = queryset.filter(**{field: OuterRef("code")}).order_by().values(field).annotate(n=Count("pk"))
    return Coalesce(Subquery(counted.values("n")[:1], output_field=IntegerField()), Value(0))


def with_results(items: QuerySet) -> QuerySet:
    """Annotate leads_count, inquiries_count and registrations_count (subqueries on the indexed codes)."""
    return items.annotate(
        leads_count=_count_of(Lead.objects.all()),
        inquiries_count=_count_of(Inquiry.objects.all()),
        registrations_count=_count_of(Lead.objects.filter(status__in=REGISTERED)),
    )


def item_list(
    *, status: str = "", channel: str = "", campaign: str = "", program: int | None = None, q: str = ""
) -> QuerySet:
    items = ContentItem.objects.select_related("owner", "program")
    if status:
        items = items.filter(status=status)
    if channel:
        items = items.filter(channel=channel)
    if campaign:
        items = items.filter(campaign=campaign)
    if program:
        items = items.filter(program_id=program)
    if q:
        items = items.filter(Q(title__icontains=q) | Q(code__iexact=q.strip()))
    return with_results(items)


def item_detail(item_id: int) -> ContentItem:
    return with_results(ContentItem.objects.select_related("owner", "program", "created_by")).get(pk=item_id)


def history_of(item: ContentItem) -> list[dict]:
    """The item's moves with the minutes spent in the step each one left, against the SOP standard."""
    standards = settings.CONTENT_STEP_MINUTES
    rows = []
    for change in item.status_changes.select_related("changed_by"):
        standard = standards.get(change.from_status)
        minutes = round(change.seconds_in_step / 60)
        rows.append(
            {
                "change": change,
                "minutes": minutes if change.from_status else None,
                "standard": standard,
                "is_over": standard is not None and minutes > standard,
            }
        )
    return rows


def current_step_time(item: ContentItem, *, now: datetime | None = None) -> dict:
    now = now or timezone.now()
    minutes = round((now - item.status_changed_at).total_seconds() / 60)
    standard = settings.CONTENT_STEP_MINUTES.get(item.status) if item.is_open else None
    return {"minutes": minutes, "standard": standard, "is_over": standard is not None and minutes > standard}


def attributed_leads(item: ContentItem, *, limit: int = 20) -> list[Lead]:
    """The newest leads whose first touch (or staff pick) is this item."""
    return list(Lead.objects.filter(campaign_code=item.code).order_by("-created_at")[:limit])


def campaigns() -> list[str]:
    return list(
        ContentItem.objects.exclude(campaign="")
        .order_by("campaign")
        .values_list("campaign", flat=True)
        .distinct()
    )


# --- Calendar ---------------------------------------------------------------------------------


@dataclass
class CalendarDay:
    day: date
    items: list
    in_month: bool = True


def calendar_range(view: str, anchor: date) -> tuple[date, date]:
    """First and last day shown: the Monday-Sunday week, or whole weeks covering the month."""
    if view == "week":
        start = anchor - timedelta(days=anchor.weekday())
        return start, start + timedelta(days=6)
    first = anchor.replace(day=1)
    next_month = (first + timedelta(days=32)).replace(day=1)
    start = first - timedelta(days=first.weekday())
    last = next_month - timedelta(days=1)
    return start, last + timedelta(days=6 - last.weekday())


def calendar_days(
    view: str, anchor: date, *, channel: str = "", program: int | None = None, campaign: str = ""
) -> list[CalendarDay]:
    """Scheduled items on their planned day and posted items on the day they went out (office zone)."""
    start, end = calendar_range(view, anchor)
    zone = timezone.get_default_timezone()
    lower = datetime.combine(start, time.min, tzinfo=zone)
    upper = datetime.combine(end + timedelta(days=1), time.min, tzinfo=zone)
    items = ContentItem.objects.select_related("program").filter(
        Q(status=ContentStatus.SCHEDULED, scheduled_at__gte=lower, scheduled_at__lt=upper)
        | Q(status=ContentStatus.POSTED, posted_at__gte=lower, posted_at__lt=upper)
    )
    if channel:
        items = items.filter(channel=channel)
    if program:
        items = items.filter(program_id=program)
    if campaign:
        items = items.filter(campaign=campaign)
    by_day: dict[date, list] = {}
    for item in sorted(items, key=lambda i: i.calendar_at):
        by_day.setdefault(timezone.localtime(item.calendar_at, zone).date(), []).append(item)
    days = []
    current = start
    while current <= end:
        days.append(
            CalendarDay(current, by_day.get(current, []), view == "week" or current.month == anchor.month)
        )
        current += timedelta(days=1)
    return days


# --- Evaluation (the SOP's monthly evaluation) ----------------------------------------------------


def posts_per_channel_month(*, since: datetime) -> list[dict]:
    rows = (
        ContentItem.objects.filter(status=ContentStatus.POSTED, posted_at__gte=since)
        .annotate(month=TruncMonth("posted_at", tzinfo=timezone.get_default_timezone()))
        .values("month", "channel")
        .annotate(posts=Count("pk"))
        .order_by("month", "channel")
    )
    return [{**row, "channel_label": ContentChannel(row["channel"]).label} for row in rows]


def time_per_step(*, since: datetime) -> list[dict]:
    """Average minutes items spent in each step (moves that left it since `since`), with the standard."""
    rows = (
        ContentStatusChange.objects.filter(changed_at__gte=since)
        .exclude(from_status="")
        .values("from_status")
        .annotate(avg_seconds=Avg("seconds_in_step"), moves=Count("pk"))
        .order_by()
    )
    standards = settings.CONTENT_STEP_MINUTES
    result = []
    for row in rows:
        minutes = round((row["avg_seconds"] or 0) / 60, 1)
        standard = standards.get(row["from_status"])
        result.append(
            {
                "status": row["from_status"],
                "label": ContentStatus(row["from_status"]).label,
                "avg_minutes": minutes,
                "moves": row["moves"],
                "standard": standard,
                "ratio": (minutes / standard) if standard else None,
            }
        )
    order = ContentStatus.values
    return sorted(result, key=lambda row: order.index(row["status"]))


def bottleneck(steps: list[dict]) -> dict | None:
    """The work step furthest over its standard (the longest average when none has a standard)."""
    measured = [s for s in steps if s["ratio"]]
    if measured:
        return max(measured, key=lambda s: s["ratio"])
    timed = [s for s in steps if s["avg_minutes"]]
    return max(timed, key=lambda s: s["avg_minutes"]) if timed else None


def most_productive(*, since: datetime, limit: int = 10) -> QuerySet:
    return (
        with_results(ContentItem.objects.filter(created_at__gte=since).select_related("program"))
        .filter(Q(leads_count__gt=0) | Q(inquiries_count__gt=0))
        .order_by("-registrations_count", "-leads_count", "-inquiries_count", "code")[:limit]
    )


def campaign_results() -> list[dict]:
    """Per campaign: items, leads, inquiries, registrations, cost and cost per registrant."""
    rows = (
        with_results(ContentItem.objects.exclude(campaign=""))
        .values("campaign")
        .annotate(
            items=Count("pk"),
            leads=Sum("leads_count"),
            inquiries=Sum("inquiries_count"),
            registrations=Sum("registrations_count"),
            cost=Sum("cost"),
        )
        .order_by("campaign")
    )
    result = []
    for row in rows:
        registrations = row["registrations"] or 0
        cost = row["cost"]
        row["cost_per_registrant"] = (cost / registrations) if (cost is not None and registrations) else None
        result.append(row)
    return result
