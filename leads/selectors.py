"""Reads on leads: querysets with their joins built in, so list pages run a constant number of queries."""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch, Q, QuerySet
from django.http import QueryDict
from django.utils import timezone

from core.models import ResponseTemplate, TemplateKind
from leads.filters import LeadFilter
from leads.models import FollowUp, FollowUpKind, Interaction, Lead, LeadStatusChange, SavedSegment


def lead_list() -> QuerySet[Lead]:
    """Leads for lists: institution, programme and owner joined (one query per page)."""
    return Lead.objects.filter(is_erased=False).select_related("institution", "program", "owner")


def filtered_leads(params, *, queryset: QuerySet[Lead] | None = None) -> LeadFilter:
    """Bind the list's FilterSet to a query string / QueryDict; `.qs` is the filtered queryset."""
    if isinstance(params, str):
        params = QueryDict(params)
    return LeadFilter(params, queryset=queryset if queryset is not None else lead_list())


def leads_in_segment(segment: SavedSegment) -> QuerySet[Lead]:
    """The leads a saved segment selects, through the same FilterSet as /leads/ (invalid values ignored)."""
    params = QueryDict(segment.query or "", mutable=True)
    for key in ("page", "per_page"):
        params.pop(key, None)
    filterset = filtered_leads(params)
    if not filterset.is_valid():
        # A stale value (a deleted programme) must not widen a newsletter to every lead.
        return Lead.objects.none()
    return filterset.qs


def segments_for(user) -> QuerySet[SavedSegment]:
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
    return timezone.make_aware(dt.datetime.combine(local.date() + dt.timedelta(days=1), dt.time.min), local.tzinfo)


def call_queue(user, *, now: dt.datetime) -> QuerySet[FollowUp]:
    """The user's pending calls, callbacks and MoU meetings due by the end of today, overdue first."""
    return (
        FollowUp.objects.due_by(end_of_office_day(now))
        .filter(owner=user, kind__in=[FollowUpKind.CALL, FollowUpKind.CALLBACK, FollowUpKind.MEETING, FollowUpKind.MESSAGE])
        .select_related("lead", "lead__program", "lead__institution")
        .order_by("due_at", "id")
    )


def call_scripts() -> dict[str, ResponseTemplate]:
    """Approved call scripts by track ('' = every track); one query."""
    scripts: dict[str, ResponseTemplate] = {}
    for template in ResponseTemplate.objects.approved().of_kind(TemplateKind.SCRIPT).order_by("-approved_at", "-id"):
        scripts.setdefault(template.track, template)
    return scripts


def script_for(lead: Lead, scripts: dict[str, ResponseTemplate]) -> ResponseTemplate | None:
    return scripts.get(lead.track) or scripts.get("")
