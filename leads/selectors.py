"""Reads on leads: querysets with their joins built in, so list pages run a constant number of queries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import QueryDict
from django.utils import timezone

from core.models import ResponseTemplate, TemplateKind
from core.selectors import users_in_role
from leads.filters import LeadFilter
from leads.models import (
    Campaign,
    FollowUp,
    FollowUpKind,
    Interaction,
    Lead,
    LeadStatusChange,
    SavedSegment,
)
from outbox.models import OutboundMessage, OutboundStatus, Purpose
from outbox.selectors import DELIVERED_STATUSES


def lead_list() -> QuerySet[Lead]:
    """Leads for lists: institution, programme and owner joined (one query per page)."""
    return Lead.objects.not_erased().select_related("institution", "program", "owner")


# The list counts matches only up to this many (and shows "1.000+"): an exact COUNT(*) over 100,000
# leads is the most expensive statement of the page, and nobody pages through a thousand rows.
COUNT_CAP = 1000
# Deeper than this the OFFSET walk itself gets slow; the list asks the user to narrow the filter.
MAX_PAGE = 400


@dataclass
class LeadPage:
    """One page of the lead list without an exact COUNT(*): `count` is exact up to COUNT_CAP, and
    `has_next` comes from fetching one row more than the page shows. Two queries (none for the rows
    when nothing matches), whatever the number of leads."""

    object_list: list
    number: int
    per_page: int
    count: int
    count_capped: bool
    has_next: bool
    beyond_last_page: bool = False  # more rows exist past MAX_PAGE (the list asks to narrow the filter)

    def __iter__(self) -> Iterator[Lead]:
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)

    @property
    def num_pages(self) -> int | None:
        """Exact number of pages, or None when the count is capped (more than COUNT_CAP matches)."""
        if self.count_capped:
            return None
        return max(1, -(-self.count // self.per_page))

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    def previous_page_number(self) -> int:
        return self.number - 1

    def next_page_number(self) -> int:
        return self.number + 1

    def start_index(self) -> int:
        return (self.number - 1) * self.per_page + 1 if self.object_list else 0

    def end_index(self) -> int:
        return (self.number - 1) * self.per_page + len(self.object_list)


def _page_number(raw: str | int | None) -> int:
    try:
        number = int(raw or 1)
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), MAX_PAGE)


def _with_unique_order(queryset: QuerySet) -> QuerySet:
    """OFFSET paging needs a total order (ties on created_at or status would repeat or skip leads across
    pages): ties are broken newest first, then by id. Each resulting order has an index to walk
    (created_at; full_name; obtained_at; status + created_at in both directions, see migration 0004)."""
    ordering = [str(field) for field in (queryset.query.order_by or queryset.model._meta.ordering)]
    names = {field.lstrip("-") for field in ordering}
    if names & {"pk", "id"}:
        return queryset
    if "created_at" not in names:
        ordering.append("-created_at")
    created_ascending = "created_at" in ordering
    return queryset.order_by(*ordering, "pk" if created_ascending else "-pk")


def lead_page(queryset: QuerySet[Lead], page: str | int | None, *, per_page: int) -> LeadPage:
    """Page `page` (1-based; bad values mean 1) of `queryset` with a capped count, in two queries."""

    # The "count" reads the ids of up to COUNT_CAP + 1 matches: when they are all there, the page is
    # then taken among those ids, so PostgreSQL sorts a few hundred rows instead of walking the
    # created_at index through the whole table hoping to meet a rare match (a school's 180 leads).
    ids = list(queryset.order_by().values_list("pk", flat=True)[: COUNT_CAP + 1])
    count = len(ids)
    capped = count > COUNT_CAP
    number = _page_number(page)
    if not capped:
        # Exact count: a page past the end shows the last page, like Paginator.get_page.
        number = min(number, max(1, -(-count // per_page)))
    rows: list = []
    if count:
        offset = (number - 1) * per_page
        ordered = _with_unique_order(queryset if capped else queryset.filter(pk__in=ids))
        rows = list(ordered[offset : offset + per_page + 1])
    return LeadPage(
        object_list=rows[:per_page],
        number=number,
        per_page=per_page,
        count=min(count, COUNT_CAP),
        count_capped=capped,
        has_next=len(rows) > per_page and number < MAX_PAGE,
        beyond_last_page=len(rows) > per_page and number >= MAX_PAGE,
    )


def filtered_leads(params: QueryDict | dict, *, queryset: QuerySet[Lead] | None = None) -> LeadFilter:
    """Bind the list's FilterSet to a query string / QueryDict; `.qs` is the filtered queryset."""
    if isinstance(params, str):
        params = QueryDict(params)
    if queryset is None:
        queryset = lead_list()
        if params.get("erased") in ERASED_CHOICES:  # the reports' counts include erased leads
            queryset = Lead.objects.select_related("institution", "program", "owner")
    return LeadFilter(params, queryset=queryset)


ERASED_CHOICES = ("include", "only")


def leads_in_segment(segment: SavedSegment) -> QuerySet[Lead]:
    """The leads a saved segment selects, through the same FilterSet as /leads/ (invalid values ignored)."""
    params = QueryDict(segment.query or "", mutable=True)
    for key in ("page", "per_page"):
        params.pop(key, None)
    # A subquery, not a join: OR-ing a join would repeat a lead once per segment it belongs to.
    members = Lead.objects.filter(
        pk__in=SavedSegment.members.through.objects.filter(savedsegment=segment).values("lead_id")
    )
    if not params and segment.members.exists():
        # A segment made only of hand-picked leads (bulk "add to segment"), not "every lead".
        return members
    filterset = filtered_leads(params)
    if not filterset.is_valid():
        # A stale value (a deleted programme) must not widen a newsletter to every lead.
        return members
    return filterset.qs | members


def segments_for(user: User) -> QuerySet[SavedSegment]:
    return SavedSegment.objects.filter(Q(is_shared=True) | Q(created_by=user)).order_by("name")


def lead_detail(lead_id: int) -> Lead:
    """The lead page: the lead with its joins and every timeline list prefetched (constant queries)."""
    return (
        Lead.objects.select_related("institution", "program", "owner", "verified_by", "created_by")
        .prefetch_related(
            "contacts",
            Prefetch("status_changes", queryset=LeadStatusChange.objects.select_related("changed_by")),
            Prefetch("interactions", queryset=Interaction.objects.select_related("created_by")),
            Prefetch("follow_ups", queryset=FollowUp.objects.select_related("owner").order_by("-due_at")),
            "consents",
        )
        .get(pk=lead_id)
    )


def end_of_office_day(now: dt.datetime) -> dt.datetime:
    """Midnight at the end of `now`'s day in the office time zone (Asia/Jakarta)."""
    local = timezone.localtime(now)
    return timezone.make_aware(
        dt.datetime.combine(local.date() + dt.timedelta(days=1), dt.time.min), local.tzinfo
    )


def call_queue(user: User, *, now: dt.datetime) -> QuerySet[FollowUp]:
    """The user's pending calls, callbacks and MoU meetings due by the end of today, overdue first."""
    return (
        FollowUp.objects.due_by(end_of_office_day(now))
        .filter(
            owner=user,
            kind__in=[FollowUpKind.CALL, FollowUpKind.CALLBACK, FollowUpKind.MEETING, FollowUpKind.MESSAGE],
        )
        .select_related("lead", "lead__program", "lead__institution")
        .order_by("due_at", "id")
    )


def call_scripts() -> dict[str, ResponseTemplate]:
    """Approved call scripts by track ('' = every track); one query."""
    scripts: dict[str, ResponseTemplate] = {}
    for template in (
        ResponseTemplate.objects.approved().of_kind(TemplateKind.SCRIPT).order_by("-approved_at", "-id")
    ):
        scripts.setdefault(template.track, template)
    return scripts


def script_for(lead: Lead, scripts: dict[str, ResponseTemplate]) -> ResponseTemplate | None:
    return scripts.get(lead.track) or scripts.get("")


def users_by_load(role: str) -> list:
    """Active users of a role with `open_follow_ups` (pending FollowUps), least loaded first."""
    return list(
        users_in_role(role)
        .annotate(
            open_follow_ups=Count(
                "follow_ups",
                filter=Q(follow_ups__completed_at__isnull=True, follow_ups__cancelled_at__isnull=True),
            )
        )
        .order_by("open_follow_ups", "id")
    )


def campaigns_with_counts() -> QuerySet[Campaign]:
    """Campaigns annotated with `sent_count`, `failed_count`, `unsubscribed_count`, `queued_count`."""
    return Campaign.objects.select_related("segment").annotate(
        sent_count=Count("messages", filter=Q(messages__status__in=DELIVERED_STATUSES)),
        failed_count=Count("messages", filter=Q(messages__status=OutboundStatus.FAILED)),
        queued_count=Count(
            "messages", filter=Q(messages__status__in=[OutboundStatus.QUEUED, OutboundStatus.SENDING])
        ),
        unsubscribed_count=Count("messages", filter=Q(messages__unsubscribed_at__isnull=False)),
    )


def last_newsletter_for(lead: Lead) -> OutboundMessage | None:
    """The newest newsletter that reached the lead (its unsubscribe is counted on that campaign)."""
    return (
        OutboundMessage.objects.filter(lead=lead, purpose=Purpose.NEWSLETTER, status__in=DELIVERED_STATUSES)
        .order_by("-sent_at", "-id")
        .first()
    )
