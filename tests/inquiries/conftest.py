"""Inbox fixtures: signed webhook posts with Meta's sample payloads (exact bytes, see payloads/SOURCES.md)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from inquiries.signatures import sign

PAYLOADS = Path(__file__).parent / "payloads"
APP_SECRET = "test_app_secret_do_not_use"  # the secret signature_vectors.json was computed with
VERIFY_TOKEN = "vibecoding"


def payload_bytes(name: str) -> bytes:
    return (PAYLOADS / name).read_bytes()


def payload_json(name: str) -> dict:
    return json.loads(payload_bytes(name))


@pytest.fixture(autouse=True)
def _webhook_settings(settings):
    settings.WHATSAPP_APP_SECRET = APP_SECRET
    settings.META_APP_SECRET = APP_SECRET
    settings.WHATSAPP_VERIFY_TOKEN = VERIFY_TOKEN
    settings.META_VERIFY_TOKEN = VERIFY_TOKEN
    settings.PUBLIC_BASE_URL = "http://testserver"


@pytest.fixture
def post_webhook(client, django_capture_on_commit_callbacks):
    """`post_webhook(body, path=..., signature=...)`: a signed POST whose processing runs (eager Celery)."""

    def post(
        body: bytes | dict,
        *,
        path: str = "/webhooks/whatsapp/",
        signature: str | None = None,
        secret: str = APP_SECRET,
    ):
        raw = json.dumps(body).encode() if isinstance(body, dict) else body
        headers = {} if signature == "" else {"HTTP_X_HUB_SIGNATURE_256": signature or sign(raw, secret)}
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(path, data=raw, content_type="application/json", **headers)

    return post


def wa_text(
    message_id: str,
    *,
    wa_id: str = "6281234567001",
    text: str = "Halo, kapan jadwal pendaftaran?",
    timestamp: int = 1749610800,
    name: str = "Siti Aminah",
    kind: str = "text",
    extra: dict | None = None,
) -> dict:
    message = {"from": wa_id, "id": message_id, "timestamp": str(timestamp), "type": kind}
    if kind == "text":
        message["text"] = {"body": text}
    message.update(extra or {})
    return {
        "object": "whatsapp_business_account",
        "entry": [
            {
                "id": "102290129340398",
                "changes": [
                    {
                        "field": "messages",
                        "value": {
                            "messaging_product": "whatsapp",
                            "metadata": {
                                "display_phone_number": "15550783881",
                                "phone_number_id": "106540352242922",
                            },
                            "contacts": [{"profile": {"name": name}, "wa_id": wa_id}],
                            "messages": [message],
                        },
                    }
                ],
            }
        ],
    }


@pytest.fixture
def whatsapp_inquiry(db, django_capture_on_commit_callbacks):
    """An inquiry opened by a fresh inbound WhatsApp message (inside the 24-hour window)."""
    from django.utils import timezone

    from inquiries.services.ingest import record_inbound_message
    from inquiries.webhooks import InboundMessage

    def make(
        text: str = "Kapan jadwal pendaftaran gelombang 2?",
        wa_id: str = "6281234567001",
        name: str = "Siti Aminah",
        mid: str = "wamid.fixture1",
    ):
        with django_capture_on_commit_callbacks(execute=True):
            message = record_inbound_message(
                InboundMessage(
                    channel="whatsapp",
                    contact_key=wa_id,
                    contact_name=name,
                    platform_message_id=mid,
                    type="text",
                    text=text,
                    sent_at=timezone.now(),
                    raw={},
                    phone="+" + wa_id,
                )
            )
        return message.inquiry

    return make


@pytest.fixture
def categories(db):
    from inquiries.models import Category

    return {c.name: c for c in Category.objects.all()}
