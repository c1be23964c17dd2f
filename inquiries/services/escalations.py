"""Escalation to a unit and up the Unmul response chain (Kasubbag -> Kabag TU -> Wakil Dekan -> Dekan).

Every hand-off, validation, answer and relay is an EscalationStep: the permanent archive.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.calendar import get_calendar
from inquiries import sla
from inquiries.models import (
    ChainRole,
    Escalation,
    EscalationStatus,
    EscalationStep,
    Inquiry,
    InquiryStatus,
    Unit,
)
from inquiries.services.workflow import (
    InquiryError,
    record_inbox_activity,
    reply_to_inquiry,
    transition_inquiry,
)
from outbox import services as outbox_services
from outbox.models import OutboundChannel, Purpose

CHAIN_ORDER = [ChainRole.KASUBBAG, ChainRole.KABAG_TU, ChainRole.WAKIL_DEKAN, ChainRole.DEKAN]
PENDING = (EscalationStatus.OPEN, EscalationStatus.FORWARDED)


def escalate_inquiry(
    inquiry: Inquiry, *, unit: Unit, question: str, by: User, due_at: datetime | None = None
) -> Escalation:
    """Send the question to a unit with a due time; the inquiry waits on the unit."""
    question = (question or "").strip()
    if not question:
        raise InquiryError(_("Tuliskan pertanyaan untuk unit."))
    if not inquiry.is_active:
        raise InquiryError(_("Pertanyaan yang sudah selesai tidak dapat dieskalasi."))
    now = timezone.now()
    with transaction.atomic():
        escalation = Escalation.objects.create(
            inquiry=inquiry,
            unit=unit,
            question=question,
            created_by=by,
            created_at=now,
            due_at=due_at or sla.escalation_due(get_calendar(), now),
        )
        EscalationStep.objects.create(
            escalation=escalation,
            action=EscalationStep.Action.CREATED,
            chain_role=ChainRole.KASUBBAG,
            actor=by,
            note=question,
            created_at=now,
        )
        if inquiry.status != InquiryStatus.WAITING_ON_UNIT:
            transition_inquiry(
                inquiry,
                to=InquiryStatus.WAITING_ON_UNIT,
                by=by,
                note=_("Dieskalasi ke %(unit)s") % {"unit": unit.name},
            )
        _notify_unit(escalation, by=by)
    record_inbox_activity(by)
    return escalation


def _notify_unit(escalation: Escalation, *, by: User) -> None:
    if not escalation.unit.email:
        return

    link = settings.PUBLIC_BASE_URL + reverse("inquiries:escalation", args=[escalation.pk])
    outbox_services.queue_message(
        channel=OutboundChannel.EMAIL,
        recipient=escalation.unit.email,
        purpose=Purpose.ALERT,
        subject=_("Eskalasi baru untuk unit %(unit)s") % {"unit": escalation.unit.name},
        body=_("Pertanyaan: %(q)s\nBatas waktu: %(due)s\n%(link)s")
        % {
            "q": escalation.question,
            "due": timezone.localtime(escalation.due_at).strftime("%d-%m-%Y %H:%M"),
            "link": link,
        },
        inquiry=escalation.inquiry,
        by=by,
        dedup_key=f"escalation:{escalation.pk}",
    )


def is_unit_member(user: User, unit_id: int) -> bool:
    return user.units.filter(pk=unit_id).exists()


def _lock_for_unit(escalation: Escalation, user: User) -> Escalation:
    if not user.has_perm("inquiries.answer_escalation") or not is_unit_member(user, escalation.unit_id):
        raise PermissionDenied
    locked = Escalation.objects.select_for_update().get(pk=escalation.pk)
    if locked.status not in PENDING:
        raise InquiryError(_("Eskalasi ini sudah dijawab."))
    return locked


def forward_escalation(escalation: Escalation, *, to_role: str, note: str, by: User) -> Escalation:
    """Hand the question up the chain (validation or a decision by a higher office)."""
    if to_role not in ChainRole.values:
        raise InquiryError(_("Tujuan penerusan tidak dikenal."))
    with transaction.atomic():
        locked = _lock_for_unit(escalation, by)
        if CHAIN_ORDER.index(ChainRole(to_role)) <= CHAIN_ORDER.index(ChainRole(locked.current_role)):
            raise InquiryError(_("Eskalasi hanya dapat diteruskan ke jenjang yang lebih tinggi."))
        locked.status, locked.current_role = EscalationStatus.FORWARDED, to_role
        locked.save(update_fields=["status", "current_role"])
        EscalationStep.objects.create(
            escalation=locked,
            action=EscalationStep.Action.FORWARDED,
            chain_role=to_role,
            actor=by,
            note=(note or "").strip(),
        )
    return locked


def validate_escalation(escalation: Escalation, *, note: str, by: User) -> Escalation:
    """Record the Kabag TU's (or a higher office's) validation of the draft answer."""
    with transaction.atomic():
        locked = _lock_for_unit(escalation, by)
        EscalationStep.objects.create(
            escalation=locked,
            action=EscalationStep.Action.VALIDATED,
            chain_role=locked.current_role,
            actor=by,
            note=(note or "").strip(),
        )
    return locked


def answer_escalation(escalation: Escalation, *, answer: str, by: User) -> Escalation:
    """The unit's answer; it returns to the inbox agent to relay on the original channel."""
    answer = (answer or "").strip()
    if not answer:
        raise InquiryError(_("Jawaban tidak boleh kosong."))
    now = timezone.now()
    with transaction.atomic():
        locked = _lock_for_unit(escalation, by)
        locked.status, locked.answer, locked.answered_by, locked.answered_at = (
            EscalationStatus.ANSWERED,
            answer,
            by,
            now,
        )
        locked.save(update_fields=["status", "answer", "answered_by", "answered_at"])
        EscalationStep.objects.create(
            escalation=locked,
            action=EscalationStep.Action.ANSWERED,
            chain_role=locked.current_role,
            actor=by,
            note=answer,
            created_at=now,
        )
    return locked


def relay_escalation(escalation: Escalation, *, body: str, by: User) -> Escalation:
    """The agent sends the unit's answer to the inquirer (this reply counts toward the SLA)."""
    with transaction.atomic():
        locked = (
            Escalation.objects.select_for_update(of=("self",))
            .select_related("inquiry__lead")
            .get(pk=escalation.pk)
        )
        if locked.status != EscalationStatus.ANSWERED:
            raise InquiryError(_("Hanya jawaban unit yang sudah masuk yang dapat disampaikan."))
        body = (body or "").strip() or locked.answer

        reply_to_inquiry(locked.inquiry, body=body, by=by)
        now = timezone.now()
        locked.status, locked.relayed_at = EscalationStatus.RELAYED, now
        locked.save(update_fields=["status", "relayed_at"])
        EscalationStep.objects.create(
            escalation=locked, action=EscalationStep.Action.RELAYED, actor=by, note=body, created_at=now
        )
    return locked
