"""Kadiv picks last week on the dashboard, sees the charts drawn, and drills into a channel's registrants."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from tests.factories import UserFactory
from tests.reports.dashboard_data import JKT, build_week

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(os.environ.get("SCREENSHOT_DIR", "/tmp/pmb-screenshots"))

# True when the canvas has at least one pixel that is not fully transparent.
CANVAS_DRAWN = """(canvas) => {
  const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  for (let i = 3; i < pixels.length; i += 4) { if (pixels[i] !== 0) return true; }
  return false;
}"""


def test_kadiv_picks_last_week_sees_charts_and_opens_a_channels_registrants(browser, login_page, kadiv):
    today = timezone.localdate(timezone=JKT)
    last_monday = today - timedelta(days=today.weekday() + 7)
    build_week(last_monday, staff=UserFactory(username="rina", first_name="Rina", last_name="Marlina"))
    page = login_page(kadiv)
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(f"{page.base_url}/reports/")
    page.click("[data-preset=last_week]")
    page.wait_for_url("**/reports/?preset=last_week")
    heading = page.locator("[data-testid=period-heading]").inner_text()
    assert f"{last_monday.isocalendar()[0]}-W{last_monday.isocalendar()[1]:02d}" in heading

    canvases = page.locator("canvas[data-chart]")
    assert canvases.count() >= 5
    page.wait_for_selector("canvas[data-chart=registrations][data-rendered=true]")
    for index in range(canvases.count()):
        canvas = canvases.nth(index)
        assert canvas.get_attribute("data-rendered") == "true", canvas.get_attribute("data-chart")
        assert canvas.evaluate(CANVAS_DRAWN), canvas.get_attribute("data-chart")

    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "dashboard-desktop.png"), full_page=True)
    # The same page opened on a phone (a fresh load at phone width, as a phone would).
    phone = browser.new_context(locale="id-ID", viewport={"width": 390, "height": 844})
    phone.add_cookies(page.context.cookies())
    small = phone.new_page()
    small.goto(page.url)
    small.wait_for_selector("canvas[data-chart=registrations][data-rendered=true]")
    # Phone-friendly: wide tables scroll inside their box, the page itself does not scroll sideways.
    assert small.evaluate("document.documentElement.scrollWidth") <= 390
    small.screenshot(path=str(SHOTS / "dashboard-phone.png"), full_page=True)
    small.screenshot(path=str(SHOTS / "dashboard-phone-top.png"))
    for block in ("funnel", "funnel-channel", "trend-inquiries", "sla"):
        small.locator(f"[data-testid={block}]").screenshot(path=str(SHOTS / f"dashboard-phone-{block}.png"))
    phone.close()

    link = page.locator("[data-testid=funnel-channel] tr[data-row=whatsapp] a[data-stage=registered]")
    expected = int(link.inner_text())
    assert expected == 2
    link.click()
    page.wait_for_url("**/leads/?**")
    assert int(page.locator("[data-testid=lead-count]").inner_text()) == expected
    names = page.locator("table tbody tr").all_inner_texts()
    assert any("Putri Ayu" in row for row in names) and any("Dewi Lestari" in row for row in names)

    # The team's counts are links too: Rina's overdue follow-ups open the follow-up list.
    page.go_back()
    overdue = page.locator("[data-testid=team] a[href*='state=overdue']").first
    expected = int(overdue.inner_text())
    assert expected == 2
    overdue.click()
    page.wait_for_url("**/leads/follow-ups/?**")
    assert int(page.locator("[data-testid=activity-count]").inner_text()) == expected
    page.screenshot(path=str(SHOTS / "follow-ups-desktop.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(SHOTS / "follow-ups-phone.png"), full_page=True)
