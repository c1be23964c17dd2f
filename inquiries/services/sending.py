"""What goes out to the contact, decided in the inbox before anything is queued (SOP 02 stage 2).

Outside WhatsApp's 24-hour window a free-form reply cannot reach the contact: the agent sees that
before sending and picks one of the approved WhatsApp templates (its parameters filled and its text
shown) or a call task. The outbox never swaps the agent's words for a template behind their back.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from inquiries import send_status, texts
from inquiries.models import ACTIVE_STATUSES, Channel, Direction, Inquiry, Message
from inquiries.services.channels import outbound_channel_and_recipient, reply_window
from inquiries.services.workflow import InquiryError, mark_responded, record_inbox_activity, template_values
from leads.models import FollowUp
from outbox.models import OutboundChannel, Purpose, WhatsAppTemplate


@dataclass(frozen=True)
class TemplateOption:
    """An approved WhatsApp template with the parameters this contact would get, and its text."""

    template: WhatsAppTemplate
    params: list[str]
    text: str


def template_params(
    template: WhatsAppTemplate, inquiry: Inquiry, *, extra: dict[str, str] | None = None
) -> list[str]:
    """Body parameters named by the template (first_name, full_name, program, ...) for this contact."""
    values = {**template_values(inquiry), **(extra or {})}
    names = [part.strip() for part in template.parameters.split(",") if part.strip()]
    return [values.get(name, "") or "" for name in names]


def template_options(inquiry: Inquiry) -> list[TemplateOption]:
    """Every active approved WhatsApp template, reply templates first, rendered for this contact."""
    from outbox.models import Purpose

    templates = sorted(
        WhatsAppTemplate.objects.filter(is_active=True),
        key=lambda t: (t.purpose != Purpose.REPLY, t.name),
    )
    options = []
    for template in templates:
        params = template_params(template, inquiry)
        options.append(
            TemplateOption(
                template, params, send_status.render_whatsapp_template(template.body_preview, params)
            )
        )
    return options


def send_template_reply(inquiry: Inquiry, *, template: WhatsAppTemplate, by: User) -> Message:
    """Queue an approved WhatsApp template to the contact; the bubble stores the text they receive."""
    from outbox import services as outbox

    if inquiry.status not in ACTIVE_STATUSES:
        raise InquiryError(_("Pertanyaan ini sudah ditutup; balasan tidak dikirim."))
    if inquiry.channel != Channel.WHATSAPP or not template.is_active:
        raise InquiryError(_("Template WhatsApp hanya untuk percakapan WhatsApp, dengan template aktif."))
    target = outbound_channel_and_recipient(inquiry)
    if target is None:
        raise InquiryError(_("Kontak ini tidak punya nomor WhatsApp."))
    recipient = target[1]
    params = template_params(template, inquiry)
    text = send_status.render_whatsapp_template(template.body_preview, params)
    now = timezone.now()
    with transaction.atomic():
        outbound = outbox.queue_message(
            channel=OutboundChannel.WHATSAPP,
            recipient=recipient,
            purpose=Purpose.REPLY,
            body=text,
            template_name=template.name,
            template_language=template.language,
            template_params=params,
            inquiry=inquiry,
            lead=inquiry.lead,
            by=by,
        )
        message = Message.objects.create(
            inquiry=inquiry,
            direction=Direction.OUTBOUND,
            type=Message.Kind.TEMPLATE,
            text=text,
            sent_at=now,
            sent_by=by,
            outbound=outbound,
            raw={"template": template.name, "language": template.language, "params": params},
        )
        mark_responded(inquiry, now=now, by=by)
    return message


def create_call_task(inquiry: Inquiry, *, by: User) -> FollowUp:
    """A call FollowUp for the inquirer (WhatsApp window closed, or no channel reaches them)."""
    from leads.policies import flag_lead_for_call

    lead = inquiry.lead
    if lead is None:
        raise InquiryError(
            _("Pertanyaan ini belum terhubung ke calon mahasiswa; tugas telepon tidak dibuat.")
        )
    if not (lead.phone or lead.whatsapp):
        raise InquiryError(_("Calon mahasiswa ini tidak punya nomor telepon; tugas telepon tidak dibuat."))
    follow_up = flag_lead_for_call(
        lead,
        reason=texts.ANSWER_BY_PHONE.stored(id=inquiry.pk),
        key=f"inquiry-call:{inquiry.pk}",
    )
    record_inbox_activity(by)
    return follow_up


def retry_refusal(message: Message) -> str:
    """Why retrying this failed outbound message cannot succeed now ("" when it can)."""
    outbound = message.outbound
    if outbound is None:
        return ""
    window = reply_window(message.inquiry)
    return send_status.retry_refusal(
        outbound.error_code,
        channel=outbound.channel,
        is_template=bool(outbound.template_name),
        window_open=window.is_open,
    )


def describe_send(message: Message) -> tuple[str, str]:
    """(level, text) for the flash after a reply: only what has actually happened."""
    if message.needs_approval and message.approved_by_id is None:
        return "info", _("Balasan disimpan dan menunggu persetujuan Humas/Kadiv; belum dikirim.")
    outbound = message.outbound
    if outbound is None:
        return "warning", _(
            "Balasan dicatat, tetapi kanal %(channel)s tidak terhubung: sampaikan sendiri lewat kanal itu."
        ) % {"channel": message.inquiry.get_channel_display()}
    outbound.refresh_from_db(fields=["status", "error_code"])
    if outbound.status == "failed":
        return "error", _("Balasan TIDAK terkirim: %(reason)s") % {
            "reason": send_status.failure_reason(outbound.error_code, channel=outbound.channel)
        }
    if outbound.status in ("sent", "delivered", "read"):
        return "success", _("Balasan terkirim ke penyedia (%(status)s).") % {
            "status": outbound.get_status_display()
        }
    return "info", _("Balasan masuk antrean kirim; statusnya tampil pada pesan.")
