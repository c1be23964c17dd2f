"""Escalating a question asked on the phone (SOP 03 stage 3.3): a telemarketer's finance or academic
question becomes a phone inquiry with the escalation attached; the unit's answer comes back to the
lead's timeline and as a call task in the telemarketer's queue."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import changes
from inquiries import texts
from inquiries.models import Channel, Escalation, Inquiry, Unit
from inquiries.services.escalations import escalate_inquiry
from inquiries.services.workflow import InquiryError, record_manual_inquiry
from leads.models import Lead
from leads.texts import follow_up_reason


def escalate_from_lead(lead: Lead, *, unit: Unit, question: str, by: User) -> Escalation:
    """Record the question as a phone inquiry of this lead and escalate it to the unit."""
    question = (question or "").strip()
    if not question:
        raise InquiryError(_("Tuliskan pertanyaan untuk unit."))
    with transaction.atomic():
        inquiry = record_manual_inquiry(
            channel=Channel.PHONE,
            text=question,
            by=by,
            contact_name=lead.full_name,
            phone=lead.phone or lead.whatsapp or "",
            email=lead.email or "",
        )
        if inquiry.lead_id != lead.pk or inquiry.assignee_id is None:
            Inquiry.objects.filter(pk=inquiry.pk).update(lead=lead, assignee=by)
            changes.leads_changed([lead.pk, inquiry.lead_id])
            inquiry.lead, inquiry.assignee = lead, by
        return escalate_inquiry(inquiry, unit=unit, question=question, by=by)


def answer_back_to_lead(escalation: Escalation, *, by: User) -> None:
    """A phone question's answer: a note on the lead's timeline and a call task for whoever asked."""
    from leads.models import Direction, FollowUp, FollowUpKind, InteractionKind
    from leads.services import log_interaction

    inquiry = escalation.inquiry
    lead = inquiry.lead
    if inquiry.channel != Channel.PHONE or lead is None:
        return
    text = texts.UNIT_ANSWER_NOTE.stored(unit=escalation.unit.name, id=inquiry.pk, answer=escalation.answer)
    log_interaction(lead, kind=InteractionKind.NOTE, direction=Direction.INBOUND, note=text, by=by)
    FollowUp.objects.get_or_create(
        dedup_key=f"esc-answer-call:{escalation.pk}",
        defaults={
            "lead": lead,
            "kind": FollowUpKind.CALL,
            "owner": escalation.created_by,
            "due_at": timezone.now(),
            **follow_up_reason(texts.RELAY_ANSWER_BY_PHONE.stored(unit=escalation.unit.name, id=inquiry.pk)),
        },
    )
