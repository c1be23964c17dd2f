"""The satisfaction survey (ITB care center): sent when a ticket closes, on the channel that can
reach the contact now, and answered once on a public page."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from inquiries import send_status
from inquiries.models import Channel, Inquiry, InquiryStatus, Message, SurveyResponse, SurveyRoute
from inquiries.services.channels import reply_window
from inquiries.services.workflow import InquiryError
from outbox.models import OutboundMessage

META_WINDOW = timedelta(hours=24)


def survey_link(inquiry: Inquiry) -> str:
    return settings.PUBLIC_BASE_URL + reverse("survey:form", args=[inquiry.survey_token])


def contact_email(inquiry: Inquiry) -> str:
    if inquiry.lead is not None and inquiry.lead.email:
        return inquiry.lead.email
    return inquiry.contact_key if "@" in inquiry.contact_key else ""


def survey_route(inquiry: Inquiry, *, now: datetime | None = None) -> SurveyRoute:
    """WhatsApp text inside the window, a WhatsApp survey template outside it, Messenger/Instagram
    inside their window, otherwise email, otherwise a link the agent copies."""
    from outbox import selectors as outbox_selectors

    now = now or timezone.now()
    if inquiry.channel == Channel.WHATSAPP:
        if reply_window(inquiry, now=now).is_open:
            return SurveyRoute.WHATSAPP
        if outbox_selectors.template_for("survey") is not None:
            return SurveyRoute.WHATSAPP_TEMPLATE
    elif inquiry.channel in (Channel.FACEBOOK, Channel.INSTAGRAM):
        last = (
            inquiry.messages.filter(direction="inbound")
            .order_by("-sent_at")
            .values_list("sent_at", flat=True)
            .first()
        )
        if last is not None and now - last < META_WINDOW:
            return SurveyRoute(inquiry.channel)
    if contact_email(inquiry):
        return SurveyRoute.EMAIL
    return SurveyRoute.LINK


def send_survey(inquiry: Inquiry, *, by: User) -> Message | None:
    """Queue the one-question survey once, on `survey_route`; None when the agent must pass the link on."""
    from inquiries.services.channels import outbound_channel_and_recipient
    from inquiries.services.sending import template_params
    from outbox import selectors as outbox_selectors
    from outbox import services as outbox

    now = timezone.now()
    if not Inquiry.objects.filter(pk=inquiry.pk, survey_sent_at__isnull=True).update(survey_sent_at=now):
        return None
    route = survey_route(inquiry, now=now)
    link = survey_link(inquiry)
    text = _(
        "Terima kasih telah menghubungi PMB Politeknik Bintan Cakrawala. Seberapa puas Anda dengan layanan kami? "
        "Beri nilai 1-5 di sini: %(link)s"
    ) % {"link": link}
    kind: str = Message.Kind.TEXT
    raw: dict[str, object] = {"survey": str(route)}
    outbound: OutboundMessage | None
    if route == SurveyRoute.LINK:
        outbound = None
    elif route == SurveyRoute.EMAIL:
        outbound = outbox.queue_message(
            channel="email",
            recipient=contact_email(inquiry),
            subject=_("Survei kepuasan PMB Politeknik Bintan Cakrawala (#%(id)s)") % {"id": inquiry.pk},
            body=text,
            purpose="survey",
            inquiry=inquiry,
            lead=inquiry.lead,
            by=by,
        )
    elif route == SurveyRoute.WHATSAPP_TEMPLATE:
        template = outbox_selectors.template_for("survey")
        target = outbound_channel_and_recipient(inquiry)
        assert template is not None and target is not None  # survey_route checked both
        params = template_params(template, inquiry, extra={"survey_link": link})
        text = send_status.render_whatsapp_template(template.body_preview, params)
        kind, raw = Message.Kind.TEMPLATE, {**raw, "template": template.name, "params": params}
        outbound = outbox.queue_message(
            channel="whatsapp",
            recipient=target[1],
            body=text,
            template_name=template.name,
            template_language=template.language,
            template_params=params,
            purpose="survey",
            inquiry=inquiry,
            lead=inquiry.lead,
            by=by,
        )
    else:
        target = outbound_channel_and_recipient(inquiry)
        assert target is not None  # Messenger/Instagram always have their contact id
        channel, recipient = target
        outbound = outbox.queue_message(
            channel=channel,
            recipient=recipient,
            body=text,
            purpose="survey",
            inquiry=inquiry,
            lead=inquiry.lead,
            by=by,
        )
    message = None
    if outbound is not None:
        message = Message.objects.create(
            inquiry=inquiry,
            direction="outbound",
            type=kind,
            text=text,
            sent_at=now,
            sent_by=by,
            outbound=outbound,
            raw=raw,
        )
    Inquiry.objects.filter(pk=inquiry.pk).update(survey_channel=route, survey_message=message)
    inquiry.survey_channel, inquiry.survey_message, inquiry.survey_sent_at = route, message, now
    return message


def survey_summary(inquiry: Inquiry) -> tuple[str, str]:
    """(level, text) telling the agent where the survey went and whether that worked."""
    if not inquiry.survey_sent_at:
        return "info", ""
    route = SurveyRoute(inquiry.survey_channel) if inquiry.survey_channel else None
    if route is None or route == SurveyRoute.LINK or inquiry.survey_message is None:
        return "warning", _(
            "Survei belum terkirim: tidak ada kanal yang menjangkau kontak saat ini. Salin tautannya dan "
            "sampaikan sendiri: %(link)s"
        ) % {"link": survey_link(inquiry)}
    outbound = inquiry.survey_message.outbound
    if outbound is None:
        return "info", ""
    if outbound.status == "failed":
        return "error", _("Survei lewat %(route)s GAGAL: %(reason)s") % {
            "route": route.label,
            "reason": send_status.failure_reason(outbound.error_code, channel=outbound.channel),
        }
    if outbound.status in ("queued", "sending"):
        return "info", _("Survei lewat %(route)s masuk antrean kirim.") % {"route": route.label}
    return "success", _("Survei lewat %(route)s: %(status)s.") % {
        "route": route.label,
        "status": outbound.get_status_display(),
    }


def submit_survey(inquiry: Inquiry, *, score: int, comment: str = "") -> SurveyResponse:
    """Store the inquirer's 1-5 answer (once per inquiry)."""
    if inquiry.status not in (InquiryStatus.RESOLVED, InquiryStatus.CLOSED):
        raise InquiryError(_("Survei hanya dapat diisi setelah pertanyaan ditutup."))
    if not 1 <= int(score) <= 5:
        raise InquiryError(_("Nilai harus antara 1 dan 5."))
    try:
        with transaction.atomic():
            return SurveyResponse.objects.create(
                inquiry=inquiry, score=int(score), comment=(comment or "").strip()
            )
    except IntegrityError as exc:
        raise InquiryError(_("Survei ini sudah diisi. Terima kasih!")) from exc
