"""The unit's side of the response chain in Chromium: queue rows that tell escalations apart, the
read-only conversation, forwarding that defaults to the next office, and its hand-off badge."""

from __future__ import annotations

from pathlib import Path

import pytest

from core import roles
from inquiries.models import ChainMember, Escalation, Unit
from inquiries.services import escalations
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def test_kasubbag_reads_the_conversation_and_forwards_to_kabag_tu(
    page, login_page, admin_medsos, whatsapp_inquiry
):
    unit = Unit.objects.get(code="keuangan")
    kasubbag = UserFactory(username="kasubbag", roles=[roles.UNIT])
    kabag = UserFactory(username="kabag", roles=[roles.UNIT])
    for user, role in ((kasubbag, "kasubbag"), (kabag, "kabag_tu")):
        unit.members.add(user)
        ChainMember.objects.create(unit=unit, role=role, user=user)
    for index, name in enumerate(["Siti Aminah", "Budi Santoso"]):
        inquiry = whatsapp_inquiry(
            text="Berapa biaya kuliah TI?", wa_id=f"62812000009{index}", name=name, mid=f"wamid.c{index}"
        )
        escalations.escalate_inquiry(inquiry, unit=unit, question="Berapa biaya kuliah TI?", by=admin_medsos)

    login_page(kasubbag)
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(f"{page.base_url}/inbox/escalations/")
    # The badge fetches its count by htmx right after the page loads.
    page.wait_for_selector("[data-testid=nav-badge][data-nav='inquiries:unit_queue'][data-count='2']")
    rows = page.locator("[data-testid=escalation-row]")
    assert rows.count() == 2
    assert {rows.nth(i).locator("[data-testid=asker]").inner_text() for i in range(2)} == {
        "Siti Aminah",
        "Budi Santoso",
    }
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "unit_queue_1366.png"), full_page=True)

    first = Escalation.objects.get(inquiry__contact_name="Siti Aminah")
    page.goto(f"{page.base_url}/inbox/escalations/{first.pk}/")
    assert "Berapa biaya kuliah TI?" in page.locator("[data-testid=conversation]").inner_text()
    assert page.locator("[data-testid=validate-form]").count() == 0
    assert page.locator("#id_to_role").input_value() == "kabag_tu"
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(SCREENSHOTS / "escalation_detail_390.png"), full_page=True)
    page.fill("[data-testid=forward-form] input[name=note]", "Mohon validasi nominal")
    with page.expect_navigation():
        page.click("[data-testid=forward-form] button")
    assert page.locator("[data-testid=current-role]").inner_text() == "Kabag TU"
    first.refresh_from_db()
    assert first.current_role == "kabag_tu"
