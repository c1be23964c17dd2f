"""Reads of the inbox: querysets with their joins built in, and per-object access helpers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Substr
from django.shortcuts import get_object_or_404
from django.utils import timezone

from core.models import ResponseTemplate, TemplateKind
from inquiries.models import (
    FINISHED_STATUSES,
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
    sla: str = ""
    status: str = ""  # "" = every active status; "all"; or one InquiryStatus value


def inbox_queryset(user: User, filters: InboxFilters, *, now: datetime | None = None) -> QuerySet[Inquiry]:
    """The inbox list: most urgent clock first, breaches flagged, with what each row displays."""
    now = now or timezone.now()
    qs = Inquiry.objects.select_related("assignee", "category", "lead").annotate(
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
    if filters.sla == "breached":
        qs = qs.breached(now)
    elif filters.sla == "due_soon":
        qs = qs.due_soon(now)
    elif filters.sla == "ok":
        qs = qs.within_sla(now)
    if filters.status in FINISHED_STATUSES or filters.status == "all":
        return qs.order_by("-received_at", "-pk")
    return qs.order_by("sla_due_at", "pk")


def inbox_counts(user: User, *, now: datetime | None = None) -> dict[str, int]:
    """Counters above the inbox, in one aggregate query."""
    now = now or timezone.now()
    active = Inquiry.objects.active()
    return active.aggregate(
        total=Count("pk"),
        mine=Count("pk", filter=Q(assignee=user)),
        unassigned=Count("pk", filter=Q(assignee__isnull=True)),
        breached=Count("pk", filter=Q(sla_due_at__lt=now)),
        crisis=Count("pk", filter=Q(is_crisis=True)),
    )


def last_inbox_activity() -> InboxActivity | None:
    return InboxActivity.objects.select_related("user").order_by("-worked_at").first()


def get_inquiry_for(user: User, pk: int) -> Inquiry:
    """The inquiry for a conversation page; 403 without inbox rights, 404 when missing."""
    if not user.has_perm("inquiries.view_inquiry"):
        raise PermissionDenied
    return get_object_or_404(
        Inquiry.objects.select_related(
            "lead__program", "lead__institution", "lead__owner", "category", "suggested_category", "assignee"
        ),
        pk=pk,
    )


def conversation(inquiry: Inquiry) -> QuerySet[Message]:
    return inquiry.messages.select_related("outbound", "sent_by", "approved_by").order_by("sent_at", "pk")


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
    """Escalations addressed to the user's units only (Unmul: a unit sees its own questions)."""
    return (
        Escalation.objects.filter(unit__in=user.units.all())
        .select_related("unit", "inquiry", "inquiry__category")
        .order_by("status", "due_at")
    )


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
