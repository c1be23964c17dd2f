"""The costs page and the daily report page in a real browser, at desktop and phone widths."""

from __future__ import annotations

import pytest

from leads.models import LeadSource, LeadStatus
from reports.models import SourceCost
from tests.reports.test_reports import make_lead, wib

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("viewport", [(1366, 768), (390, 844)])
def test_kadiv_enters_a_cost_in_the_browser(login_page, kadiv, viewport, tmp_path):
    make_lead("Ayu", "+6281300000101", created=wib(2026, 10, 3, 9), source=LeadSource.EXHIBITION)
    make_lead(
        "Bima",
        "+6281300000102",
        created=wib(2026, 10, 4, 9),
        source=LeadSource.EXHIBITION,
        status=LeadStatus.REGISTERED,
    )
    page = login_page(kadiv)
    page.set_viewport_size({"width": viewport[0], "height": viewport[1]})
    page.goto(f"{page.base_url}/reports/costs/?month=2026-10")
    form = page.locator("[data-testid=cost-form]")
    form.locator("select[name=source]").select_option("exhibition")
    form.locator("input[name=event]").fill("")
    form.locator("input[name=amount]").fill("3000000")
    form.locator("input[name=note]").fill("Stan pameran")
    form.locator("button[type=submit]").click()
    page.wait_for_url("**/reports/costs/?month=2026-10")
    assert page.locator(".alert-success").inner_text().strip().startswith("Biaya tersimpan")
    row = page.locator('[data-testid=roi-by-source] tr[data-source="exhibition"]')
    assert "Rp 1.500.000" in row.inner_text() and "Rp 3.000.000" in row.inner_text()
    assert SourceCost.objects.get().amount == 3_000_000
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport[0]  # no sideways page scroll
    page.screenshot(path=str(tmp_path / f"costs-{viewport[0]}.png"), full_page=True)


@pytest.mark.parametrize("viewport", [(1366, 768), (390, 844)])
def test_admin_media_sosial_opens_the_daily_report(login_page, admin_medsos, viewport, tmp_path):
    page = login_page(admin_medsos)
    page.set_viewport_size({"width": viewport[0], "height": viewport[1]})
    if viewport[0] < 768:
        page.locator(".navbar-toggler").click()
    page.get_by_role("link", name="Laporan harian").click()
    page.wait_for_url("**/reports/daily/")
    page.fill("#report-date", "2026-10-15")
    page.get_by_role("button", name="Tampilkan").click()
    page.wait_for_url("**/reports/daily/?date=2026-10-15")
    assert page.locator("h1").inner_text() == "Laporan harian Kamis, 15 Oktober 2026"
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport[0]
    page.screenshot(path=str(tmp_path / f"daily-{viewport[0]}.png"), full_page=True)
