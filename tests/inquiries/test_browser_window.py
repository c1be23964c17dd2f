"""Issue 10, first bullet, in headless Chromium: a WhatsApp conversation whose 24-hour window has
closed. The agent is told before sending, sees the approved template that will go out (parameters
filled), sends it, and the bubble then shows the template's text with its real delivery state."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from inquiries.models import Inquiry
from inquiries.signatures import sign
from outbox.models import OutboundMessage
from tests.inquiries.conftest import APP_SECRET, payload_json

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
TEMPLATE_TEXT = (
    "Halo Sheena, jawaban untuk pertanyaan Anda sudah siap. Balas pesan ini untuk melanjutkan percakapan."
)


def stale_body() -> bytes:
    """Meta's sample text message, written 30 hours ago: the 24-hour window is closed."""
    payload = payload_json("whatsapp_inbound_text.json")
    payload["entry"][0]["changes"][0]["value"]["messages"][0]["timestamp"] = str(int(time.time()) - 30 * 3600)
    return json.dumps(payload).encode()


def test_closed_window_warns_offers_the_template_and_the_bubble_shows_what_was_sent(
    page, login_page, admin_medsos
):
    body = stale_body()
    response = page.request.post(
        f"{page.base_url}/webhooks/whatsapp/",
        data=body,
        headers={"Content-Type": "application/json", "X-Hub-Signature-256": sign(body, APP_SECRET)},
    )
    assert response.status == 200
    inquiry = Inquiry.objects.get()

    login_page(admin_medsos)
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(f"{page.base_url}/inbox/{inquiry.pk}/")
    warning = page.locator("[data-testid=window-closed]")
    assert "Jendela 24 jam WhatsApp sudah tertutup" in warning.inner_text()
    # The template that will go out, exactly as the contact will read it.
    assert page.locator("[data-testid=template-preview]").inner_text() == TEMPLATE_TEXT
    # Free-form text cannot be sent: the button says so by being disabled, and the typed text stays.
    page.fill("#id_body", "Biaya kuliah Rp5 juta per semester.")
    assert page.locator("#reply-form button[type=submit]").is_disabled()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "inbox_window_closed_1366.png"), full_page=True)

    page.click("button:has-text('Kirim template ini')")
    page.wait_for_selector("[data-testid=message][data-type=template]")
    bubble = page.locator("[data-testid=message][data-type=template]")
    assert bubble.locator("[data-testid=message-text]").inner_text() == TEMPLATE_TEXT
    outbound = OutboundMessage.objects.get(inquiry=inquiry, purpose="reply")
    assert outbound.template_name == "pmb_reply_ready" and outbound.body == TEMPLATE_TEXT
    page.reload()
    state = page.locator("[data-testid=message][data-type=template] [data-testid=delivery-status]")
    assert state.get_attribute("data-value") == outbound.status == "sent"
    assert state.inner_text() == "Terkirim"
    # The agent's free-form text never became a bubble that claims to be sent.
    assert page.locator("[data-testid=message]:has-text('Biaya kuliah Rp5 juta')").count() == 0

    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(SCREENSHOTS / "inbox_window_closed_390.png"), full_page=True)
