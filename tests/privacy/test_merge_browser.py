"""The duplicate finder and the side-by-side merge in Chromium, on a phone (390x844) and a desktop
(1366x768): open the finder, open a pair, pick fields, merge, see the kept lead with those values."""

from __future__ import annotations

import pytest

from leads.models import Lead, LeadMerge
from privacy import services
from tests.conftest import DESKTOP, PHONE, SHOTS
from tests.factories import InstitutionFactory, LeadFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_find_a_pair_pick_fields_and_merge(phone, admin_marketing, viewport):
    school = InstitutionFactory(name="SMA Negeri 2 Tanjungpinang")
    keep = LeadFactory(
        full_name="Putri Ayu Lestari",
        phone="+6281288880001",
        email="putri.ayu.lestari.panjang@contoh.sch.id",
        institution=school,
        notes="Tanya jalur beasiswa",
    )
    merge = LeadFactory(
        full_name="putri ayu lestari",
        phone="+6281288880002",
        email="",
        institution=school,
        notes="Datang ke pameran Batam",
    )
    services.scan_duplicates()
    page = phone(admin_marketing, viewport=viewport)
    width = viewport["width"]
    SHOTS.mkdir(parents=True, exist_ok=True)

    page.goto(f"{page.base_url}/leads/duplicates/")
    pair = page.locator("[data-testid=duplicate-pair]")
    assert pair.count() == 1
    assert "Nama sama dan sekolah/perusahaan sama" in pair.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=str(SHOTS / f"duplicates-{width}.png"), full_page=True)

    pair.locator("[data-testid=open-pair]").click()
    page.wait_for_selector("[data-testid=merge-form]")
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # columns fit, no sideways scroll
    row = page.locator("fieldset[data-field=full_name]")
    assert "Putri Ayu Lestari" in row.inner_text() and "putri ayu lestari" in row.inner_text()
    keep_box = row.locator("label").nth(0).bounding_box()
    merge_box = row.locator("label").nth(1).bounding_box()
    assert keep_box["x"] + keep_box["width"] <= merge_box["x"] + 1  # side by side, not overlapping
    # keep this record's name, take the other's phone, both notes (preselected)
    page.locator("fieldset[data-field=phone] label").nth(1).click()
    assert page.locator("fieldset[data-field=notes] input[value=both]").is_checked()
    moving = page.locator("[data-testid=merge-moving]").inner_text()
    assert f"#{merge.pk}" in moving and f"#{keep.pk}" in moving
    page.screenshot(path=str(SHOTS / f"merge-{width}.png"), full_page=True)

    page.click("[data-testid=merge-submit]")
    page.wait_for_url(f"**/leads/{keep.pk}/")
    assert "digabung ke" in page.locator(".alert").first.inner_text()
    body = page.locator("main").inner_text() if page.locator("main").count() else page.inner_text("body")
    assert "Putri Ayu Lestari" in body and "+6281288880002" in body.replace(" ", "")
    page.screenshot(path=str(SHOTS / f"merge-kept-{width}.png"), full_page=True)

    kept = Lead.objects.get(pk=keep.pk)
    assert (kept.full_name, kept.phone) == ("Putri Ayu Lestari", "+6281288880002")
    assert kept.notes == "Tanya jalur beasiswa\nDatang ke pameran Batam"
    assert not Lead.objects.filter(pk=merge.pk).exists() and LeadMerge.objects.count() == 1

    # The finder now offers the undo of that merge, and no longer the pair.
    page.goto(f"{page.base_url}/leads/duplicates/")
    assert page.locator("[data-testid=duplicate-pair]").count() == 0
    assert page.locator("[data-testid=undo-merge]").count() == 1
