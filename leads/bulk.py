"""Bulk work on the lead list (issue 14 item 2): owner, temperature, status, segment membership.
Every bulk change writes one AuditLog row naming the action, the actor and the leads it touched."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.models import AuditLog
from leads import services
from leads.models import Lead, LeadStatus, SavedSegment
from leads.services import IllegalTransition, transition_lead

# "All matching" selects at most this many leads in one go; the page states the cap.
BULK_CAP = 5000


@dataclass
class BulkResult:
    changed: int = 0
    refused: list[tuple[Lead, str]] = field(default_factory=list)


def _audit(action: str, *, by, lead_ids: list[int], **detail) -> None:
    AuditLog.objects.create(
        action=action,
        actor=by,
        object_type="lead",
        detail={"lead_ids": lead_ids[:BULK_CAP], "count": len(lead_ids), **detail},
    )


def bulk_assign_owner(lead_ids: Iterable[int], *, owner, by) -> int:
    """`services.bulk_assign_owner` (atomic, audited) on at most BULK_CAP leads."""
    return services.bulk_assign_owner(list(lead_ids)[:BULK_CAP], owner=owner, by=by)


def bulk_set_temperature(lead_ids: Iterable[int], *, temperature: str, by) -> int:
    """`services.bulk_set_temperature` (atomic, audited) on at most BULK_CAP leads."""
    return services.bulk_set_temperature(list(lead_ids)[:BULK_CAP], temperature=temperature, by=by)


def bulk_transition(lead_ids: Iterable[int], *, to: str, by, note: str = "", reason: str = "") -> BulkResult:
    """Move each lead through the pipeline rules (one locked transition each); refusals are
    collected with their reason, the moves that were allowed stay done; one audit row."""
    if to not in LeadStatus.values:
        raise ValidationError(_("Status “%(status)s” tidak dikenal.") % {"status": to})
    result = BulkResult()
    moved: list[int] = []
    for lead in Lead.objects.filter(pk__in=list(lead_ids)[:BULK_CAP]).order_by("pk"):
        try:
            transition_lead(lead, to=to, by=by, note=note, reason=reason)
        except IllegalTransition as exc:
            result.refused.append((lead, " ".join(exc.messages)))
        else:
            moved.append(lead.pk)
    result.changed = len(moved)
    _audit(
        "leads.bulk_status",
        by=by,
        lead_ids=moved,
        status=to,
        refused=[lead.pk for lead, _reason in result.refused],
    )
    return result


def add_to_segment(lead_ids: Iterable[int], *, segment: SavedSegment, by) -> int:
    """Add the leads to a segment's fixed members (besides those its filter selects), audited."""
    ids = list(Lead.objects.filter(pk__in=list(lead_ids)[:BULK_CAP]).values_list("pk", flat=True))
    with transaction.atomic():
        segment.members.add(*ids)
        _audit("leads.bulk_segment", by=by, lead_ids=ids, segment=segment.pk)
    return len(ids)
