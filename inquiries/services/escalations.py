"""Escalation to a unit and up the Unmul response chain (Kasubbag -> Kabag TU -> Wakil Dekan -> Dekan).

Every hand-off, validation, answer and relay is an EscalationStep: the permanent archive. A hand-off
notifies the people who hold the receiving role in that unit (email and an in-app alert) and starts
that role's own clock (ChainStepStandard, working minutes). A unit may require Kabag TU's validation
before its answer goes back to the inbox; only a holder of that role may validate.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core import workhours
from core.calendar import get_calendar
from core.texts import StoredText, stored_columns
from inquiries import texts
from inquiries.models import (
    ChainMember,
    ChainRole,
    ChainStepStandard,
    Escalation,
    EscalationStatus,
    EscalationStep,
    Inquiry,
    InquiryStatus,
    Unit,
)
from inquiries.services.workflow import InquiryError, record_inbox_activity, transition_inquiry
from outbox import services as outbox_services
from outbox.models import OutboundChannel, Purpose

CHAIN_ORDER = [ChainRole.KASUBBAG, ChainRole.KABAG_TU, ChainRole.WAKIL_DEKAN, ChainRole.DEKAN]
PENDING = (EscalationStatus.OPEN, EscalationStatus.FORWARDED, EscalationStatus.VALIDATING)
VALIDATION_ROLE = ChainRole.KABAG_TU  # Unmul 6.7
DEFAULT_STEP_MINUTES = 480


def rank(role: str) -> int:
    return CHAIN_ORDER.index(ChainRole(role))


def next_role(role: str) -> str | None:
    """The office above `role` (forwarding defaults to it), None at the top."""
    position = rank(role) + 1
    return CHAIN_ORDER[position] if position < len(CHAIN_ORDER) else None


def step_due(role: str, *, now: datetime) -> datetime:
    """When a step of `role` that starts now is due (its editable standard, in working time)."""
    standard = ChainStepStandard.objects.filter(role=role).values_list("working_minutes", flat=True).first()
    minutes = DEFAULT_STEP_MINUTES if standard is None else standard
    return workhours.add_working_minutes(get_calendar(), now, minutes)


def has_chain(unit_id: int) -> bool:
    return ChainMember.objects.filter(unit_id=unit_id).exists()


def role_holders(unit: Unit, role: str) -> QuerySet[User]:
    """Who is notified when the question reaches `role` in this unit (all members without a chain)."""
    users = get_user_model().objects.filter(is_active=True)
    if has_chain(unit.pk):
        return users.filter(chain_roles__unit=unit, chain_roles__role=role).distinct()
    return users.filter(units=unit).distinct()


def holds_role(user: User, unit_id: int, role: str) -> bool:
    return ChainMember.objects.filter(unit_id=unit_id, role=role, user=user).exists()


def is_unit_member(user: User, unit_id: int) -> bool:
    return user.units.filter(pk=unit_id).exists()


def may_act(user: User, escalation: Escalation) -> bool:
    """Only the office the question sits with may answer or forward it (any member without a chain)."""
    if not user.has_perm("inquiries.answer_escalation") or not is_unit_member(user, escalation.unit_id):
        return False
    return not has_chain(escalation.unit_id) or holds_role(user, escalation.unit_id, escalation.current_role)


def may_validate(user: User, escalation: Escalation) -> bool:
    """Validation is Kabag TU's act: only a holder of that role in the unit (any member without a chain)."""
    if not user.has_perm("inquiries.answer_escalation") or not is_unit_member(user, escalation.unit_id):
        return False
    if not has_chain(escalation.unit_id):
        return True
    return holds_role(user, escalation.unit_id, VALIDATION_ROLE)


def escalate_inquiry(
    inquiry: Inquiry, *, unit: Unit, question: str, by: User, due_at: datetime | None = None
) -> Escalation:
    """Send the question to the unit's Kasubbag with that step's clock; the inquiry waits on the unit."""
    question = (question or "").strip()
    if not question:
        raise InquiryError(_("Tuliskan pertanyaan untuk unit."))
    if not inquiry.is_active:
        raise InquiryError(_("Pertanyaan yang sudah selesai tidak dapat dieskalasi."))
    now = timezone.now()
    with transaction.atomic():
        due = due_at or step_due(ChainRole.KASUBBAG, now=now)
        escalation = Escalation.objects.create(
            inquiry=inquiry, unit=unit, question=question, created_by=by, created_at=now, due_at=due
        )
        step = EscalationStep.objects.create(
            escalation=escalation,
            action=EscalationStep.Action.CREATED,
            chain_role=ChainRole.KASUBBAG,
            actor=by,
            note=question,
            created_at=now,
            due_at=due,
        )
        if inquiry.status != InquiryStatus.WAITING_ON_UNIT:
            transition_inquiry(
                inquiry,
                to=InquiryStatus.WAITING_ON_UNIT,
                by=by,
                note=_("Dieskalasi ke %(unit)s") % {"unit": unit.name},
            )
        _notify_unit(escalation, by=by)
        _notify_handoff(escalation, step, by=by)
    record_inbox_activity(by)
    return escalation


def _link(escalation: Escalation) -> str:
    return settings.PUBLIC_BASE_URL + reverse("inquiries:escalation", args=[escalation.pk])


def _notify_unit(escalation: Escalation, *, by: User) -> None:
    if not escalation.unit.email:
        return
    from outbox import services as automation_services

    automation_services.queue_message(
        channel=OutboundChannel.EMAIL,
        recipient=escalation.unit.email,
        purpose=Purpose.ALERT,
        subject=_("Eskalasi baru untuk unit %(unit)s") % {"unit": escalation.unit.name},
        body=_("Pertanyaan: %(q)s\nBatas waktu: %(due)s\n%(link)s")
        % {
            "q": escalation.question,
            "due": timezone.localtime(escalation.due_at).strftime("%d-%m-%Y %H:%M"),
            "link": _link(escalation),
        },
        inquiry=escalation.inquiry,
        by=by,
        dedup_key=f"escalation:{escalation.pk}",
    )


def _notify_people(
    users: Iterable[User],
    *,
    key: str,
    alert: StoredText,
    topic: str,
    body: str,
    url: str,
    escalation: Escalation,
    by: User,
) -> int:
    """In-app alert (in each reader's language) and email (the alert's words as its subject) for
    each person, once per key; the count notified."""
    from outbox import services as automation_services

    count = 0
    now = timezone.now()
    for user in users:
        # a concurrent hand-off that wrote the same alert makes this a no-op (the key is unique)
        automation_services.create_alert(
            key=f"{key}:{user.pk}", recipient=user, text=alert, topic=topic, url=url, now=now
        )
        if user.email:
            automation_services.queue_message(
                channel=OutboundChannel.EMAIL,
                recipient=user.email,
                purpose=Purpose.ALERT,
                subject=alert.text,
                body=body,
                inquiry=escalation.inquiry,
                by=by,
                dedup_key=f"{key}:{user.pk}"[:120],
            )
        count += 1
    return count


def _notify_handoff(escalation: Escalation, step: EscalationStep, *, by: User) -> int:
    """The holders of the receiving role learn the question is theirs, and by when."""
    inquiry = escalation.inquiry
    alert = texts.ESCALATION_WAITING.stored(
        role=step.chain_role, id=escalation.pk, asker=inquiry.contact_name or inquiry.contact_key
    )
    body = _("Pertanyaan #%(inquiry)s (%(channel)s): %(q)s\nBatas waktu langkah ini: %(due)s\n%(link)s") % {
        "inquiry": inquiry.pk,
        "channel": inquiry.get_channel_display(),
        "q": escalation.question,
        "due": timezone.localtime(step.due_at).strftime("%d-%m-%Y %H:%M") if step.due_at else "-",
        "link": _link(escalation),
    }
    return _notify_people(
        role_holders(escalation.unit, step.chain_role),
        key=f"esc-step:{step.pk}",
        alert=alert,
        topic=texts.escalation_topic(escalation.pk),
        body=body,
        url=reverse("inquiries:escalation", args=[escalation.pk]),
        escalation=escalation,
        by=by,
    )


def _notify_answer_back(escalation: Escalation, *, by: User) -> None:
    """The inbox agent who escalated (and the assignee) learn the unit's answer is ready to relay;
    a question asked on the phone also gets the answer on the lead's timeline and a call task."""
    from inquiries.services.lead_escalations import answer_back_to_lead

    answer_back_to_lead(escalation, by=by)
    inquiry = escalation.inquiry
    outbox_services.resolve_alerts(texts.escalation_topic(escalation.pk))  # no longer waits on the unit
    people = {u.pk: u for u in (escalation.created_by, inquiry.assignee) if u is not None and u.is_active}
    _notify_people(
        people.values(),
        key=f"esc-answer:{escalation.pk}",
        alert=texts.ESCALATION_ANSWERED.stored(unit=escalation.unit.name, id=inquiry.pk),
        topic=texts.relay_topic(inquiry.pk),
        body=escalation.answer,
        url=reverse("inquiries:detail", args=[inquiry.pk]),
        escalation=escalation,
        by=by,
    )


def _lock_pending(
    escalation: Escalation, user: User, *, check: Callable[[User, Escalation], bool] = may_act
) -> Escalation:
    if not check(user, escalation):
        raise PermissionDenied
    locked = Escalation.objects.select_for_update().get(pk=escalation.pk)
    if locked.status not in PENDING:
        raise InquiryError(_("Eskalasi ini sudah dijawab."))
    if check is may_act and locked.current_role != escalation.current_role:
        raise InquiryError(_("Eskalasi ini sudah diteruskan oleh orang lain; muat ulang halaman."))
    return locked


def _hand_off(
    locked: Escalation, *, to_role: str, status: str, note: str | StoredText, by: User, now: datetime
) -> EscalationStep:
    due = step_due(to_role, now=now)
    words, note_code, note_params = stored_columns(note)
    # the step left behind is no one's to do any more; the next step's holders are alerted below
    outbox_services.resolve_alerts(texts.escalation_topic(locked.pk), now=now)
    locked.status, locked.current_role, locked.due_at = status, to_role, due
    locked.save(update_fields=["status", "current_role", "due_at"])
    step = EscalationStep.objects.create(
        escalation=locked,
        action=EscalationStep.Action.FORWARDED,
        chain_role=to_role,
        actor=by,
        note=words,
        note_code=note_code,
        note_params=note_params,
        created_at=now,
        due_at=due,
    )
    _notify_handoff(locked, step, by=by)
    return step


def forward_escalation(
    escalation: Escalation, *, to_role: str | None = None, note: str = "", by: User
) -> Escalation:
    """Hand the question up the chain (by default to the next office); its clock starts now."""
    escalation.refresh_from_db(fields=["current_role", "status"])
    to_role = to_role or next_role(escalation.current_role)
    if to_role not in ChainRole.values:
        raise InquiryError(_("Tujuan penerusan tidak dikenal."))
    with transaction.atomic():
        locked = _lock_pending(escalation, by)
        if locked.status == EscalationStatus.VALIDATING:
            raise InquiryError(_("Jawaban menunggu validasi Kabag TU; validasi dulu sebelum meneruskan."))
        if rank(to_role) <= rank(locked.current_role):
            raise InquiryError(_("Eskalasi hanya dapat diteruskan ke jenjang yang lebih tinggi."))
        _hand_off(
            locked,
            to_role=to_role,
            status=EscalationStatus.FORWARDED,
            note=(note or "").strip(),
            by=by,
            now=timezone.now(),
        )
    return locked


def validate_escalation(escalation: Escalation, *, note: str, by: User) -> Escalation:
    """Kabag TU validates (Unmul 6.7); a draft answer awaiting validation then goes back to the inbox."""
    with transaction.atomic():
        locked = _lock_pending(escalation, by, check=may_validate)
        now = timezone.now()
        EscalationStep.objects.create(
            escalation=locked,
            action=EscalationStep.Action.VALIDATED,
            chain_role=VALIDATION_ROLE if has_chain(locked.unit_id) else locked.current_role,
            actor=by,
            note=(note or "").strip(),
            created_at=now,
        )
        if locked.status == EscalationStatus.VALIDATING:
            locked.status = EscalationStatus.ANSWERED
            locked.save(update_fields=["status"])
            _notify_answer_back(locked, by=by)
    return locked


def answer_escalation(escalation: Escalation, *, answer: str, by: User) -> Escalation:
    """The unit's answer: back to the inbox agent, or first to Kabag TU when the unit requires validation."""
    answer = (answer or "").strip()
    if not answer:
        raise InquiryError(_("Jawaban tidak boleh kosong."))
    now = timezone.now()
    with transaction.atomic():
        locked = _lock_pending(escalation, by)
        if locked.status == EscalationStatus.VALIDATING:
            raise InquiryError(_("Jawaban sudah dikirim dan menunggu validasi Kabag TU."))
        locked.answer, locked.answered_by, locked.answered_at = answer, by, now
        locked.save(update_fields=["answer", "answered_by", "answered_at"])
        EscalationStep.objects.create(
            escalation=locked,
            action=EscalationStep.Action.ANSWERED,
            chain_role=locked.current_role,
            actor=by,
            note=answer,
            created_at=now,
        )
        needs_validation = locked.unit.requires_validation and rank(locked.current_role) < rank(
            VALIDATION_ROLE
        )
        if needs_validation:
            _hand_off(
                locked,
                to_role=VALIDATION_ROLE,
                status=EscalationStatus.VALIDATING,
                note=texts.ANSWER_AWAITS_VALIDATION.stored(),
                by=by,
                now=now,
            )
        else:
            locked.status = EscalationStatus.ANSWERED
            locked.save(update_fields=["status"])
            _notify_answer_back(locked, by=by)
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
            raise InquiryError(
                _("Hanya jawaban unit yang sudah masuk (dan divalidasi) yang dapat disampaikan.")
            )
        body = (body or "").strip() or locked.answer
        from inquiries.services.workflow import reply_to_inquiry

        # The view's flash reads what happened to the relayed reply.
        locked.relay_message = reply_to_inquiry(locked.inquiry, body=body, by=by)  # type: ignore[attr-defined]
        now = timezone.now()
        locked.status, locked.relayed_at = EscalationStatus.RELAYED, now
        locked.save(update_fields=["status", "relayed_at"])
        outbox_services.resolve_alerts(texts.relay_topic(locked.inquiry_id), now=now)
        EscalationStep.objects.create(
            escalation=locked, action=EscalationStep.Action.RELAYED, actor=by, note=body, created_at=now
        )
    return locked
