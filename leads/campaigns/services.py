"""Writes on newsletter campaigns (SOP 03 stage 2.3): compose from an approved template, submit to
Kadiv, approve or send back, schedule, send a test to oneself. Each move locks the row and leaves an
AuditLog row (who, when, from, to, note); the beat job sends only approved, due campaigns."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.models import AuditLog, ResponseTemplate, TemplateKind
from leads.models import Campaign, SavedSegment
from outbox import services as outbox
from outbox.models import OutboundChannel, OutboundMessage, Purpose

OBJECT_TYPE = "leads.campaign"


class CampaignError(ValidationError):
    """A step the campaign workflow forbids; the message says why, in Indonesian."""


def _require(by, perm: str) -> None:
    if not by.has_perm(perm):
        raise PermissionDenied


def _log(campaign: Campaign, *, action: str, before: str, by, note: str = "") -> None:
    AuditLog.objects.create(
        action=f"campaign_{action}",
        actor=by,
        object_type=OBJECT_TYPE,
        object_id=str(campaign.pk),
        detail={"from": before, "to": campaign.status, "note": note},
    )


def _check_template(template: ResponseTemplate) -> None:
    if template.kind != TemplateKind.NEWSLETTER or not template.is_active or template.approved_at is None:
        raise CampaignError(_("Pilih template newsletter yang sudah disetujui Kadiv."))


def _locked(campaign: Campaign) -> Campaign:
    return Campaign.objects.select_for_update().get(pk=campaign.pk)


def compose_campaign(
    *,
    name: str,
    template: ResponseTemplate,
    segment: SavedSegment,
    frequency: str,
    next_run_at: datetime | None = None,
    by,
) -> Campaign:
    """A draft campaign carrying the template's approved text (re-read from the template at each send)."""
    _require(by, "leads.add_campaign")
    _check_template(template)
    with transaction.atomic():
        campaign = Campaign.objects.create(
            name=name.strip(),
            template=template,
            subject=template.subject or name.strip(),
            body=template.body,
            segment=segment,
            frequency=frequency,
            next_run_at=next_run_at,
            created_by=by,
        )
        _log(campaign, action="composed", before="", by=by)
    return campaign


def update_campaign(
    campaign: Campaign,
    *,
    name: str,
    template: ResponseTemplate,
    segment: SavedSegment,
    frequency: str,
    by,
) -> Campaign:
    """Change what is sent or to whom; an approved or submitted campaign goes back to draft."""
    _require(by, "leads.change_campaign")
    _check_template(template)
    with transaction.atomic():
        locked = _locked(campaign)
        before = locked.status
        locked.name, locked.template, locked.segment, locked.frequency = (
            name.strip(),
            template,
            segment,
            frequency,
        )
        locked.subject, locked.body = template.subject or locked.name, template.body
        locked.approved_at = locked.approved_by = locked.submitted_at = None
        locked.save(
            update_fields=[
                "name",
                "template",
                "segment",
                "frequency",
                "subject",
                "body",
                "approved_at",
                "approved_by",
                "submitted_at",
            ]
        )
        note = _("Persetujuan dicabut karena kampanye diubah") if before == Campaign.Status.APPROVED else ""
        _log(locked, action="edited", before=before, by=by, note=note)
    return locked


def submit_campaign(campaign: Campaign, *, by) -> Campaign:
    """Send the draft to Kadiv's approval."""
    _require(by, "leads.change_campaign")
    with transaction.atomic():
        locked = _locked(campaign)
        before = locked.status
        if before not in (Campaign.Status.DRAFT, Campaign.Status.RETURNED):
            raise CampaignError(_("Hanya draf atau kampanye yang dikembalikan yang dapat diajukan."))
        if locked.template_id is None:
            raise CampaignError(_("Pilih template newsletter yang sudah disetujui sebelum mengajukan."))
        _check_template(locked.template)
        locked.submitted_at = timezone.now()
        locked.save(update_fields=["submitted_at"])
        _log(locked, action="submitted", before=before, by=by)
    return locked


def approve_campaign(campaign: Campaign, *, by, note: str = "") -> Campaign:
    """Kadiv approves: the beat job sends it from its scheduled time, each period once."""
    _require(by, "leads.approve_campaign")
    with transaction.atomic():
        locked = _locked(campaign)
        before = locked.status
        if before != Campaign.Status.SUBMITTED:
            raise CampaignError(_("Hanya kampanye yang menunggu persetujuan dapat disetujui."))
        locked.approved_at, locked.approved_by, locked.review_note = timezone.now(), by, note.strip()
        locked.save(update_fields=["approved_at", "approved_by", "review_note"])
        _log(locked, action="approved", before=before, by=by, note=note)
    return locked


def return_campaign(campaign: Campaign, *, by, note: str) -> Campaign:
    """Kadiv sends the campaign back with a note."""
    _require(by, "leads.approve_campaign")
    note = (note or "").strip()
    if not note:
        raise CampaignError(_("Tuliskan catatan saat mengembalikan kampanye."))
    with transaction.atomic():
        locked = _locked(campaign)
        before = locked.status
        if before != Campaign.Status.SUBMITTED:
            raise CampaignError(_("Hanya kampanye yang menunggu persetujuan dapat dikembalikan."))
        locked.review_note, locked.submitted_at = note, None
        locked.save(update_fields=["review_note", "submitted_at"])
        _log(locked, action="returned", before=before, by=by, note=note)
    return locked


def schedule_campaign(campaign: Campaign, *, next_run_at: datetime | None, is_active: bool, by) -> Campaign:
    """Set the first send time and pause or resume; what is sent stays as Kadiv approved it."""
    _require(by, "leads.change_campaign")
    with transaction.atomic():
        locked = _locked(campaign)
        locked.next_run_at, locked.is_active = next_run_at, is_active
        locked.save(update_fields=["next_run_at", "is_active"])
        note = f"{next_run_at.isoformat() if next_run_at else '-'} {'aktif' if is_active else 'dijeda'}"
        _log(locked, action="scheduled", before=locked.status, by=by, note=note)
    return locked


def send_test(campaign: Campaign, *, to) -> OutboundMessage:
    """Queue the newsletter as the recipients would get it, to the staff member's own email."""
    _require(to, "leads.view_campaign")
    if not to.email:
        raise CampaignError(_("Akun Anda belum punya alamat email."))
    if campaign.template_id is not None:
        campaign.subject, campaign.body = (
            campaign.template.subject or campaign.subject,
            campaign.template.body,
        )
    subject, body, html = outbox.render_email(
        "newsletter",
        {
            "lead": None,
            "first_name": to.first_name or to.username,
            "campaign": campaign,
            "unsubscribe_url": settings.PUBLIC_BASE_URL + "/unsubscribe/",
        },
    )
    # An internal message (purpose alert): it is not part of the campaign's results.
    return outbox.queue_message(
        channel=OutboundChannel.EMAIL,
        recipient=to.email,
        purpose=Purpose.ALERT,
        subject=_("[UJI] %(subject)s") % {"subject": subject},
        body=body,
        html_body=html,
        by=to,
    )
