"""Reads of the inbox: querysets with their joins built in, and per-object access helpers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Substr
from django.shortcuts import get_object_or_404
from django.utils import timezone

from core.models import ResponseTemplate, TemplateKind
from core.paging import capped_counts, count_label
from inquiries.models import (
    FINISHED_STATUSES,
    Direction,
    Escalation,
    EscalationStatus,
    EscalationStep,
    InboxActivity,
    Inquiry,
    InquiryStatus,
    Message,
)
from leads.models import Interaction

SLA_STATES = ("breached", "due_soon", "ok")


@dataclass(frozen=True)
class InboxFilters:
    mine: bool = False
    unassigned: bool = False
    channel: str = ""
    level: str = ""
    category: str = ""
    uncategorised: bool = False  # no category yet (the reports' care-center recap links here)
    sla: str = ""
    status: str = ""  # "" = every active status; "all"; or one InquiryStatus value
    assignee: str = ""  # a user id (the supervisor's per-agent view)
    age: str = ""  # one of AGE_BUCKETS: how long ago the ticket was received
    # Received on or after / before the end of these office-zone days (the reports' drill-down).
    received_after: datetime | None = None
    received_before: datetime | None = None
    # "" | "on_time" | "late" (late: answered after the due time, or still unanswered once it passed)
    first_response: str = ""
    # Conversations this staff member replied to, within these office-zone days (the team figures).
    answered_by: int | None = None
    answered_after: datetime | None = None
    answered_before: datetime | None = None


# Ticket age buckets of the supervisor's filter (ITB care center 9): received at least the first and
# less than the second number of hours ago (None: no bound).
AGE_BUCKETS = {"lt1d": (None, 24), "1to3d": (24, 72), "gt3d": (72, None), "gt7d": (168, None)}


def inbox_queryset(
    user: User, filters: InboxFilters, *, now: datetime | None = None, due_soon_until: datetime | None = None
) -> QuerySet[Inquiry]:
    """The inbox list: most urgent clock first, breaches flagged, with what each row displays.

    `due_soon_until` (core.calendar.due_soon_until) is read here when the SLA filter needs it."""
    return with_row_details(inbox_filtered(user, filters, now=now, due_soon_until=due_soon_until))


def with_row_details(qs: QuerySet[Inquiry]) -> QuerySet[Inquiry]:
    """What each inbox row displays: its joins and three per-row subqueries."""
    return qs.select_related("assignee", "category", "lead").annotate(
        has_unit_answer=Exists(
            Escalation.objects.filter(inquiry=OuterRef("pk"), status=EscalationStatus.ANSWERED)
        ),
        has_pending_approval=Exists(
            Message.objects.filter(inquiry=OuterRef("pk"), needs_approval=True, approved_by__isnull=True)
        ),
        # The phone card shows what the prospect said last (auto-replies would hide it); a correlated
        # subquery per listed row, not a query per row.
        last_text=Subquery(
            Message.objects.filter(inquiry=OuterRef("pk"), direction="inbound")
            .order_by("-sent_at", "-pk")
            .values_list(Substr("text", 1, 160))[:1]
        ),
    )


def inbox_page_rows(page_slice: QuerySet[Inquiry]) -> QuerySet[Inquiry]:
    """The rows of one inbox page with their details, the subqueries run for those 50 rows only (an
    OFFSET page computed them for every skipped row too: 2,000 rows on page 40)."""
    ordering = page_slice.query.order_by
    return with_row_details(Inquiry.objects.filter(pk__in=page_slice.values("pk"))).order_by(*ordering)


def inbox_filtered(
    user: User, filters: InboxFilters, *, now: datetime | None = None, due_soon_until: datetime | None = None
) -> QuerySet[Inquiry]:
    """The inbox's matches in its order, without the row details (for counting and paging)."""
    now = now or timezone.now()
    qs = Inquiry.objects.all()
    if filters.status == "all":
        pass
    elif filters.status in InquiryStatus.values:
        qs = qs.filter(status=filters.status)
    elif filters.sla not in SLA_STATES:
        qs = qs.active()  # the SLA filters below already keep to active inquiries (one IN, one estimate)
    if filters.mine:
        qs = qs.assigned_to(user)
    elif filters.unassigned:
        qs = qs.unassigned()
    if filters.channel:
        qs = qs.filter(channel=filters.channel)
    if filters.level:
        qs = qs.filter(level=filters.level) if filters.level != "none" else qs.filter(level__isnull=True)
    if filters.category:
        qs = qs.filter(category_id=filters.category)
    elif filters.uncategorised:
        qs = qs.filter(category__isnull=True)
    if filters.assignee:
        qs = qs.filter(assignee_id=int(filters.assignee))
    if filters.age in AGE_BUCKETS:
        min_hours, max_hours = AGE_BUCKETS[filters.age]
        if min_hours is not None:
            qs = qs.filter(received_at__lte=now - timedelta(hours=min_hours))
        if max_hours is not None:
            qs = qs.filter(received_at__gt=now - timedelta(hours=max_hours))
    if filters.received_after:
        qs = qs.filter(received_at__gte=filters.received_after)
    if filters.received_before:
        qs = qs.filter(received_at__lt=filters.received_before)
    if filters.answered_by:
        replies = Message.objects.filter(
            inquiry=OuterRef("pk"), direction=Direction.OUTBOUND, sent_by_id=filters.answered_by
        )
        if filters.answered_after:
            replies = replies.filter(sent_at__gte=filters.answered_after)
        if filters.answered_before:
            replies = replies.filter(sent_at__lt=filters.answered_before)
        qs = qs.filter(Exists(replies))
    if filters.first_response == "on_time":
        qs = qs.first_response_on_time()
    elif filters.first_response == "late":
        qs = qs.first_response_late(now)
    if filters.sla == "breached":
        qs = qs.breached(now)
    elif filters.sla == "due_soon":
        qs = qs.due_soon(now, until=due_soon_until)
    elif filters.sla == "ok":
        qs = qs.within_sla(now, until=due_soon_until)
    if filters.status in FINISHED_STATUSES or filters.status == "all":
        return qs.order_by("-received_at", "-pk")
    return qs.order_by("sla_due_at", "pk")


# The counters above the inbox count up to this many, then show "1.000+": at a million inquiries the
# active 5% are 50,000 rows, and counting them all took longer than the rest of the page.
COUNTER_CAP = 1000
# The inbox's "matching the filter" count, and so its pages, stop here (40 pages of 50).
LIST_COUNT_CAP = 2000


def inbox_counts(user: User, *, now: datetime | None = None) -> dict[str, str]:
    """Counters above the inbox ("1.234", or "1.000+" past COUNTER_CAP), in one query."""
    now = now or timezone.now()
    active = Inquiry.objects.active()
    counts = capped_counts(
        {
            "total": active,
            "mine": active.filter(assignee=user),
            "unassigned": active.filter(assignee__isnull=True),
            "breached": active.filter(sla_due_at__lt=now),
            "crisis": active.filter(is_crisis=True),
        },
        COUNTER_CAP,
    )
    return {name: count_label(*value) for name, value in counts.items()}


def last_inbox_activity() -> InboxActivity | None:
    return InboxActivity.objects.select_related("user").order_by("-worked_at").first()


def get_inquiry_for(user: User, pk: int) -> Inquiry:
    """The inquiry for a conversation page; 403 without inbox rights, 404 when missing."""
    if not user.has_perm("inquiries.view_inquiry"):
        raise PermissionDenied
    return get_object_or_404(
        Inquiry.objects.select_related(
            "lead__program",
            "lead__institution",
            "lead__owner",
            "category",
            "suggested_category",
            "assignee",
            "survey_message__outbound",
        ),
        pk=pk,
    )


def conversation(inquiry: Inquiry) -> QuerySet[Message]:
    return (
        inquiry.messages.select_related("outbound", "sent_by", "approved_by")
        .prefetch_related("attachments")
        .order_by("sent_at", "pk")
    )


def lead_history(inquiry: Inquiry, *, limit: int = 10) -> tuple[list[Inquiry], list[Interaction]]:
    """Other inquiries and the latest interactions of the same lead (the profile beside the chat)."""
    if not inquiry.lead_id or inquiry.lead is None:
        return [], []
    others = list(
        Inquiry.objects.filter(lead_id=inquiry.lead_id)
        .exclude(pk=inquiry.pk)
        .select_related("category")
        .order_by("-received_at")[:limit]
    )
    interactions = list(
        inquiry.lead.interactions.select_related("created_by").order_by("-occurred_at")[:limit]
    )
    return others, interactions


def escalations_of(inquiry: Inquiry) -> QuerySet[Escalation]:
    return inquiry.escalations.select_related("unit", "answered_by", "created_by").prefetch_related(
        Prefetch("steps", queryset=EscalationStep.objects.select_related("actor"))
    )


def reply_templates() -> QuerySet[ResponseTemplate]:
    return (
        ResponseTemplate.objects.approved()
        .filter(kind__in=[TemplateKind.FAQ, TemplateKind.REDIRECT])
        .order_by("kind", "name")
    )


def unit_queue(user: User) -> QuerySet[Escalation]:
    """Escalations addressed to the user's units only (Unmul: a unit sees its own questions), with
    the asker, the inquiry number and channel every row shows."""
    return (
        Escalation.objects.filter(unit__in=user.units.all())
        .select_related("unit", "inquiry", "inquiry__category", "inquiry__lead")
        .order_by("status", "due_at")
    )


def escalations_awaiting(user: User) -> QuerySet[Escalation]:
    """Pending escalations whose current office is the user's (the navigation badge)."""

    from inquiries.models import ChainMember

    pending = Escalation.objects.filter(
        status__in=[EscalationStatus.OPEN, EscalationStatus.FORWARDED, EscalationStatus.VALIDATING]
    )
    chained = Exists(ChainMember.objects.filter(unit=OuterRef("unit")))
    mine = Exists(ChainMember.objects.filter(unit=OuterRef("unit"), user=user, role=OuterRef("current_role")))
    return pending.filter(Q(mine) | Q(~chained, unit__in=user.units.all()))


def get_escalation_for(user: User, pk: int) -> Escalation:
    """Unit members see their unit's escalations; inbox staff see all; anyone else gets 404/403."""
    escalation = get_object_or_404(
        Escalation.objects.select_related("unit", "inquiry__lead", "inquiry__category"), pk=pk
    )
    if user.has_perm("inquiries.view_inquiry"):
        return escalation
    if not user.has_perm("inquiries.view_escalation"):
        raise PermissionDenied
    if not user.units.filter(pk=escalation.unit_id).exists():
        raise PermissionDenied  # another unit's question: 403, never its content
    return escalation


def may_see_chain_summary(user: User) -> bool:
    """Wakil Dekan and Dekan of any unit, and the Kadiv and Supervisor who oversee the inbox."""
    from core import roles
    from inquiries.models import ChainMember, ChainRole

    if user.groups.filter(name__in=[roles.KADIV, roles.SUPERVISOR]).exists():
        return True
    return ChainMember.objects.filter(user=user, role__in=[ChainRole.WAKIL_DEKAN, ChainRole.DEKAN]).exists()


def chain_summary(first_day: date, *, now: datetime | None = None) -> list[dict]:
    """Per unit for the month: escalations, median working minutes per chain role's step, overdue steps.

    A step runs from its hand-off (created or forwarded) to the next archived action; a step still
    running counts as overdue once its due time has passed. Two queries: escalations, their steps.
    """
    import statistics
    from datetime import datetime, time

    from core import workhours
    from core.calendar import get_calendar
    from inquiries.models import ChainRole

    calendar = get_calendar()
    now = now or timezone.now()
    start = datetime.combine(first_day, time(0), calendar.tz)
    end = datetime.combine(
        first_day.replace(year=first_day.year + first_day.month // 12, month=first_day.month % 12 + 1),
        time(0),
        calendar.tz,
    )
    escalations = (
        Escalation.objects.filter(created_at__gte=start, created_at__lt=end)
        .select_related("unit")
        .prefetch_related(Prefetch("steps", queryset=EscalationStep.objects.order_by("created_at", "id")))
        .order_by("unit__name", "pk")
    )
    units: dict[int, dict] = {}
    for escalation in escalations:
        row = units.setdefault(
            escalation.unit_id,
            {
                "unit": escalation.unit,
                "count": 0,
                "overdue": 0,
                "durations": {r.value: [] for r in ChainRole},
            },
        )
        row["count"] += 1
        steps = list(escalation.steps.all())
        for index, step in enumerate(steps):
            if step.action not in (EscalationStep.Action.CREATED, EscalationStep.Action.FORWARDED):
                continue
            finished = steps[index + 1].created_at if index + 1 < len(steps) else None
            if finished is not None and step.chain_role in row["durations"]:
                row["durations"][step.chain_role].append(
                    workhours.working_minutes_between(calendar, step.created_at, finished)
                )
            if step.due_at is not None and (finished or now) > step.due_at:
                row["overdue"] += 1
    result = []
    for row in units.values():
        row["medians"] = [
            (ChainRole(role).label, round(statistics.median(values)) if values else None)
            for role, values in row.pop("durations").items()
        ]
        result.append(row)
    return result
