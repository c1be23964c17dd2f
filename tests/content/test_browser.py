from __future__ import annotations

import os

import pytest
from django.utils import timezone

from content.models import ContentItem, ContentStatus

SHOTS = os.environ.get("CONTENT_SCREENSHOTS", "")


def _shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def _switch_user(page, login_page, user):
    page.context.clear_cookies()
    return login_page(user)


def _move(page, status: str, note: str = "") -> None:
    form = page.locator(f"form[data-move={status}]")
    if note:
        form.locator("textarea[name=note]").fill(note)
    form.locator(f"[data-testid=move-{status}]").click()
    page.wait_for_selector("text=Status konten:")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_item_goes_from_concept_to_posted_with_kadiv_approval_and_shows_in_calendar(
    login_page, admin_medsos, kadiv
):
    page = login_page(admin_medsos)
    page.click("nav >> text=Konten")
    page.click("text=Tambah konten")
    page.fill("input[name=title]", "Beasiswa KIP 2026")
    page.select_option("select[name=channel]", "instagram")
    page.fill("input[name=campaign]", "PMB-2026")
    page.fill("textarea[name=brief]", "Carousel 5 slide: syarat dan jadwal KIP")
    page.click("form.card button[type=submit]")
    page.wait_for_selector("[data-testid=content-code]")
    item = ContentItem.objects.get(title="Beasiswa KIP 2026")
    assert page.locator("[data-testid=content-code]").inner_text() == item.code
    assert item.code in page.locator("[data-testid=tracking-url]").input_value()

    _move(page, "production", "Desain di Canva")
    _move(page, "review")
    assert "Menunggu persetujuan" in page.locator("[data-testid=content-status]").inner_text()
    assert page.locator("form[data-move=approved]").count() == 0  # staff cannot approve their own work
    _shot(page, "detail-review-staff")

    page = _switch_user(page, login_page, kadiv)
    page.goto(f"{page.base_url}/content/{item.pk}/")
    _move(page, "approved", "Siap tayang")
    assert page.locator("[data-testid=content-status]").inner_text() == "Disetujui"

    page = _switch_user(page, login_page, admin_medsos)
    page.goto(f"{page.base_url}/content/{item.pk}/")
    when = timezone.localtime() + timezone.timedelta(hours=1)
    page.locator("form[data-move=scheduled] input[name=scheduled_at]").fill(when.strftime("%Y-%m-%dT%H:%M"))
    _move(page, "scheduled")
    posting = page.locator("form[data-move=posted]")
    for point in ("text", "visual", "link", "hashtags"):
        posting.locator(f"input[value={point}]").check()
    posting.locator("input[name=url]").fill("https://www.instagram.com/p/C0ntoh/")
    posting.locator("input[name=media_id]").fill("17895695668004550")
    _shot(page, "detail-before-posting")
    _move(page, "posted", "Sudah tayang")
    assert page.locator("[data-testid=content-status]").inner_text() == "Terposting"
    history = page.locator("[data-testid=content-history]").inner_text()
    assert "Siap tayang" in history and kadiv.get_full_name() in history

    item.refresh_from_db()
    assert item.status == ContentStatus.POSTED and item.media_id == "17895695668004550"
    assert list(item.status_changes.values_list("to_status", flat=True)) == [
        "concept",
        "production",
        "review",
        "approved",
        "scheduled",
        "posted",
    ]

    page.click("text=Kalender")
    page.wait_for_selector("[data-testid=content-calendar]")
    day = timezone.localtime(item.posted_at).date().isoformat()
    cell = page.locator(f"[data-date='{day}']")
    assert item.code in cell.locator("[data-testid=calendar-item]").inner_text()
    _shot(page, "calendar-month")
    page.goto(f"{page.base_url}/content/calendar/?view=week")
    assert page.locator("[data-testid=calendar-item]", has_text=item.code).count() == 1
    _shot(page, "calendar-week")
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    _shot(page, "calendar-week-phone")
    page.goto(f"{page.base_url}/content/{item.pk}/")
    _shot(page, "detail-phone")
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(f"{page.base_url}/content/evaluation/")
    _shot(page, "evaluation")
    page.goto(f"{page.base_url}/content/")
    _shot(page, "list")
