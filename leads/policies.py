"""The SOP rules about leads, each one function (the beat jobs call them through `leads.tasks`).

- Welcome once (SOP 03 stage 2.1): `send_welcome`.
- Warm leads called on day 2-3, hot leads within a day (SOP 03 stage 2.2): `schedule_warm_lead_calls`.
- Overdue follow-ups alert their owner: `alert_overdue_follow_ups`.
- Newsletters to consenting cold leads (SOP 03 stage 2.3): `send_due_newsletters`.
- A WhatsApp the outbox could not deliver (outside the 24-hour window) becomes a call task:
  `flag_unreachable_for_call`, registered with `outbox.events`.

Every job takes `now`, catches up on everything due (a late or missed run loses nothing) and is
safe to run twice or from two beat processes at once: each unit of work is claimed by inserting a
row with a unique key (FollowUp.dedup_key, OutboundMessage.dedup_key, Alert.key,
CampaignRun(campaign, period)) or by a conditional update (`...__isnull=True`) whose count is checked.
Follow-ups are rows with a due time — never long countdown/ETA tasks, which the Redis broker would
redeliver after its visibility timeout. Day counts come from `AutomationSettings`.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core import roles
from core.models import AutomationSettings, TemplateKind
from core.texts import StoredText
from leads import texts
from leads.models import Campaign, CampaignRun, FollowUp, FollowUpKind, Lead, LeadStatus, Temperature
from leads.selectors import leads_in_segment, users_by_load
from outbox import events
from outbox import selectors as outbox_selectors
from outbox import services as outbox_services
from outbox.models import OutboundChannel, OutboundMessage, OutboundStatus, Purpose


def pick_least_loaded(loads: dict) -> object | None:
    """The user with the fewest open follow-ups; counts the ones assigned in this run too."""
    if not loads:
        return None
    user = min(loads, key=lambda u: (loads[u], u.pk))
    loads[user] += 1
    return user


# --- Calls for what the outbox could not deliver ------------------------------------------------


def flag_lead_for_call(lead: Lead, *, reason: StoredText, key: str, due_at: datetime | None = None):
    """A call FollowUp for the lead (its owner, else the least-loaded telemarketer), once per key."""
    owner = lead.owner if lead.owner_id and lead.owner.is_active else None
    if owner is None:
        candidates = users_by_load(roles.TELEMARKETING)
        owner = candidates[0] if candidates else None
    try:
        with transaction.atomic():
            follow_up, _created = FollowUp.objects.get_or_create(
                dedup_key=key[:80],
                defaults={
                    "lead": lead,
                    "kind": FollowUpKind.CALL,
                    "owner": owner,
                    "due_at": due_at or timezone.now(),
                    **texts.follow_up_reason(reason),
                },
            )
    except IntegrityError:
        follow_up = FollowUp.objects.get(dedup_key=key[:80])
    return follow_up


@events.on_unreachable
def flag_unreachable_for_call(message: OutboundMessage) -> FollowUp | None:
    """The outbox could not deliver a WhatsApp (outside the 24-hour window): call the lead instead."""
    if message.lead is None:
        return None
    return flag_lead_for_call(
        message.lead,
        reason=texts.WHATSAPP_WINDOW_CALL.stored(),
        key=f"wa-window:{message.pk}",
    )


# --- Welcome (SOP 03 stage 2.1) ----------------------------------------------------------------


def send_welcome(lead: Lead) -> list[OutboundMessage]:
    """Queue the welcome email and/or WhatsApp for a new lead (SOP 03 stage 2.1), exactly once.

    The text is Kadiv's approved welcome template when there is one, else the built-in text; the
    approved version's Meta template (name, language, parameters) is used for WhatsApp when it names one."""
    if lead.is_erased:
        return []
    messages = []
    approved = outbox_services.approved_text(TemplateKind.WELCOME, lead)
    if lead.email:
        subject, body, html = outbox_services.render_email(
            "welcome", {"lead": lead, "first_name": lead.first_name}
        )
        if approved is not None:
            subject, body, html = approved.subject or subject, approved.body, ""
        message = outbox_services.queue_message(
            channel=OutboundChannel.EMAIL,
            recipient=lead.email,
            purpose=Purpose.WELCOME,
            subject=subject,
            body=body,
            html_body=html,
            lead=lead,
            dedup_key=f"welcome:{lead.pk}:email",
        )
        outbox_services.record_send(approved, message)
        messages.append(message)
    if lead.whatsapp:
        template = outbox_selectors.template_for(Purpose.WELCOME)
        with translation.override(settings.LANGUAGE_CODE):
            text = _(
                "Halo %(name)s, terima kasih atas minat Anda pada Politeknik Bintan Cakrawala. Tim PMB siap membantu."
            ) % {"name": lead.first_name}
        if approved is not None:
            text = approved.body
        meta_template = outbox_services.library_whatsapp_template(approved, lead)
        if meta_template is not None:
            name, language, params = meta_template
        elif template is not None:
            name, language = template.name, template.language
            params = outbox_services.template_params_for(template, lead)
        else:
            name, language, params = "", "", None
        message = outbox_services.queue_message(
            channel=OutboundChannel.WHATSAPP,
            recipient=lead.whatsapp,
            purpose=Purpose.WELCOME,
            body="" if name else text,
            template_name=name,
            template_language=language,
            template_params=params,
            lead=lead,
            dedup_key=f"welcome:{lead.pk}:whatsapp",
        )
        if approved is not None and (meta_template is not None or not name):
            outbox_services.record_send(approved, message)
        messages.append(message)
    return messages


WELCOME_CHUNK = 500
WELCOME_BACKLOG = 5000


def welcome_backlog_is_full() -> bool:
    """True while many welcomes wait for a worker: an import's dispatcher then waits before queueing more."""
    queued = OutboundMessage.objects.filter(status=OutboundStatus.QUEUED, purpose=Purpose.WELCOME)
    return queued[:WELCOME_BACKLOG].count() >= WELCOME_BACKLOG


def welcome_imported_leads(job_id: int, *, after_id: int = 0) -> tuple[int, int | None]:
    """Welcome the next chunk of leads an import created (by id after `after_id`); returns how many
    and the last id, or None when the import has no more. `send_welcome` is idempotent per lead."""
    ids = list(
        Lead.objects.filter(import_job_id=job_id, pk__gt=after_id)
        .order_by("pk")
        .values_list("pk", flat=True)[:WELCOME_CHUNK]
    )
    if not ids:
        return 0, None
    count = 0
    for lead in Lead.objects.not_erased().filter(pk__in=ids).select_related("program").order_by("pk"):
        send_welcome(lead)
        count += 1
    return count, ids[-1] if len(ids) == WELCOME_CHUNK else None


# --- SOP 03 stage 2.2: warm leads called on day 2-3, hot leads within a day ---------------------


def schedule_warm_lead_calls(*, now: datetime | None = None) -> int:
    """A call FollowUp per warm (day 2-3) or hot (within a day) lead, spread by least load; the day
    counts are `AutomationSettings.hot_call_within_days` / `warm_call_from_day`."""
    now = now or timezone.now()
    config = AutomationSettings.current()
    warm_listed_after = timedelta(days=config.warm_call_from_day - config.call_task_advance_days)
    candidates = (
        Lead.objects.open()
        .exclude(status=LeadStatus.REGISTERED)
        .exclude(phone="", whatsapp="")
        .filter(entered_at__gte=now - timedelta(days=config.catch_up_days))
        # hot leads at once; warm ones `call_task_advance_days` before their call day
        .filter(
            Q(temperature=Temperature.HOT)
            | Q(temperature=Temperature.WARM, entered_at__lte=now - warm_listed_after)
        )
        .order_by("entered_at", "id")
    )
    candidates = list(candidates)
    existing = set(
        FollowUp.objects.filter(dedup_key__in=[f"warm-call:{lead.pk}" for lead in candidates]).values_list(
            "dedup_key", flat=True
        )
    )
    loads = {user: user.open_follow_ups for user in users_by_load(roles.TELEMARKETING)}
    created = 0
    for lead in candidates:
        key = f"warm-call:{lead.pk}"
        if key in existing:
            continue
        if lead.temperature == Temperature.HOT:
            due_at = lead.entered_at + timedelta(days=config.hot_call_within_days)
            reason = texts.HOT_LEAD_CALL.stored(days=config.hot_call_within_days)
        else:
            due_at = lead.entered_at + timedelta(days=config.warm_call_from_day)
            reason = texts.WARM_LEAD_CALL.stored(
                **{"from": config.warm_call_from_day, "until": config.warm_call_until_day}
            )
        try:
            with transaction.atomic():
                FollowUp.objects.create(
                    lead=lead,
                    kind=FollowUpKind.CALL,
                    owner=pick_least_loaded(loads),
                    due_at=due_at,
                    **texts.follow_up_reason(reason),
                    dedup_key=key,
                )
        except IntegrityError:
            continue
        created += 1
    return created


# --- Overdue follow-ups -------------------------------------------------------------------------


def alert_overdue_follow_ups(*, now: datetime | None = None) -> int:
    """Alert each owner once about each follow-up past its due time."""
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
            sent += outbox_services.create_alert(
                key=f"followup-overdue:{follow_up.pk}",
                recipient=follow_up.owner,
                now=now,
                url=f"/leads/{follow_up.lead_id}/",
                text=texts.FOLLOW_UP_OVERDUE.stored(lead=follow_up.lead.full_name, due=follow_up.due_at),
                topic=texts.follow_up_topic(follow_up.pk),
            )
    return sent


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
    return leads_in_segment(campaign.segment).newsletter_audience()


def _queue_campaign(campaign: Campaign, period: str) -> int:
    count = 0
    for lead in newsletter_recipients(campaign).order_by("id"):
        unsubscribe_url = settings.PUBLIC_BASE_URL + reverse(
            "unsubscribe:unsubscribe", args=[lead.unsubscribe_token]
        )
        subject, body, html = outbox_services.render_email(
            "newsletter",
            {
                "lead": lead,
                "first_name": lead.first_name,
                "campaign": campaign,
                "unsubscribe_url": unsubscribe_url,
            },
        )
        message = outbox_services.queue_message(
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
            outbox_services.record_send(
                outbox_services.ApprovedText(subject, body, campaign.template), message
            )
        count += 1
    return count
