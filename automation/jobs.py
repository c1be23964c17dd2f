"""The scheduled jobs (Celery beat entries call these through `automation.tasks`).

Every job takes `now`, catches up on everything due (a late or missed run loses nothing) and is
safe to run twice or from two beat processes at once: each unit of work is claimed by inserting a
row with a unique key (FollowUp.dedup_key, OutboundMessage.dedup_key, Alert.key,
CampaignRun(campaign, period)) or by a conditional update (`...__isnull=True`) whose count is checked.
Follow-ups are rows with a due time — never long countdown/ETA tasks, which the Redis broker would
redeliver after its visibility timeout.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from automation import selectors, services
from automation.models import (
    Alert,
    AutomationSettings,
    Campaign,
    CampaignRun,
    InquirerFollowUpMode,
    OutboundChannel,
    OutboundMessage,
    OutboundStatus,
    Purpose,
)
from core import roles


def _create_alert(*, key: str, recipient, message: str, url: str = "", now: datetime) -> bool:
    try:
        with transaction.atomic():
            _alert, created = Alert.objects.get_or_create(
                key=key[:120],
                defaults={"recipient": recipient, "message": message, "url": url, "created_at": now},
            )
    except IntegrityError:
        return False
    return created


def _pick_least_loaded(loads: dict) -> object | None:
    """The user with the fewest open follow-ups; counts the ones assigned in this run too."""
    if not loads:
        return None
    user = min(loads, key=lambda u: (loads[u], u.pk))
    loads[user] += 1
    return user


# --- SOP 02 stage 3.2: inquirers not registered after 3 days ---------------------------------


def follow_up_inquirers(*, now: datetime | None = None) -> int:
    """A proactive follow-up (message or task, as configured) once per lead and inquiry period."""
    from inquiries.models import Inquiry
    from leads.models import FollowUp, FollowUpKind, Lead, LeadStatus, LeadStatusChange

    now = now or timezone.now()
    config = AutomationSettings.current()
    first_inquiry = Coalesce(
        Subquery(
            Inquiry.objects.filter(lead=OuterRef("pk")).order_by("received_at").values("received_at")[:1]
        ),
        Subquery(
            LeadStatusChange.objects.filter(lead=OuterRef("pk"), to_status=LeadStatus.INQUIRED)
            .order_by("changed_at")
            .values("changed_at")[:1]
        ),
    )
    leads = (
        Lead.objects.filter(status__in=[LeadStatus.INQUIRED, LeadStatus.INTERESTED], is_erased=False)
        .annotate(first_inquiry_at=first_inquiry)
        .filter(
            first_inquiry_at__lte=now - timedelta(days=config.inquirer_follow_up_days),
            first_inquiry_at__gte=now - timedelta(days=config.catch_up_days),
        )
        .select_related("owner", "program")
    )
    loads = {user: user.open_follow_ups for user in selectors.users_by_load(roles.ADMIN_MARKETING)}
    created = 0
    for lead in leads:
        period = timezone.localtime(lead.first_inquiry_at).date().isoformat()
        key = f"inquirer-3d:{lead.pk}:{period}"
        if FollowUp.objects.filter(dedup_key=key).exists():
            continue
        try:
            with transaction.atomic():
                follow_up = FollowUp.objects.create(
                    lead=lead,
                    kind=FollowUpKind.MESSAGE,
                    owner=_pick_least_loaded(loads),
                    due_at=now,
                    dedup_key=key,
                    reason=_("Bertanya %(days)s hari lalu dan belum mendaftar")
                    % {"days": config.inquirer_follow_up_days},
                )
                if config.inquirer_follow_up_mode == InquirerFollowUpMode.MESSAGE:
                    message = _queue_inquirer_message(lead, key)
                    if message is not None and message.status == OutboundStatus.QUEUED:
                        follow_up.completed_at = now
                        follow_up.save(update_fields=["completed_at"])
        except IntegrityError:
            continue  # another beat claimed this lead and period first
        created += 1
    return created


def _queue_inquirer_message(lead, key: str) -> OutboundMessage | None:
    """The 3-day follow-up, in Kadiv's approved follow-up template when there is one."""
    from core.models import TemplateKind

    first_name = lead.full_name.split(" ")[0]
    approved = services.approved_text(TemplateKind.FOLLOW_UP, lead)
    if lead.whatsapp:
        text = _(
            "Halo %(name)s, beberapa hari lalu Anda bertanya tentang pendaftaran di Politeknik Bintan Cakrawala. "
            "Ada yang bisa kami bantu agar Anda bisa segera mendaftar?"
        ) % {"name": first_name}
        if approved is not None:
            text = approved.body
        message = services.queue_message(
            channel=OutboundChannel.WHATSAPP,
            recipient=lead.whatsapp,
            purpose=Purpose.FOLLOW_UP,
            body=text,
            lead=lead,
            dedup_key=key,
        )
        services.record_send(approved, message)
        return message
    if lead.email:
        subject, body, html = services.render_email("follow_up", {"lead": lead, "first_name": first_name})
        if approved is not None:
            subject, body, html = approved.subject or subject, approved.body, ""
        message = services.queue_message(
            channel=OutboundChannel.EMAIL,
            recipient=lead.email,
            purpose=Purpose.FOLLOW_UP,
            subject=subject,
            body=body,
            html_body=html,
            lead=lead,
            dedup_key=key,
        )
        services.record_send(approved, message)
        return message
    return None


# --- SOP 03 stage 2.2: warm leads called on day 2-3, hot leads within a day ---------------------


def schedule_warm_lead_calls(*, now: datetime | None = None) -> int:
    """A call FollowUp per warm (day 2-3) or hot (within a day) lead, spread by least load."""
    from leads.models import FollowUp, FollowUpKind, Lead, LeadStatus, Temperature

    now = now or timezone.now()
    config = AutomationSettings.current()
    candidates = (
        Lead.objects.open()
        .exclude(status=LeadStatus.REGISTERED)
        .exclude(phone="", whatsapp="")
        .filter(entered_at__gte=now - timedelta(days=config.catch_up_days))
        # hot leads at once (called within a day); warm ones from day 2 of their entry
        .filter(
            Q(temperature=Temperature.HOT)
            | Q(temperature=Temperature.WARM, entered_at__lte=now - timedelta(days=1))
        )
        .order_by("entered_at", "id")
    )
    candidates = list(candidates)
    existing = set(
        FollowUp.objects.filter(dedup_key__in=[f"warm-call:{lead.pk}" for lead in candidates]).values_list(
            "dedup_key", flat=True
        )
    )
    loads = {user: user.open_follow_ups for user in selectors.users_by_load(roles.TELEMARKETING)}
    created = 0
    for lead in candidates:
        key = f"warm-call:{lead.pk}"
        if key in existing:
            continue
        if lead.temperature == Temperature.HOT:
            due_at, reason = lead.entered_at + timedelta(days=1), _("Prospek hot: telepon dalam satu hari")
        else:
            due_at, reason = (
                lead.entered_at + timedelta(days=2),
                _("Prospek warm: telepon pada hari ke-2 sampai ke-3"),
            )
        try:
            with transaction.atomic():
                FollowUp.objects.create(
                    lead=lead,
                    kind=FollowUpKind.CALL,
                    owner=_pick_least_loaded(loads),
                    due_at=due_at,
                    reason=reason,
                    dedup_key=key,
                )
        except IntegrityError:
            continue
        created += 1
    return created


# --- Overdue follow-ups -------------------------------------------------------------------------


def alert_overdue_follow_ups(*, now: datetime | None = None) -> int:
    """Alert each owner once about each follow-up past its due time."""
    from leads.models import FollowUp

    now = now or timezone.now()
    sent = 0
    overdue = (
        FollowUp.objects.overdue(now)
        .filter(overdue_alerted_at__isnull=True, owner__isnull=False)
        .select_related("lead", "owner")
    )
    for follow_up in overdue:
        with transaction.atomic():
            if not FollowUp.objects.filter(pk=follow_up.pk, overdue_alerted_at__isnull=True).update(
                overdue_alerted_at=now
            ):
                continue
            local_due = timezone.localtime(follow_up.due_at)
            sent += _create_alert(
                key=f"followup-overdue:{follow_up.pk}",
                recipient=follow_up.owner,
                now=now,
                url=f"/leads/{follow_up.lead_id}/",
                message=_("Tindak lanjut untuk %(lead)s terlambat (jatuh tempo %(due)s)")
                % {"lead": follow_up.lead.full_name, "due": local_due.strftime("%d-%m-%Y %H:%M")},
            )
    return sent


# --- SLA alerts for inquiries (SOP 02: first response within 2 working hours) ------------------


def check_inquiry_slas(*, now: datetime | None = None) -> tuple[int, int]:
    """Warn before a first-response SLA breaches; notify the supervisors on a breach; each once."""
    from core.calendar import get_calendar
    from core.workhours import add_working_minutes
    from inquiries.models import Inquiry, InquiryStatus

    now = now or timezone.now()
    config = AutomationSettings.current()
    warn_until = add_working_minutes(get_calendar(), now, config.sla_warning_minutes)
    pending = (
        Inquiry.objects.filter(first_response_at__isnull=True, first_response_due__isnull=False)
        .exclude(status__in=[InquiryStatus.RESOLVED, InquiryStatus.CLOSED])
        .select_related("assignee")
    )
    admins = list(selectors.users_in_role(roles.ADMIN_MEDIA_SOSIAL))
    supervisors = list(selectors.users_in_role(roles.SUPERVISOR))
    warnings = breaches = 0
    for inquiry in pending.filter(
        first_response_due__gt=now, first_response_due__lte=warn_until, sla_warning_sent_at__isnull=True
    ):
        with transaction.atomic():
            if not Inquiry.objects.filter(pk=inquiry.pk, sla_warning_sent_at__isnull=True).update(
                sla_warning_sent_at=now
            ):
                continue
            due = timezone.localtime(inquiry.first_response_due).strftime("%H:%M")
            text = _("Pertanyaan #%(id)s hampir melewati batas respons pertama (%(due)s)") % {
                "id": inquiry.pk,
                "due": due,
            }
            for user in [inquiry.assignee] if inquiry.assignee_id else admins:
                warnings += _create_alert(
                    key=f"sla-warning:{inquiry.pk}:{user.pk}",
                    recipient=user,
                    message=text,
                    url=f"/inbox/{inquiry.pk}/",
                    now=now,
                )
    for inquiry in pending.filter(first_response_due__lte=now, sla_breach_notified_at__isnull=True):
        with transaction.atomic():
            if not Inquiry.objects.filter(pk=inquiry.pk, sla_breach_notified_at__isnull=True).update(
                sla_breach_notified_at=now
            ):
                continue
            text = _("Pertanyaan #%(id)s melewati batas respons pertama tanpa jawaban") % {"id": inquiry.pk}
            for user in supervisors:
                breaches += _create_alert(
                    key=f"sla-breach:{inquiry.pk}:{user.pk}",
                    recipient=user,
                    message=text,
                    url=f"/inbox/{inquiry.pk}/",
                    now=now,
                )
    return warnings, breaches


# --- SOP 03 stage 2.3: cold-lead newsletters ------------------------------------------------------


def newsletter_period(frequency: str, now: datetime) -> str:
    """The campaign period containing `now` (ISO weeks in the office zone; biweekly pairs them)."""
    year, week, _weekday = timezone.localtime(now).isocalendar()
    if frequency == Campaign.Frequency.BIWEEKLY:
        return f"{year}-B{(week + 1) // 2:02d}"
    return f"{year}-W{week:02d}"


def send_due_newsletters(*, now: datetime | None = None) -> int:
    """Run each approved, active campaign once per period, to consenting leads of its segment."""
    now = now or timezone.now()
    queued = 0
    due = (
        Campaign.objects.filter(is_active=True, approved_at__isnull=False)
        .filter(Q(next_run_at__isnull=True) | Q(next_run_at__lte=now))
        .select_related("segment", "template")
    )
    for campaign in due:
        if campaign.template_id is not None:
            template = campaign.template
            if not template.is_active or template.approved_at is None:
                continue  # retired template: nothing is sent rather than an unapproved text
            # Only the template's approved version is sent, never a draft revision.
            campaign.subject, campaign.body = template.subject or campaign.subject, template.body
        period = newsletter_period(campaign.frequency, now)
        if CampaignRun.objects.filter(campaign=campaign, period=period).exists():
            continue
        try:
            with transaction.atomic():
                run = CampaignRun.objects.create(campaign=campaign, period=period, started_at=now)
                run.recipients = _queue_campaign(campaign, period)
                run.save(update_fields=["recipients"])
        except IntegrityError:
            continue  # another beat ran this period
        queued += run.recipients
    return queued


def newsletter_recipients(campaign: Campaign):
    from leads.selectors import leads_in_segment

    return (
        leads_in_segment(campaign.segment)
        .filter(has_marketing_consent=True, is_erased=False)
        .exclude(email="")
    )


def _queue_campaign(campaign: Campaign, period: str) -> int:
    count = 0
    for lead in newsletter_recipients(campaign).order_by("id"):
        unsubscribe_url = settings.PUBLIC_BASE_URL + reverse(
            "unsubscribe:unsubscribe", args=[lead.unsubscribe_token]
        )
        subject, body, html = services.render_email(
            "newsletter",
            {
                "lead": lead,
                "first_name": lead.full_name.split(" ")[0],
                "campaign": campaign,
                "unsubscribe_url": unsubscribe_url,
            },
        )
        message = services.queue_message(
            channel=OutboundChannel.EMAIL,
            recipient=lead.email,
            purpose=Purpose.NEWSLETTER,
            subject=subject,
            body=body,
            html_body=html,
            lead=lead,
            campaign=campaign,
            dedup_key=f"newsletter:{campaign.pk}:{period}:{lead.pk}",
        )
        if campaign.template_id is not None:
            services.record_send(services.ApprovedText(subject, body, campaign.template), message)
        count += 1
    return count


# --- The outbox sweep ---------------------------------------------------------------------------


def requeue_stuck_messages(*, now: datetime | None = None) -> int:
    """Re-queue rows whose send was lost: `sending` past the stuck limit (worker killed) and
    `queued` rows whose task never ran. The claim in `deliver_message` keeps this duplicate-free."""
    now = now or timezone.now()
    config = AutomationSettings.current()
    cutoff = now - timedelta(minutes=config.stuck_sending_minutes)
    requeued = 0
    for message in OutboundMessage.objects.filter(status=OutboundStatus.SENDING, claimed_at__lt=cutoff).only(
        "pk", "attempts", "claimed_at"
    ):
        rows = OutboundMessage.objects.filter(
            pk=message.pk, status=OutboundStatus.SENDING, claimed_at=message.claimed_at
        )
        if message.attempts >= config.max_send_attempts:
            rows.update(
                status=OutboundStatus.FAILED,
                failed_at=now,
                last_error=_("Pekerja berhenti saat mengirim; batas percobaan tercapai"),
            )
            continue
        with transaction.atomic():
            if rows.update(
                status=OutboundStatus.QUEUED,
                claim_task_id="",
                next_attempt_at=now,
                last_error=_("Pekerja berhenti saat mengirim"),
            ):
                transaction.on_commit(lambda pk=message.pk: services.enqueue_send(pk))
                requeued += 1
    lost = OutboundMessage.objects.filter(status=OutboundStatus.QUEUED, created_at__lt=cutoff).exclude(
        next_attempt_at__gte=cutoff
    )
    for message_id in lost.values_list("pk", flat=True):
        with transaction.atomic():
            if (
                OutboundMessage.objects.filter(pk=message_id, status=OutboundStatus.QUEUED)
                .exclude(next_attempt_at__gte=cutoff)
                .update(next_attempt_at=now)
            ):
                transaction.on_commit(lambda pk=message_id: services.enqueue_send(pk))
                requeued += 1
    return requeued
