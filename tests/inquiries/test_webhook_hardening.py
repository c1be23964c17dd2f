"""Webhooks: Meta dashboard test events, NUL characters and ids longer than any platform id."""

from __future__ import annotations

import pytest

from inquiries.models import Inquiry, Message, WebhookEvent
from leads.models import Lead
from tests.inquiries.conftest import wa_text

pytestmark = pytest.mark.django_db

# What the app dashboard's "Test" button sends (entry id "0", Meta's sample sender).
WHATSAPP_DASHBOARD_TEST = {
    "object": "whatsapp_business_account",
    "entry": [
        {
            "id": "0",
            "changes": [
                {
                    "field": "messages",
                    "value": {
                        "messaging_product": "whatsapp",
                        "metadata": {"display_phone_number": "16505551111", "phone_number_id": "123456123"},
                        "contacts": [{"profile": {"name": "test user name"}, "wa_id": "16315551181"}],
                        "messages": [
                            {
                                "from": "16315551181",
                                "id": "ABGGFlA5Fpa",
                                "timestamp": "1504902988",
                                "type": "text",
                                "text": {"body": "this is a text message"},
                            }
                        ],
                    },
                }
            ],
        }
    ],
}
INSTAGRAM_DASHBOARD_TEST = {
    "object": "instagram",
    "entry": [
        {
            "id": "0",
            "time": 1749610800,
            "changes": [
                {
                    "field": "comments",
                    "value": {
                        "from": {"id": "232323232", "username": "test"},
                        "media": {"id": "123123123", "media_product_type": "FEED"},
                        "id": "17865799348089039",
                        "text": "This is an example.",
                    },
                }
            ],
        }
    ],
}


@pytest.mark.parametrize(
    "body,path",
    [(WHATSAPP_DASHBOARD_TEST, "/webhooks/whatsapp/"), (INSTAGRAM_DASHBOARD_TEST, "/webhooks/meta/")],
    ids=["whatsapp", "instagram"],
)
def test_dashboard_test_event_is_stored_as_a_test_and_creates_nothing(post_webhook, body, path):
    assert post_webhook(body, path=path).status_code == 200
    event = WebhookEvent.objects.get()
    assert event.is_test and event.state == WebhookEvent.State.PROCESSED
    assert "test event" in event.error
    assert not Lead.objects.exists() and not Inquiry.objects.exists() and not Message.objects.exists()


def test_real_entries_beside_a_test_entry_are_still_processed(post_webhook):
    body = wa_text("wamid.real1")
    body["entry"].append(WHATSAPP_DASHBOARD_TEST["entry"][0])
    post_webhook(body)
    assert Message.objects.get().platform_message_id == "wamid.real1"
    assert WebhookEvent.objects.get().is_test


def test_nul_characters_are_dropped_from_webhook_text(post_webhook):
    post_webhook(wa_text("wamid.nul1", text="Ha\x00lo", name="Si\x00ti"))
    message = Message.objects.get()
    assert message.text == "Halo" and message.inquiry.contact_name == "Siti"


def test_ids_longer_than_their_columns_are_ignored_not_failed(post_webhook):
    post_webhook(wa_text("wamid." + "x" * 300))
    post_webhook(wa_text("wamid.longname", name="N" * 500))
    event = WebhookEvent.objects.order_by("pk").first()
    assert event.state == WebhookEvent.State.PROCESSED and "longer than any platform id" in event.error
    assert Message.objects.get().inquiry.contact_name == "N" * 160
