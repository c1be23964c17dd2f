"""Backends that hand one outbound message to its provider.

Email goes through Django's email backend (SMTP in production). WhatsApp goes to the Cloud API
(`POST {GRAPH_API_URL}/{WHATSAPP_PHONE_NUMBER_ID}/messages`), Messenger and Instagram to the Send
API (`POST {GRAPH_API_URL}/me/messages`) — or, with MESSAGING_BACKEND="record" (the embedded
default), platform messages are recorded as sent without any HTTP call.

Every backend returns the provider's message id or raises `SendError`, which says whether the
failure is worth retrying and after how long at least.
"""

from __future__ import annotations

import smtplib
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import requests
from django.conf import settings
from django.core.mail import EmailMultiAlternatives

from core.texts import StoredText
from outbox import texts
from outbox.models import OutboundChannel, OutboundMessage

# WhatsApp Cloud API error codes with their own handling (developers.facebook.com, error codes).
WA_RATE_LIMITED = 130429  # throughput reached for the phone number
WA_PAIR_RATE_LIMITED = 131056  # too many messages to the same recipient in a short time
WA_OUTSIDE_WINDOW = 131047  # re-engagement message: more than 24 hours since the last inbound
BACKOFF_CODES = {WA_RATE_LIMITED, WA_PAIR_RATE_LIMITED}


@dataclass
class SendError(Exception):
    message: str
    retryable: bool
    code: str = ""
    # A longer minimum wait for rate-limit errors; 0 means the normal exponential backoff.
    min_backoff_seconds: int = 0
    # Our own words for the failure (shown in the reader's language); None: `message` as it came.
    text: StoredText | None = None

    def __str__(self) -> str:
        return self.message


def send(message: OutboundMessage, *, headers: dict[str, str] | None = None) -> str:
    """Send `message` through its channel's backend; the provider's message id."""
    if message.channel == OutboundChannel.EMAIL:
        return send_email(message, headers=headers or {})
    if settings.MESSAGING_BACKEND == "record":
        return f"recorded-{message.pk}"
    if settings.MESSAGING_BACKEND != "graph":
        raise SendError(
            f"MESSAGING_BACKEND={settings.MESSAGING_BACKEND!r} is neither 'record' nor 'graph'.",
            retryable=False,
        )
    if message.channel == OutboundChannel.WHATSAPP:
        return send_whatsapp(message)
    if message.channel in (OutboundChannel.MESSENGER, OutboundChannel.INSTAGRAM):
        return send_page_message(message)
    raise SendError(f"Unknown channel {message.channel!r}", retryable=False)


# --- Email -------------------------------------------------------------------------------------

# Files attached to an email, looked up by higher layers (reports attach the report's XLSX): the
# outbox stores no files itself. A provider returns [(filename, content bytes, content type)].
AttachmentProvider = Callable[[OutboundMessage], Iterable[tuple[str, bytes, str]]]
_attachment_providers: dict[str, AttachmentProvider] = {}


def register_attachments(purpose: str, provider: AttachmentProvider) -> None:
    """Let a higher layer attach files to the emails of `purpose` (called from its AppConfig.ready)."""
    _attachment_providers[purpose] = provider


def attachments_for(message: OutboundMessage) -> list[tuple[str, bytes, str]]:
    provider = _attachment_providers.get(message.purpose)
    return list(provider(message)) if provider is not None else []


def send_email(message: OutboundMessage, *, headers: dict[str, str]) -> str:
    domain = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip(">").strip() or "localhost"
    # A stable Message-ID per outbox row lets mail clients fold a duplicate delivery into one.
    message_id = f"<outbox-{message.pk}@{domain}>"
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body,
        to=[message.recipient],
        headers={"Message-ID": message_id, **headers},
    )
    if message.html_body:
        email.attach_alternative(message.html_body, "text/html")
    for filename, content, content_type in attachments_for(message):
        email.attach(filename, content, content_type)
    try:
        email.send(fail_silently=False)
    except smtplib.SMTPRecipientsRefused as exc:
        text = texts.EMAIL_REFUSED.stored(error=str(exc))
        raise SendError(text.text, retryable=False, code="smtp_refused", text=text) from exc
    except smtplib.SMTPResponseException as exc:
        # 4xx replies are temporary by RFC 5321; 5xx are permanent.
        raise SendError(
            f"SMTP {exc.smtp_code}: {exc.smtp_error!r}",
            retryable=400 <= exc.smtp_code < 500,
            code=f"smtp_{exc.smtp_code}",
        ) from exc
    except (TimeoutError, smtplib.SMTPException, OSError) as exc:
        raise SendError(
            f"SMTP: {exc.__class__.__name__}: {exc}", retryable=True, code="smtp_unavailable"
        ) from exc
    return message_id


# --- Graph API (WhatsApp Cloud API, Messenger / Instagram Send API) ----------------------------


def whatsapp_payload(message: OutboundMessage) -> dict:
    """The Cloud API body (see tests/inquiries/payloads/whatsapp_send_*_request.json) plus our outbox id."""
    payload: dict = {"messaging_product": "whatsapp", "recipient_type": "individual", "to": message.recipient}
    if message.template_name:
        template: dict = {
            "name": message.template_name,
            "language": {"code": message.template_language or "id"},
        }
        if message.template_params:
            parameters = []
            for param in message.template_params:
                if isinstance(param, dict):
                    parameters.append({"type": "text", **param})
                else:
                    parameters.append({"type": "text", "text": str(param)})
            template["components"] = [{"type": "body", "parameters": parameters}]
        payload.update({"type": "template", "template": template})
    else:
        payload.update({"type": "text", "text": {"preview_url": False, "body": message.body}})
    # Status callbacks echo this back, so a callback reconciles the row even if we crashed
    # before saving the provider's message id.
    payload["biz_opaque_callback_data"] = str(message.pk)
    return payload


def page_payload(message: OutboundMessage) -> dict:
    return {
        "recipient": {"id": message.recipient},
        "messaging_type": "RESPONSE",
        "message": {"text": message.body},
    }


def send_whatsapp(message: OutboundMessage) -> str:
    url = f"{settings.GRAPH_API_URL}/{settings.WHATSAPP_PHONE_NUMBER_ID}/messages"
    data = _post(url, settings.WHATSAPP_ACCESS_TOKEN, whatsapp_payload(message))
    try:
        return str(data["messages"][0]["id"])
    except (KeyError, IndexError, TypeError) as exc:
        raise SendError(
            f"WhatsApp answer without a message id: {data!r}"[:500], retryable=False, code="bad_response"
        ) from exc


def send_page_message(message: OutboundMessage) -> str:
    url = f"{settings.GRAPH_API_URL}/me/messages"
    data = _post(url, settings.META_PAGE_ACCESS_TOKEN, page_payload(message))
    try:
        return str(data["message_id"])
    except (KeyError, TypeError) as exc:
        raise SendError(
            f"Send API answer without a message id: {data!r}"[:500], retryable=False, code="bad_response"
        ) from exc


def _post(url: str, token: str, payload: dict) -> dict:
    try:
        response = requests.post(
            url,
            json=payload,
            headers={"Authorization": f"Bearer {token}"},
            timeout=settings.GRAPH_API_TIMEOUT,
        )
    except requests.Timeout as exc:
        raise SendError(
            f"Graph API timeout after {settings.GRAPH_API_TIMEOUT}s", retryable=True, code="timeout"
        ) from exc
    except requests.RequestException as exc:
        raise SendError(
            f"Graph API unreachable: {exc.__class__.__name__}", retryable=True, code="connection"
        ) from exc
    try:
        data = response.json()
    except ValueError:
        data = {}
    if response.status_code < 300:
        return data
    raise classify_graph_error(response.status_code, data)


def classify_graph_error(status: int, data: dict) -> SendError:
    """Map a Graph API error answer to retry or give up (pure; unit-tested)."""
    error = data.get("error") if isinstance(data, dict) else None
    error = error if isinstance(error, dict) else {}
    code = error.get("code")
    text = str(error.get("message") or f"HTTP {status}")[:500]
    code_text = str(code) if code is not None else f"http_{status}"
    if code in BACKOFF_CODES:
        return SendError(text, retryable=True, code=code_text, min_backoff_seconds=60)
    if code == WA_OUTSIDE_WINDOW:
        return SendError(text, retryable=False, code=code_text)
    if status >= 500 or status == 429:
        return SendError(text, retryable=True, code=code_text)
    return SendError(text, retryable=False, code=code_text)
