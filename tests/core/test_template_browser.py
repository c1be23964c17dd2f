"""In the browser: a staff member revises a template, Kadiv approves it from the queue; the
supervisor edits the office calendar; screenshots of the new pages at desktop and phone sizes."""

from __future__ import annotations

import os

import pytest

from core.models import ResponseTemplate, TemplateKind, VersionStatus
from core.template_library import services
from core.template_library.services import VersionText

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("SCREENSHOT_DIR", "")


def shoot(page, name: str) -> None:
    if not SHOTS:
        return
    for width, height in ((1366, 768), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=f"{SHOTS}/{name}-{width}.png", full_page=True)


def test_a_revision_waits_for_kadiv_and_then_replaces_the_text(
    browser, live_server, admin_marketing, kadiv, password
):
    v1 = services.create_template(
        kind=TemplateKind.WELCOME,
        name="Sambutan",
        text=VersionText(subject="Selamat datang", body="Halo {name}, selamat datang."),
        by=admin_marketing,
        submit=True,
    )
    services.approve_version(v1, by=kadiv)

    def login(user):
        context = browser.new_context(locale="id-ID", viewport={"width": 1366, "height": 768})
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("input[name=username]", user.username)
        page.fill("input[name=password]", password)
        page.click("button[type=submit]")
        page.wait_for_url(f"{live_server.url}/")
        return context, page

    context, page = login(admin_marketing)
    page.click("nav >> text=Template")
    page.click("text=Sambutan")
    page.click("text=Revisi")
    page.fill("textarea[name=body]", "Halo {name}, selamat bergabung di PMB! (v2)")
    page.check("input[name=submit_for_approval]")
    page.click("button:has-text('Simpan draf')")
    assert "menunggu persetujuan" in page.locator(".alert-success").inner_text()
    assert "Halo Siti, selamat datang." in page.locator("[data-testid=approved-preview]").inner_text()
    assert "(v2)" in page.locator("[data-testid=open-preview]").inner_text()
    shoot(page, "template-detail")
    context.close()

    context, page = login(kadiv)
    page.goto(f"{live_server.url}/templates/")
    shoot(page, "template-list")
    page.click("[data-testid=queue-link]")
    card = page.locator("[data-testid^=queue-version-]")
    assert "(v2)" in card.inner_text()
    shoot(page, "template-queue")
    card.locator("button:has-text('Setujui')").click()
    assert "disetujui" in page.locator(".alert-success").inner_text()
    assert page.locator("[data-testid=queue-empty]").is_visible()
    context.close()
    template = ResponseTemplate.objects.get(name="Sambutan")
    assert template.body == "Halo {name}, selamat bergabung di PMB! (v2)"
    assert (
        template.approved_version.number == 2 and template.approved_version.status == VersionStatus.APPROVED
    )


def test_supervisor_sets_a_closure_and_sees_it_in_the_preview(login_page, supervisor):
    page = login_page(supervisor)
    page.click("nav >> text=Kalender kantor")
    form = page.locator("[data-testid=closure-form]")
    form.locator("input[name=name]").fill("Cuti bersama")
    from django.utils import timezone

    tomorrow = timezone.localdate() + timezone.timedelta(days=1)
    form.locator("input[name=starts_on]").fill(tomorrow.isoformat())
    form.locator("input[name=ends_on]").fill(tomorrow.isoformat())
    form.locator("button").click()
    day = page.locator(f"[data-testid=preview-{tomorrow.isoformat()}]")
    assert "Cuti bersama" in day.inner_text() and "tutup" in day.inner_text()
    shoot(page, "office-calendar")


def test_admin_marketing_composes_a_newsletter_and_kadiv_approves_it(
    browser, live_server, admin_marketing, kadiv, password
):
    from leads.models import Campaign, SavedSegment

    version = services.create_template(
        kind=TemplateKind.NEWSLETTER,
        name="Kabar PMB",
        text=VersionText(subject="Gelombang 2 dibuka", body="Pendaftaran gelombang 2 dibuka 1 April."),
        by=admin_marketing,
        submit=True,
    )
    services.approve_version(version, by=kadiv)
    SavedSegment.objects.create(name="Prospek cold", query="temperature=cold", created_by=admin_marketing)

    def login(user):
        context = browser.new_context(locale="id-ID", viewport={"width": 1366, "height": 768})
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("input[name=username]", user.username)
        page.fill("input[name=password]", password)
        page.click("button[type=submit]")
        page.wait_for_url(f"{live_server.url}/")
        return context, page

    context, page = login(admin_marketing)
    page.click("nav >> text=Newsletter")
    page.click("text=Kampanye baru")
    page.fill("input[name=name]", "Info April")
    page.select_option("select[name=template]", label="Kabar PMB")
    page.select_option("select[name=segment]", label="Prospek cold")
    shoot(page, "campaign-form")
    page.click("button:has-text('Simpan draf')")
    assert "Gelombang 2 dibuka" in page.locator("[data-testid=campaign-preview]").inner_text()
    page.click("button:has-text('Ajukan ke Kadiv')")
    assert "Menunggu persetujuan" in page.locator("[data-testid=campaign-status]").inner_text()
    context.close()

    context, page = login(kadiv)
    page.click("nav >> text=Newsletter")
    shoot(page, "campaign-list")
    page.click("text=Info April")
    page.click("button:has-text('Setujui')")
    assert "Disetujui" in page.locator("[data-testid=campaign-status]").inner_text()
    shoot(page, "campaign-detail")
    context.close()
    assert Campaign.objects.get().approved_by == kadiv


def test_supervisor_opens_the_faq_page_and_proposes_an_answer(login_page, supervisor):
    page = login_page(supervisor)
    page.goto(f"{page.base_url}/reports/faq/")
    form = page.locator("[data-testid=faq-proposal]")
    form.locator("input[name=name]").fill("Jadwal gelombang 2")
    form.locator("textarea[name=body]").fill("Halo {name}, gelombang 2 dibuka 1 April.")
    form.locator("button").click()
    assert "antrean persetujuan Kadiv" in page.locator(".alert-success").inner_text()
    shoot(page, "faq-report")
    assert (
        ResponseTemplate.objects.get(name="Jadwal gelombang 2").versions.get().status
        == VersionStatus.SUBMITTED
    )
