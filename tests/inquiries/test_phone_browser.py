"""The inbox on a phone (390x844): rows become cards that show channel, name, last message, SLA
and status; the counters follow the row poll; the "Belum ditugaskan" box lines up with its label."""

from __future__ import annotations

import pytest

from tests.conftest import PHONE, SHOTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _inside_screen(box) -> bool:
    return box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"] + 1


def test_inbox_rows_are_cards_on_a_phone_and_counters_follow_the_poll(phone, admin_medsos, whatsapp_inquiry):
    inquiry = whatsapp_inquiry(text="Halo, apakah ada beasiswa untuk D3 Teknik Informatika?")
    page = phone(admin_medsos)
    page.goto(f"{page.base_url}/inbox/")
    row = page.locator(f"[data-testid=inquiry-row][data-inquiry='{inquiry.pk}']")
    for part in (
        row.locator("[data-testid=inquiry-channel] svg"),
        row.locator("a", has_text="Siti Aminah"),
        row.locator("[data-testid=inquiry-last-message]"),
        row.locator("[data-sla]"),
        row.locator("[data-testid=inquiry-status]"),
    ):
        assert part.is_visible()
        assert _inside_screen(part.bounding_box()), part
    assert "beasiswa untuk D3" in row.locator("[data-testid=inquiry-last-message]").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    box = page.locator("#f-unassigned").bounding_box()
    label = page.locator("label[for=f-unassigned]").bounding_box()
    assert abs((box["y"] + box["height"] / 2) - (label["y"] + label["height"] / 2)) < 4
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "inbox-390.png"), full_page=True)

    counts = page.locator("[data-testid=inbox-counts] [data-count=total]")
    assert counts.inner_text().endswith(": 1")
    whatsapp_inquiry(wa_id="6281234567002", name="Budi", mid="wamid.second", text="Biaya kuliah?")
    page.clock.run_for(21_000)  # the 20-second poll
    page.wait_for_selector("[data-testid=inquiry-row] >> text=Budi")
    assert counts.inner_text().endswith(": 2")


def test_escalation_rows_are_cards_on_a_phone(phone, admin_medsos, unit_user, whatsapp_inquiry):
    from inquiries.models import Unit
    from inquiries.services.escalations import escalate_inquiry

    inquiry = whatsapp_inquiry()
    escalate_inquiry(
        inquiry,
        unit=Unit.objects.get(code="akademik"),
        question="Apakah lulusan SMK bisa masuk D4 Akuntansi?",
        by=admin_medsos,
    )
    page = phone(unit_user)
    page.goto(f"{page.base_url}/inbox/escalations/")
    row = page.locator("[data-testid=escalation-row]").first
    question = row.locator("a", has_text="lulusan SMK")
    assert question.is_visible() and _inside_screen(question.bounding_box())
    assert row.locator("[data-testid=escalation-status]").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=str(SHOTS / "escalations-390.png"), full_page=True)
