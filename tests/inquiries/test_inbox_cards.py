"""The inbox poll refreshes the counters too; rows carry what the phone card shows."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_poll_response_carries_the_counters_out_of_band(client_for, admin_medsos, whatsapp_inquiry):
    whatsapp_inquiry()
    client = client_for(admin_medsos)
    page = client.get("/inbox/").content.decode()
    assert page.count('<div id="inbox-counts"') == 1 and "hx-swap-oob" not in page
    whatsapp_inquiry(wa_id="6281234567002", name="Budi", mid="wamid.second")
    poll = client.get("/inbox/", HTTP_HX_REQUEST="true").content.decode()
    assert 'id="inbox-counts"' in poll and 'hx-swap-oob="true"' in poll
    assert "Aktif: 2" in poll


def test_row_shows_the_prospects_latest_message(client_for, admin_medsos, whatsapp_inquiry):
    from django.utils import timezone

    from inquiries.services.ingest import record_inbound_message
    from inquiries.webhooks import InboundMessage

    inquiry = whatsapp_inquiry(text="Pertanyaan pertama")
    record_inbound_message(
        InboundMessage(
            channel="whatsapp",
            contact_key=inquiry.contact_key,
            contact_name="Siti Aminah",
            platform_message_id="wamid.later",
            type="text",
            text="Pertanyaan susulan soal biaya",
            sent_at=timezone.now(),
            raw={},
            phone="+" + inquiry.contact_key,
        )
    )
    body = client_for(admin_medsos).get("/inbox/").content.decode()
    assert "Pertanyaan susulan soal biaya" in body
    assert 'href="/static/img/channels.svg#whatsapp"' in body
