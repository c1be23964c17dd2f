"""Media from WhatsApp and Messenger (issue 10 item 6): fetched through the (fake) Graph API by the
worker, size-capped, stored with the message, shown or downloadable in the conversation."""

from __future__ import annotations

import time

import pytest

from inquiries.models import MessageAttachment
from inquiries.services import media
from tests.inquiries.conftest import wa_text

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 200


def image_message(mid: str = "wamid.img1") -> dict:
    body = wa_text(mid, kind="image", timestamp=int(time.time()))
    body["entry"][0]["changes"][0]["value"]["messages"][0]["image"] = {
        "id": "MEDIA123",
        "mime_type": "image/png",
        "caption": "Bukti transfer",
    }
    return body


def test_whatsapp_image_is_fetched_stored_and_shown(
    fake_graph, post_webhook, client_for, admin_medsos, unit_user
):
    fake_graph.serve_media("MEDIA123", PNG, "image/png")
    assert post_webhook(image_message()).status_code == 200
    item = MessageAttachment.objects.get()
    assert (item.kind, item.mime_type, item.size, item.error) == ("image", "image/png", len(PNG), "")
    lookups = [r for r in fake_graph.requests if r.path == "/v23.0/MEDIA123"]
    assert lookups and lookups[0].headers["Authorization"] == "Bearer test-wa-token"
    client = client_for(admin_medsos)
    page = client.get(f"/inbox/{item.message.inquiry_id}/").content.decode()
    assert f'<img src="/inbox/media/{item.pk}/"' in page
    response = client.get(f"/inbox/media/{item.pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == PNG
    # A unit user of no escalation of this inquiry may not download it.
    assert client_for(unit_user).get(f"/inbox/media/{item.pk}/").status_code == 403
    # Fetching again stores nothing new.
    assert media.fetch_message_media(item.message_id) == 0


def test_media_over_the_size_cap_is_refused(fake_graph, post_webhook, settings):
    settings.INBOX_MEDIA_MAX_BYTES = 100
    fake_graph.serve_media("MEDIA123", PNG, "image/png")
    post_webhook(image_message("wamid.big"))
    item = MessageAttachment.objects.get()
    assert not item.file and "limit" in item.error
