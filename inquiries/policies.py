"""The SOP rules about inquiries, each one function (the beat jobs call them through
`inquiries.tasks`; the auto-reply runs when an inbound message is stored).

- Out-of-hours auto-reply, once per inquiry (SOP 02): `send_auto_reply_if_closed`.
- Inquirers not registered after N days get a follow-up (SOP 02 stage 3.2): `follow_up_inquirers`.
- First-response SLA warning and breach alerts (SOP 02): `check_inquiry_slas`.
- Escalations overdue at their unit alert the unit and the supervisors: `alert_overdue_escalations`.

Jobs take `now`, catch up on everything due and are safe to run twice (unique keys, conditional
updates). Day counts and minutes come from `AutomationSettings`.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core import roles
from core.calendar import due_soon_until, get_calendar
from core.models import AutomationSettings, InquirerFollowUpMode, ResponseTemplate, TemplateKind, UsedIn
from core.placeholders import fill_placeholders, placeholder_values
from core.selectors import users_in_role
from core.template_library.services import record_template_use
from core.workhours import is_working_time, next_working_instant
from inquiries import texts
from inquiries.models import Escalation, EscalationStatus, Inquiry, InquiryStatus
from inquiries.services.channels import outbound_channel_and_recipient
from inquiries.services.workflow import send_on_channel
from leads.models import FollowUp, FollowUpKind, Lead, LeadStatus, LeadStatusChange
from leads.policies import pick_least_loaded
from leads.selectors import users_by_load
from leads.texts import follow_up_reason
from outbox import services as outbox_services
from outbox.models import OutboundChannel, OutboundMessage, OutboundStatus, Purpose

# --- Auto-reply outside working hours ------------------------------------------------------------


def send_auto_reply_if_closed(inquiry: Inquiry, *, received_at) -> None:
    """Outside office hours, once per inquiry: the auto-reply template saying when we answer."""
    calendar = get_calendar()
    if is_working_time(calendar, received_at):
        return
    target = outbound_channel_and_recipient(inquiry)
    if target is None:
        return
    now = timezone.now()
    if not Inquiry.objects.filter(pk=inquiry.pk, auto_replied_at__isnull=True).update(auto_replied_at=now):
        return  # already auto-replied: once per inquiry, even with concurrent messages
    inquiry.auto_replied_at = now
    when = next_working_instant(calendar, max(received_at, now))
    when_text = date_format(timezone.localtime(when), "l, j F Y H:i")
    template = ResponseTemplate.objects.approved().of_kind(TemplateKind.AUTO_REPLY).order_by("pk").first()
    if template is not None:
        body = fill_placeholders(
            template.body,
            placeholder_values(full_name=inquiry.contact_name, name_is="full_name", when=when_text),
        )
    else:
        body = _(
            "Terima kasih telah menghubungi PMB Politeknik Bintan Cakrawala. Pesan Anda diterima di luar jam kerja "
            "dan akan kami jawab mulai %(when)s WIB."
        ) % {"when": when_text}
    message = send_on_channel(
        inquiry, body=body, by=None, purpose=Purpose.AUTO_REPLY, counts_as_response=False
    )
    if template is not None:
        record_template_use(
            template, used_in=UsedIn.SEND, object_type="inquiries.message", object_id=message.pk
        )


# --- SOP 02 stage 3.2: inquirers not registered after 3 days ---------------------------------


def follow_up_inquirers(*, now: datetime | None = None) -> int:
    """A proactive follow-up (message or task, as configured) once per lead and inquiry period."""
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
        Lead.objects.not_erased()
        .filter(status__in=[LeadStatus.INQUIRED, LeadStatus.INTERESTED])
        .annotate(first_inquiry_at=first_inquiry)
        .filter(
            first_inquiry_at__lte=now - timedelta(days=config.inquirer_follow_up_days),
            first_inquiry_at__gte=now - timedelta(days=config.catch_up_days),
        )
        .select_related("owner", "program")
    )
    loads = {user: user.open_follow_ups for user in users_by_load(roles.ADMIN_MARKETING)}
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
                    owner=pick_least_loaded(loads),
                    due_at=now,
                    dedup_key=key,
                    **follow_up_reason(
                        texts.INQUIRER_NOT_REGISTERED.stored(days=config.inquirer_follow_up_days)
                    ),
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


def _queue_inquirer_message(lead: Lead, key: str) -> OutboundMessage | None:
    """The 3-day follow-up, in Kadiv's approved follow-up template when there is one."""
    first_name = lead.first_name
    approved = outbox_services.approved_text(TemplateKind.FOLLOW_UP, lead)
    if lead.whatsapp:
        text = _(
            "Halo %(name)s, beberapa hari lalu Anda bertanya tentang pendaftaran di Politeknik Bintan Cakrawala. "
            "Ada yang bisa kami bantu agar Anda bisa segera mendaftar?"
        ) % {"name": first_name}
        if approved is not None:
            text = approved.body
        message = outbox_services.queue_message(
            channel=OutboundChannel.WHATSAPP,
            recipient=lead.whatsapp,
            purpose=Purpose.FOLLOW_UP,
            body=text,
            lead=lead,
            dedup_key=key,
        )
        outbox_services.record_send(approved, message)
        return message
    if lead.email:
        subject, body, html = outbox_services.render_email(
            "follow_up", {"lead": lead, "first_name": first_name}
        )
        if approved is not None:
            subject, body, html = approved.subject or subject, approved.body, ""
        message = outbox_services.queue_message(
            channel=OutboundChannel.EMAIL,
            recipient=lead.email,
            purpose=Purpose.FOLLOW_UP,
            subject=subject,
            body=body,
            html_body=html,
            lead=lead,
            dedup_key=key,
        )
        outbox_services.record_send(approved, message)
        return message
    return None


# --- SLA alerts for inquiries (SOP 02: first response within 2 working hours) ------------------


def check_inquiry_slas(*, now: datetime | None = None) -> tuple[int, int]:
    """Warn before a first-response SLA breaches; notify the supervisors on a breach; each once."""
    now = now or timezone.now()
    warn_until = due_soon_until(now)
    pending = (
        Inquiry.objects.filter(first_response_at__isnull=True, first_response_due__isnull=False)
        .exclude(status__in=[InquiryStatus.RESOLVED, InquiryStatus.CLOSED])
        .select_related("assignee")
    )
    admins = list(users_in_role(roles.ADMIN_MEDIA_SOSIAL))
    supervisors = list(users_in_role(roles.SUPERVISOR))
    warnings = breaches = 0
    for inquiry in pending.filter(
        first_response_due__gt=now, first_response_due__lte=warn_until, sla_warning_sent_at__isnull=True
    ):
        with transaction.atomic():
            if not Inquiry.objects.filter(pk=inquiry.pk, sla_warning_sent_at__isnull=True).update(
                sla_warning_sent_at=now
            ):
                continue
            text = texts.SLA_WARNING.stored(id=inquiry.pk, due=inquiry.first_response_due)
            for user in [inquiry.assignee] if inquiry.assignee_id else admins:
                warnings += outbox_services.create_alert(
                    key=f"sla-warning:{inquiry.pk}:{user.pk}",
                    recipient=user,
                    text=text,
                    topic=texts.response_topic(inquiry.pk),
                    url=f"/inbox/{inquiry.pk}/",
                    now=now,
                )
    for inquiry in pending.filter(first_response_due__lte=now, sla_breach_notified_at__isnull=True):
        with transaction.atomic():
            if not Inquiry.objects.filter(pk=inquiry.pk, sla_breach_notified_at__isnull=True).update(
                sla_breach_notified_at=now
            ):
                continue
            text = texts.SLA_BREACH.stored(id=inquiry.pk)
            for user in supervisors:
                breaches += outbox_services.create_alert(
                    key=f"sla-breach:{inquiry.pk}:{user.pk}",
                    recipient=user,
                    text=text,
                    topic=texts.response_topic(inquiry.pk),
                    url=f"/inbox/{inquiry.pk}/",
                    now=now,
                )
    return warnings, breaches


# --- Escalations overdue at their unit -----------------------------------------------------------


def alert_overdue_escalations(*, now: datetime | None = None) -> int:
    """Alert the unit's members and the supervisors once about each escalation past its due time
    that the unit has not answered yet (open, or forwarded up the chain)."""
    now = now or timezone.now()
    overdue = (
        Escalation.objects.filter(
            status__in=[EscalationStatus.OPEN, EscalationStatus.FORWARDED], due_at__lt=now
        )
        .select_related("unit")
        .prefetch_related("unit__members")
        .order_by("due_at", "id")
    )
    supervisors = list(users_in_role(roles.SUPERVISOR))
    sent = 0
    for escalation in overdue:
        text = texts.ESCALATION_OVERDUE.stored(
            id=escalation.inquiry_id, unit=escalation.unit.name, due=escalation.due_at
        )
        members = [user for user in escalation.unit.members.all() if user.is_active]
        for user in {user.pk: user for user in [*members, *supervisors]}.values():
            sent += outbox_services.create_alert(
                key=f"escalation-overdue:{escalation.pk}:{user.pk}",
                recipient=user,
                text=text,
                topic=texts.escalation_topic(escalation.pk),
                url=reverse("inquiries:escalation", args=[escalation.pk]),
                now=now,
            )
    return sent
