"""Reads on newsletter campaigns: the list with each campaign's results, one campaign, its preview."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from core.models import AuditLog, ResponseTemplate, TemplateKind
from leads.models import Campaign, Lead
from leads.selectors import leads_in_segment
from outbox import services as outbox
from outbox.models import OutboundStatus

ACCEPTED = [OutboundStatus.SENT, OutboundStatus.DELIVERED, OutboundStatus.READ]


def campaigns_with_results() -> QuerySet[Campaign]:
    """Campaigns with `queued`, `sent`, `delivered`, `failed`, `unsubscribed` message counts (one query)."""
    return (
        Campaign.objects.select_related("segment", "template", "approved_by", "created_by")
        .annotate(
            queued=Count(
                "messages", filter=Q(messages__status__in=[OutboundStatus.QUEUED, OutboundStatus.SENDING])
            ),
            sent=Count("messages", filter=Q(messages__status__in=ACCEPTED)),
            delivered=Count(
                "messages", filter=Q(messages__status__in=[OutboundStatus.DELIVERED, OutboundStatus.READ])
            ),
            failed=Count("messages", filter=Q(messages__status=OutboundStatus.FAILED)),
            unsubscribed=Count("messages", filter=Q(messages__unsubscribed_at__isnull=False)),
        )
        .order_by("-created_at", "-id")
    )


def get_campaign_for(user, pk: int) -> Campaign:
    if not user.has_perm("leads.view_campaign"):
        raise Http404
    try:
        return campaigns_with_results().get(pk=pk)
    except Campaign.DoesNotExist as exc:
        raise Http404 from exc


def newsletter_templates() -> QuerySet[ResponseTemplate]:
    return ResponseTemplate.objects.approved().of_kind(TemplateKind.NEWSLETTER).order_by("name")


def recipients(campaign: Campaign) -> QuerySet[Lead]:
    """Who the next run reaches: consenting, not erased, with an email (as the beat job selects)."""
    return leads_in_segment(campaign.segment).newsletter_audience()


def preview(campaign: Campaign) -> tuple[str, str, int]:
    """(subject, text) as the first recipient would get it from the approved template, and the count."""
    leads = recipients(campaign)
    first = leads.order_by("id").first()
    if campaign.template_id is not None:
        campaign.subject, campaign.body = (
            campaign.template.subject or campaign.subject,
            campaign.template.body,
        )
    subject, body, _html = outbox.render_email(
        "newsletter",
        {
            "lead": first,
            "first_name": first.first_name if first else "Siti",
            "campaign": campaign,
            "unsubscribe_url": settings.PUBLIC_BASE_URL + "/unsubscribe/…",
        },
    )
    return subject, body, leads.count()


HISTORY_LABELS = {
    "campaign_composed": _("dibuat"),
    "campaign_edited": _("diubah"),
    "campaign_submitted": _("diajukan"),
    "campaign_approved": _("disetujui"),
    "campaign_returned": _("dikembalikan"),
    "campaign_scheduled": _("jadwal diubah"),
}


def history(campaign: Campaign) -> list[tuple[AuditLog, str]]:
    """The campaign's moves (who, when, note), newest first, with a readable label."""
    rows = AuditLog.objects.filter(object_type="leads.campaign", object_id=str(campaign.pk)).select_related(
        "actor"
    )[:30]
    return [(row, HISTORY_LABELS.get(row.action, row.action)) for row in rows]


def awaiting_approval_count() -> int:
    return Campaign.objects.filter(submitted_at__isnull=False, approved_at__isnull=True).count()
