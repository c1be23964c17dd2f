"""Webhook endpoints end to end: verification, signatures, storage, processing, every bad input."""

from __future__ import annotations

import json
import threading
from datetime import timedelta
from unittest import mock

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from inquiries.models import Inquiry, Message, WebhookEvent
from inquiries.services import ingest
from inquiries.signatures import sign
from leads.models import Lead, LeadStatus
from tests.inquiries.conftest import APP_SECRET, payload_bytes, payload_json, wa_text

pytestmark = pytest.mark.django_db

VECTORS = {v["file"]: v["x_hub_signature_256"] for v in payload_json("signature_vectors.json")["vectors"]}


# --- GET verification ---------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/webhooks/whatsapp/", "/webhooks/meta/"])
def test_verification_echoes_challenge_when_token_matches(client, path):
    query = payload_json("whatsapp_verification_get.json")["query"]
    response = client.get(path, query)
    assert response.status_code == 200 and response.content == b"1158201444"


@pytest.mark.parametrize("path", ["/webhooks/whatsapp/", "/webhooks/meta/"])
def test_verification_with_wrong_token_is_403(client, path):
    response = client.get(
        path, {"hub.mode": "subscribe", "hub.challenge": "1158201444", "hub.verify_token": "wrong"}
    )
    assert response.status_code == 403 and b"1158201444" not in response.content


def test_verification_without_configured_token_is_403(client, settings):
    settings.WHATSAPP_VERIFY_TOKEN = ""
    response = client.get(
        "/webhooks/whatsapp/", {"hub.mode": "subscribe", "hub.challenge": "1", "hub.verify_token": ""}
    )
    assert response.status_code == 403


def test_verification_needs_subscribe_mode(client):
    response = client.get(
        "/webhooks/whatsapp/",
        {"hub.mode": "unsubscribe", "hub.challenge": "1", "hub.verify_token": "vibecoding"},
    )
    assert response.status_code == 403


# --- POST signatures ----------------------------------------------------------------------------


def test_signed_sample_is_stored_and_becomes_an_inquiry(post_webhook):
    body = payload_bytes("whatsapp_inbound_text.json")
    response = post_webhook(body, signature=VECTORS["whatsapp_inbound_text.json"])
    assert response.status_code == 200
    event = WebhookEvent.objects.get()
    assert bytes(event.body) == body and event.state == WebhookEvent.State.PROCESSED
    message = Message.objects.get(direction="inbound")
    inquiry = message.inquiry
    assert (inquiry.channel, inquiry.contact_key, inquiry.contact_name) == (
        "whatsapp",
        "16505551234",
        "Sheena Nelson",
    )
    assert inquiry.received_at == message.sent_at  # the platform's timestamp, not ours
    lead = inquiry.lead
    assert (
        lead.whatsapp == "+16505551234"
        and lead.status == LeadStatus.INQUIRED
        and lead.source == "social_media"
    )
    assert lead.last_inbound_whatsapp_at == message.sent_at


@pytest.mark.parametrize(
    "signature", ["", "sha256=" + "0" * 64, "sha256=garbage", VECTORS["messenger_inbound_text.json"]]
)
def test_bad_or_missing_signature_is_403_and_nothing_stored(post_webhook, signature):
    response = post_webhook(payload_bytes("whatsapp_inbound_text.json"), signature=signature)
    assert response.status_code == 403
    assert not WebhookEvent.objects.exists() and not Message.objects.exists()


def test_signature_with_other_secret_is_403(post_webhook):
    response = post_webhook(payload_bytes("whatsapp_inbound_text.json"), secret="another-secret")
    assert response.status_code == 403 and not WebhookEvent.objects.exists()


def test_post_without_configured_secret_is_403(post_webhook, settings):
    settings.WHATSAPP_APP_SECRET = ""
    body = payload_bytes("whatsapp_inbound_text.json")
    assert post_webhook(body, secret="").status_code == 403
    assert not WebhookEvent.objects.exists()


def test_meta_endpoint_takes_messenger_and_instagram_samples(post_webhook):
    for name in ("messenger_inbound_text.json", "instagram_inbound_dm.json"):
        assert (
            post_webhook(payload_bytes(name), path="/webhooks/meta/", signature=VECTORS[name]).status_code
            == 200
        )
    assert sorted(Inquiry.objects.values_list("channel", flat=True)) == ["facebook", "instagram"]
    assert Lead.objects.get(facebook="<PSID>").status == LeadStatus.INQUIRED


def test_instagram_comment_lands_in_the_inbox(post_webhook):
    assert post_webhook(payload_bytes("instagram_comment.json"), path="/webhooks/meta/").status_code == 200
    message = Message.objects.get(direction="inbound")
    assert message.type == "comment" and message.inquiry.channel == "comment"
    assert message.inquiry.lead.instagram == "<INSTAGRAM_USER_USERNAME>"


# --- Malformed and unprocessable ------------------------------------------------------------------


@pytest.mark.parametrize(
    "body", [b"{not json", b"\xff\xfe", b"[]", b'{"object": "whatsapp_business_account"}']
)
def test_authentic_but_malformed_body_is_400_and_kept_failed_once(post_webhook, body):
    response = post_webhook(body)
    assert response.status_code == 400
    assert response.content.startswith(b"malformed payload: ") and response["Content-Type"] == "text/plain"
    event = WebhookEvent.objects.get()
    assert (
        event.state == WebhookEvent.State.FAILED
        and "unparseable" in event.error
        and bytes(event.body) == body
        and event.processed_at is not None
    )
    assert post_webhook(body).status_code == 400  # the platform's retry: still refused, stored once
    assert WebhookEvent.objects.count() == 1 and not Message.objects.exists()


def test_malformed_body_with_a_bad_signature_is_403_not_400(post_webhook):
    assert post_webhook(b"{not json", signature="sha256=" + "0" * 64).status_code == 403
    assert not WebhookEvent.objects.exists()


def test_unknown_message_types_are_stored_and_shown(post_webhook, client_for, admin_medsos):
    payload = wa_text(
        "wamid.sticker1", kind="sticker", extra={"sticker": {"id": "123", "mime_type": "image/webp"}}
    )
    post_webhook(payload)
    post_webhook(wa_text("wamid.future1", kind="brand_new_type"))
    assert sorted(Message.objects.values_list("type", flat=True)) == ["brand_new_type", "sticker"]
    assert WebhookEvent.objects.filter(state=WebhookEvent.State.PROCESSED).count() == 2
    inquiry = Inquiry.objects.get()
    page = client_for(admin_medsos).get(f"/inbox/{inquiry.pk}/")
    assert page.status_code == 200 and b"sticker" in page.content and b"brand_new_type" in page.content


def test_one_bad_item_does_not_lose_the_rest_of_the_batch(post_webhook):
    payload = wa_text("wamid.ok1")
    value = payload["entry"][0]["changes"][0]["value"]
    value["messages"].append(
        {
            "from": "6281234567002",
            "id": "wamid.ok2",
            "timestamp": "1749416383",
            "type": "text",
            "text": {"body": "hai"},
        }
    )
    with mock.patch.object(
        ingest, "record_inbound_message", side_effect=[RuntimeError("boom"), None]
    ) as patched:
        post_webhook(payload)
    event = WebhookEvent.objects.get()
    assert event.state == WebhookEvent.State.FAILED and "RuntimeError: boom" in event.error
    assert patched.call_count == 2


# --- Duplicates, concurrency, batches -------------------------------------------------------------


def test_duplicate_deliveries_give_one_message(post_webhook):
    body = payload_bytes("whatsapp_inbound_text.json")
    for _ in range(3):
        assert post_webhook(body).status_code == 200
    assert WebhookEvent.objects.count() == 1  # the same bytes again: stored once (unique digest)
    assert Message.objects.filter(direction="inbound").count() == 1
    assert Inquiry.objects.count() == 1 and Lead.objects.count() == 1


def test_messages_of_one_contact_thread_into_one_open_inquiry(post_webhook):
    post_webhook(wa_text("wamid.a"))
    post_webhook(wa_text("wamid.b", timestamp=1749610900, text="Dan biaya pendaftaran?"))
    inquiry = Inquiry.objects.get()
    assert inquiry.messages.count() == 2


def test_batched_payload_processes_every_entry_change_and_message(post_webhook):
    payload = {"object": "whatsapp_business_account", "entry": []}
    for e in range(5):
        changes = []
        for c in range(2):
            contacts, messages = [], []
            for m in range(10):
                wa_id = f"628123{e}{c}{m:04d}"
                contacts.append({"profile": {"name": f"Penanya {e}{c}{m}"}, "wa_id": wa_id})
                messages.append(
                    {
                        "from": wa_id,
                        "id": f"wamid.batch.{e}.{c}.{m}",
                        "timestamp": "1749610800",
                        "type": "text",
                        "text": {"body": "Syarat pendaftaran apa saja?"},
                    }
                )
            changes.append({"field": "messages", "value": {"contacts": contacts, "messages": messages}})
        payload["entry"].append({"id": f"10{e}", "changes": changes})  # "0" is the dashboard test
    assert post_webhook(payload).status_code == 200
    assert Message.objects.count() == 100 and Inquiry.objects.count() == 100
    assert WebhookEvent.objects.get().state == WebhookEvent.State.PROCESSED


def test_out_of_order_statuses_never_move_backwards(post_webhook, admin_medsos):
    """read, then a late delivered: the outbound message stays read (automation applies forward-only)."""
    from outbox.models import OutboundMessage, OutboundStatus

    post_webhook(payload_bytes("whatsapp_inbound_text.json"))
    inquiry = Inquiry.objects.get()
    from inquiries.services.sending import send_template_reply
    from outbox.models import WhatsAppTemplate

    # The sample message is old: the window is closed, so the agent answers with the approved template.
    template = WhatsAppTemplate.objects.get(name="pmb_reply_ready")
    reply = send_template_reply(inquiry, template=template, by=admin_medsos)
    OutboundMessage.objects.filter(pk=reply.outbound_id).update(
        provider_message_id="wamid.xyzxyz", status=OutboundStatus.SENT
    )
    assert post_webhook(payload_bytes("whatsapp_status_read.json")).status_code == 200
    assert post_webhook(payload_bytes("whatsapp_status_delivered.json")).status_code == 200
    reply.outbound.refresh_from_db()
    assert reply.outbound.status == OutboundStatus.READ
    assert WebhookEvent.objects.filter(state=WebhookEvent.State.PROCESSED).count() == 3


def test_status_for_unknown_message_is_accepted(post_webhook):
    assert post_webhook(payload_bytes("whatsapp_status_failed.json")).status_code == 200
    assert WebhookEvent.objects.get().state == WebhookEvent.State.PROCESSED


# --- Broker outage --------------------------------------------------------------------------------


def test_broker_down_still_answers_200_and_sweeper_processes_later(client):
    body = payload_bytes("whatsapp_inbound_text.json")
    with mock.patch(
        "inquiries.tasks.drain_webhook_events.apply_async", side_effect=ConnectionRefusedError("broker down")
    ):
        response = client.post(
            "/webhooks/whatsapp/",
            data=body,
            content_type="application/json",
            HTTP_X_HUB_SIGNATURE_256=sign(body, APP_SECRET),
        )
        ingest.ring_drain()  # what on_commit runs
    assert response.status_code == 200
    event = WebhookEvent.objects.get()
    assert event.state == WebhookEvent.State.PENDING and not Message.objects.exists()
    assert ingest.process_pending_webhook_events() == 0  # younger than a minute: the task may still come
    WebhookEvent.objects.update(received_at=timezone.now() - timedelta(minutes=2))
    from inquiries.tasks import process_pending_webhook_events

    assert process_pending_webhook_events.delay().get() == 1
    assert Message.objects.filter(direction="inbound").count() == 1
    event.refresh_from_db()
    assert event.state == WebhookEvent.State.PROCESSED and event.attempts == 1


def test_management_command_reprocesses_pending(client):
    from django.core.management import call_command

    WebhookEvent.objects.create(
        source="whatsapp",
        body=payload_bytes("whatsapp_inbound_text.json"),
        received_at=timezone.now() - timedelta(minutes=5),
    )
    call_command("process_pending_webhooks")
    assert Message.objects.filter(direction="inbound").count() == 1


def test_processed_event_is_not_processed_twice():
    event = WebhookEvent.objects.create(source="whatsapp", body=payload_bytes("whatsapp_inbound_text.json"))
    assert ingest.process_webhook_event(event.pk).state == WebhookEvent.State.PROCESSED
    assert ingest.process_webhook_event(event.pk) is None


@pytest.mark.django_db(transaction=True)
def test_concurrent_deliveries_of_one_message_store_one_message(settings):
    """Eight threads deliver the same signed body at once: one Message, one Inquiry, one Lead."""
    body = json.dumps(wa_text("wamid.race1", wa_id="6281299990001")).encode()
    signature = sign(body, APP_SECRET)
    barrier = threading.Barrier(8)
    statuses = []

    def deliver():
        try:
            barrier.wait()
            response = Client().post(
                "/webhooks/whatsapp/",
                data=body,
                content_type="application/json",
                HTTP_X_HUB_SIGNATURE_256=signature,
            )
            statuses.append(response.status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=deliver) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    ingest.process_pending_webhook_events(older_than=timedelta(0))  # anything a locked writer left behind
    assert statuses == [200] * 8
    assert WebhookEvent.objects.count() == 1  # one body, stored once
    assert Message.objects.filter(platform_message_id="wamid.race1").count() == 1
    assert Inquiry.objects.count() == 1 and Lead.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_first_messages_racing_open_one_inquiry():
    bodies = [
        json.dumps(wa_text(f"wamid.first{i}", wa_id="6281299990002", text=f"pesan {i}")).encode()
        for i in range(6)
    ]
    barrier = threading.Barrier(len(bodies))

    def deliver(body):
        try:
            barrier.wait()
            Client().post(
                "/webhooks/whatsapp/",
                data=body,
                content_type="application/json",
                HTTP_X_HUB_SIGNATURE_256=sign(body, APP_SECRET),
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=deliver, args=(b,)) for b in bodies]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    ingest.process_pending_webhook_events(older_than=timedelta(0))
    assert Inquiry.objects.count() == 1
    assert Message.objects.count() == 6
