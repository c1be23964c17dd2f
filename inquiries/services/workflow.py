"""Working an inquiry: status moves, triage, assignment, replies, crisis approval, closing, survey."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core import roles
from core.models import ResponseTemplate, UsedIn
from core.people import display_name
from core.placeholders import fill_placeholders, placeholder_values
from core.template_library.selectors import ever_approved_version
from core.template_library.services import record_template_use
from core.type_aliases import Actor
from inquiries import texts, webhooks
from inquiries.models import (
    ACTIVE_STATUSES,
    Category,
    Channel,
    Direction,
    Escalation,
    InboxActivity,
    Inquiry,
    InquiryStatus,
    InquiryStatusChange,
    Level,
    Message,
    Unit,
)
from inquiries.services.channels import outbound_channel_and_recipient, reply_window
from leads.phones import InvalidPhoneNumber, normalize_email, normalize_phone
from outbox import services as outbox_services
from outbox.models import OutboundChannel, OutboundMessage, Purpose

# The one table of status moves (SOP 02 / ITB: open -> answered -> resolved -> closed).
ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    InquiryStatus.OPEN: frozenset(
        {InquiryStatus.WAITING_ON_UNIT, InquiryStatus.ANSWERED, InquiryStatus.RESOLVED, InquiryStatus.CLOSED}
    ),
    InquiryStatus.WAITING_ON_UNIT: frozenset(
        {InquiryStatus.OPEN, InquiryStatus.ANSWERED, InquiryStatus.RESOLVED, InquiryStatus.CLOSED}
    ),
    InquiryStatus.ANSWERED: frozenset(
        {InquiryStatus.OPEN, InquiryStatus.WAITING_ON_UNIT, InquiryStatus.RESOLVED, InquiryStatus.CLOSED}
    ),
    InquiryStatus.RESOLVED: frozenset({InquiryStatus.CLOSED}),
    InquiryStatus.CLOSED: frozenset(),
}
INBOX_ACTIVITY_EVERY = timedelta(minutes=5)


class InquiryError(ValidationError):
    """A move the workflow forbids; the message says why, in Indonesian."""


def transition_inquiry(inquiry: Inquiry, *, to: str, by: Actor, note: str = "") -> Inquiry:
    """Move the inquiry to `to` under a row lock and write a history row; InquiryError if forbidden."""
    with transaction.atomic():
        locked = Inquiry.objects.select_for_update().get(pk=inquiry.pk)
        current = locked.status
        if to not in ALLOWED_TRANSITIONS[current]:
            raise InquiryError(
                _("Status pertanyaan tidak dapat diubah dari %(from)s ke %(to)s.")
                % {"from": InquiryStatus(current).label, "to": InquiryStatus(to).label}
            )
        now = timezone.now()
        fields = ["status"]
        locked.status = to
        if to == InquiryStatus.RESOLVED:
            locked.resolved_at, locked.sla_due_at = now, None
            fields += ["resolved_at", "sla_due_at"]
        elif to == InquiryStatus.CLOSED:
            locked.closed_at, locked.sla_due_at = now, None
            fields += ["closed_at", "sla_due_at"]
            if locked.resolved_at is None:
                locked.resolved_at = now
                fields.append("resolved_at")
        locked.save(update_fields=fields)
        InquiryStatusChange.objects.create(
            inquiry=locked, from_status=current, to_status=to, changed_by=by, changed_at=now, note=note
        )
        if to in (InquiryStatus.RESOLVED, InquiryStatus.CLOSED):
            _resolve_alerts_about(locked, now=now)
    for name in fields:
        setattr(inquiry, name, getattr(locked, name))
    return inquiry


def _resolve_alerts_about(inquiry: Inquiry, *, now: datetime) -> None:
    """A resolved or closed inquiry needs nothing more: its SLA, relay and escalation alerts go."""
    escalation_ids = Escalation.objects.filter(inquiry=inquiry).values_list("pk", flat=True)
    outbox_services.resolve_alerts(
        texts.response_topic(inquiry.pk),
        texts.relay_topic(inquiry.pk),
        *[texts.escalation_topic(pk) for pk in escalation_ids],
        now=now,
    )


def record_inbox_activity(user: User) -> None:
    """Note that `user` worked the inbox now (SOP 02 stage 1.1 rhythm), at most every few minutes."""
    now = timezone.now()
    if not InboxActivity.objects.filter(user=user, worked_at__gte=now - INBOX_ACTIVITY_EVERY).exists():
        InboxActivity.objects.create(user=user, worked_at=now)


def triage_inquiry(inquiry: Inquiry, *, level: int, category: Category, by: User) -> Inquiry:
    """Confirm the level and category; level 3 marks a crisis and alerts Humas and the PR manager."""
    if inquiry.status not in ACTIVE_STATUSES:
        raise InquiryError(_("Pertanyaan yang sudah selesai tidak dapat ditriase ulang."))
    becomes_crisis = int(level) == Level.CRISIS and not inquiry.is_crisis
    with transaction.atomic():
        inquiry.level, inquiry.category, inquiry.is_triaged = int(level), category, True
        inquiry.is_crisis = int(level) == Level.CRISIS
        inquiry.save(update_fields=["level", "category", "is_triaged", "is_crisis"])
        if becomes_crisis:
            _alert_crisis(inquiry, by=by)
    record_inbox_activity(by)
    return inquiry


def crisis_recipients() -> QuerySet[User]:
    """Humas & Kerjasama staff and the PR manager (Kadiv Kerjasama Humas dan Marketing)."""
    return (
        get_user_model()
        .objects.filter(groups__name__in=[roles.HUMAS, roles.KADIV], is_active=True)
        .exclude(email="")
        .distinct()
    )


def _alert_crisis(inquiry: Inquiry, *, by: User) -> None:
    link = settings.PUBLIC_BASE_URL + reverse("inquiries:detail", args=[inquiry.pk])
    first = inquiry.messages.filter(direction=Direction.INBOUND).order_by("sent_at").first()
    for user in crisis_recipients():
        outbox_services.queue_message(
            channel=OutboundChannel.EMAIL,
            recipient=user.email,
            purpose=Purpose.ALERT,
            subject=_("[KRISIS] Pertanyaan level 3 #%(id)s dari %(name)s")
            % {"id": inquiry.pk, "name": inquiry.contact_name or inquiry.contact_key},
            body=_(
                "Pertanyaan #%(id)s (%(channel)s) ditriase sebagai level 3 (keluhan/krisis) oleh %(by)s.\n\n"
                "Pesan: %(text)s\n\nJawaban publik memerlukan persetujuan Humas/Kadiv. Buka: %(link)s"
            )
            % {
                "id": inquiry.pk,
                "channel": inquiry.get_channel_display(),
                "by": display_name(by) or "-",
                "text": first.text if first else "",
                "link": link,
            },
            inquiry=inquiry,
            lead=inquiry.lead,
            by=by,
            dedup_key=f"crisis:{inquiry.pk}:{user.pk}",
        )


def assign_inquiry(inquiry: Inquiry, *, to: User | None, by: User) -> Inquiry:
    """Give the inquiry to `to` (None: back to the unassigned queue)."""
    inquiry.assignee = to
    inquiry.save(update_fields=["assignee"])
    record_inbox_activity(by)
    return inquiry


def template_values(inquiry: Inquiry) -> dict[str, str]:
    """core.placeholders.placeholder_values for the inquirer (the lead's name, else the contact's)."""
    lead = inquiry.lead
    return placeholder_values(
        full_name=(lead.full_name if lead else "") or inquiry.contact_name,
        name_is="full_name",  # staff replies address the inquirer by the name they gave
        program=lead.program.name if lead and lead.program else "",
    )


def render_template_for(template: ResponseTemplate, inquiry: Inquiry) -> str:
    return fill_placeholders(template.body, template_values(inquiry))


def queue_on_channel(inquiry: Inquiry, *, body: str, by: Actor, purpose: str) -> OutboundMessage | None:
    """The outbox row answering on the inquiry's channel; None for channels without API or email."""
    target = outbound_channel_and_recipient(inquiry)
    if target is None:
        return None
    channel, recipient = target
    subject = ""
    if channel == "email":
        from inquiries.services.mailbox import reply_subject

        subject = reply_subject(inquiry) or _("Jawaban PMB Politeknik Bintan Cakrawala (#%(id)s)") % {
            "id": inquiry.pk
        }
    try:
        return outbox_services.queue_message(
            channel=channel,
            recipient=recipient,
            purpose=purpose,
            body=body,
            subject=subject,
            inquiry=inquiry,
            lead=inquiry.lead,
            by=by,
        )
    except outbox_services.MessageRefused as exc:
        raise InquiryError(_("Pesan tidak dapat dikirim: %(reason)s") % {"reason": exc}) from exc


def send_on_channel(
    inquiry: Inquiry, *, body: str, by: User, purpose: str = "reply", counts_as_response: bool = True
) -> Message:
    """Queue `body` on the inquiry's own channel (or record it for channels without API) and store it."""
    now = timezone.now()
    with transaction.atomic():
        outbound = queue_on_channel(inquiry, body=body, by=by, purpose=purpose)
        message = Message.objects.create(
            inquiry=inquiry,
            direction="outbound",
            type="text",
            text=body,
            sent_at=now,
            sent_by=by,
            outbound=outbound,
        )
        if counts_as_response:
            mark_responded(inquiry, now=now, by=by)
    return message


def mark_responded(inquiry: Inquiry, *, now: datetime, by: User | None) -> None:
    """The first reply stops the first-response clock; the inbox then counts down to resolution."""
    if inquiry.first_response_at is None:
        Inquiry.objects.filter(pk=inquiry.pk, first_response_at__isnull=True).update(
            first_response_at=now, sla_due_at=inquiry.resolution_due
        )
        inquiry.first_response_at, inquiry.sla_due_at = now, inquiry.resolution_due
    # answered: the first-response warnings and a "unit's answer ready to relay" are done with
    outbox_services.resolve_alerts(texts.response_topic(inquiry.pk), texts.relay_topic(inquiry.pk), now=now)
    if inquiry.status in (InquiryStatus.OPEN, InquiryStatus.WAITING_ON_UNIT):
        transition_inquiry(inquiry, to=InquiryStatus.ANSWERED, by=by)
    if inquiry.assignee_id is None and by is not None:
        Inquiry.objects.filter(pk=inquiry.pk, assignee__isnull=True).update(assignee=by)
        inquiry.assignee = by
    if by is not None:
        record_inbox_activity(by)


def reply_to_inquiry(
    inquiry: Inquiry, *, body: str, by: User, template_version: int | None = None
) -> Message:
    """Answer on the inquiry's channel; a crisis answer waits for Humas/Kadiv approval instead.

    `template_version` (from the template picker) is counted as a use when it was ever approved."""
    with transaction.atomic():
        message = _reply_to_inquiry(inquiry, body=body, by=by)
        if template_version:
            _record_reply_template(message, template_version, by=by)
    return message


def _record_reply_template(message: Message, version_id: int, *, by: User) -> None:
    version = ever_approved_version(version_id)
    if version is not None:
        record_template_use(
            version.template,
            version=version,
            used_in=UsedIn.REPLY,
            object_type="inquiries.message",
            object_id=message.pk,
            by=by,
        )


def _reply_to_inquiry(inquiry: Inquiry, *, body: str, by: User) -> Message:
    body = (body or "").strip()
    if not body:
        raise InquiryError(_("Balasan tidak boleh kosong."))
    if inquiry.status not in ACTIVE_STATUSES:
        raise InquiryError(_("Pertanyaan ini sudah ditutup; balasan tidak dikirim."))
    refuse_if_window_closed(inquiry)
    if inquiry.is_crisis and not by.has_perm("inquiries.approve_crisis_reply"):
        message = Message.objects.create(
            inquiry=inquiry,
            direction="outbound",
            type="text",
            text=body,
            sent_at=timezone.now(),
            sent_by=by,
            needs_approval=True,
        )
        record_inbox_activity(by)
        return message
    return send_on_channel(inquiry, body=body, by=by)


def refuse_if_window_closed(inquiry: Inquiry) -> None:
    """Free-form WhatsApp outside the 24-hour window would never arrive: say so before queueing."""
    window = reply_window(inquiry)
    if window.applies and not window.is_open:
        raise InquiryError(
            _(
                "Jendela 24 jam WhatsApp sudah tertutup, jadi teks bebas tidak akan sampai ke kontak. "
                "Pilih template WhatsApp yang disetujui atau buat tugas telepon."
            )
        )


def approve_crisis_reply(message: Message, *, by: User) -> Message:
    """Humas/Kadiv approve a drafted public answer to a level-3 inquiry; it is sent at once."""
    if not by.has_perm("inquiries.approve_crisis_reply"):
        raise PermissionDenied
    with transaction.atomic():
        locked = (
            Message.objects.select_for_update(of=("self",)).select_related("inquiry__lead").get(pk=message.pk)
        )
        if not locked.needs_approval or locked.approved_by_id is not None:
            raise InquiryError(_("Balasan ini tidak menunggu persetujuan."))
        inquiry = locked.inquiry
        refuse_if_window_closed(inquiry)
        locked.outbound = queue_on_channel(inquiry, body=locked.text, by=by, purpose="reply")
        locked.approved_by, locked.sent_at = by, timezone.now()
        locked.save(update_fields=["approved_by", "sent_at", "outbound"])
        mark_responded(inquiry, now=locked.sent_at, by=by)
    return locked


def retry_reply(message: Message, *, by: User) -> Message:
    """Put a failed reply back in the outbox queue (the provider's error stays visible until then)."""
    from inquiries.services.sending import retry_refusal

    refusal = retry_refusal(message) if message.outbound is not None else ""
    if refusal:
        raise InquiryError(refusal)
    if message.outbound is None or not outbox_services.retry_message(message.outbound, by=by):
        raise InquiryError(_("Hanya pesan yang gagal terkirim yang dapat dikirim ulang."))
    message.outbound.refresh_from_db()
    return message


def close_inquiry(inquiry: Inquiry, *, note: str, by: User, category: Category | None = None) -> Inquiry:
    """Close with a resolution note (every closed ticket tagged) and send the survey where it can arrive."""
    note = (note or "").strip()
    category = category or inquiry.category
    if category is None:
        raise InquiryError(_("Pilih kategori sebelum menutup pertanyaan (setiap tiket wajib berkategori)."))
    if not note:
        raise InquiryError(_("Catatan penyelesaian wajib diisi."))
    with transaction.atomic():
        inquiry.category, inquiry.resolution_note = category, note
        if inquiry.level is None:
            inquiry.level = category.level
        inquiry.save(update_fields=["category", "resolution_note", "level"])
        transition_inquiry(inquiry, to=InquiryStatus.CLOSED, by=by, note=note)
        from inquiries.services.survey import send_survey

        send_survey(inquiry, by=by)
    return inquiry


def record_manual_inquiry(
    *,
    channel: str,
    text: str,
    by: Actor = None,
    contact_name: str = "",
    phone: str = "",
    email: str = "",
    handle: str = "",
    received_at: datetime | None = None,
    lead_source: str = "",
    category: Category | None = None,
    level: int | None = None,
) -> Inquiry:
    """An inquiry from a channel without an API (LinkedIn, phone, walk-in, comments) or the website form;
    with a `category` it is triaged at once (at `level`, else the category's level)."""
    # Function-level: ingest imports inquiries.policies, which imports this module (the auto-reply).
    from inquiries.services.ingest import record_inbound_message

    if channel not in Channel.values:
        raise InquiryError(_("Kanal tidak dikenal."))
    try:
        phone = normalize_phone(phone) if phone else ""
    except InvalidPhoneNumber as exc:
        raise InquiryError(str(exc)) from exc
    email = normalize_email(email)
    handle = handle.strip().lstrip("@")
    contact_key = phone or email or handle.lower() or contact_name.strip().casefold()
    if not contact_key or not (text or "").strip():
        raise InquiryError(_("Isi pertanyaan dan minimal satu kontak atau nama penanya."))
    received_at = received_at or timezone.now()
    item = webhooks.InboundMessage(
        channel=channel,
        contact_key=contact_key[:160],
        contact_name=contact_name.strip(),
        handle=handle,
        phone=phone,
        platform_message_id="",
        type="text",
        text=text.strip(),
        sent_at=received_at,
        raw={"entered_by": by.pk if by else None},
    )
    with transaction.atomic():
        message = record_inbound_message(item, email=email, by=by, lead_source=lead_source)
        assert message is not None  # a manual entry has no platform id, so it is never a duplicate
        if category is not None and by is not None:
            triage_inquiry(message.inquiry, level=level or category.level, category=category, by=by)
    return message.inquiry


def save_category(
    category: Category | None,
    *,
    name: str,
    level: int,
    keywords: str,
    default_unit: Unit | None,
    is_active: bool,
) -> Category:
    """Create (`category` None) or change a triage category; `keywords` one per line, already folded."""
    category = category if category is not None else Category()
    category.name, category.level, category.keywords = name, level, keywords
    category.default_unit, category.is_active = default_unit, is_active
    category.save()
    return category
