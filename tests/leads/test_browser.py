from __future__ import annotations

import pytest
from django.utils import timezone

from leads.models import FollowUp, Lead, LeadStatus


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_create_find_call_and_move_a_lead(login_page, admin_marketing):
    page = login_page(admin_marketing)
    page.goto(f"{page.base_url}/leads/new/")
    page.fill("input[name=full_name]", "Yohana Simanjuntak")
    page.fill("input[name=phone]", "0812-7777-1234")
    page.fill("input[name=email]", "yohana@contoh.sch.id")
    page.select_option("select[name=source]", "exhibition")
    page.click("form.card button[type=submit]")
    page.wait_for_selector("[data-testid=lead-name]")
    lead = Lead.objects.get(full_name="Yohana Simanjuntak")
    assert lead.phone == "+6281277771234"

    page.goto(f"{page.base_url}/leads/")
    page.fill("input[name=q]", "0812 7777")
    page.click("[data-testid=lead-filters] button[type=submit]")
    page.wait_for_selector("[data-testid=lead-table] >> text=Yohana Simanjuntak")

    FollowUp.objects.create(
        lead=lead, owner=admin_marketing, due_at=timezone.now(), reason="Warm lead hari ke-2"
    )
    page.goto(f"{page.base_url}/calls/")
    item = page.locator("[data-testid=call-item]", has_text="Yohana Simanjuntak")
    assert item.locator("a[href='tel:+6281277771234']").count() == 1
    item.locator("[data-testid=open-call-form]").click()
    form = item.locator("[data-testid=call-log-form]")
    form.locator("label", has_text="Terhubung").click()
    form.locator("textarea[name$=note]").fill("Tertarik jalur reguler")
    form.locator("select[name$=status]").select_option("contacted")
    form.locator("button[type=submit]").click()
    page.wait_for_selector("text=Interaksi tercatat.")

    page.goto(f"{page.base_url}/leads/{lead.pk}/")
    assert page.locator("[data-testid=lead-status]").first.inner_text() == "Dihubungi"
    assert "Tertarik jalur reguler" in page.locator("[data-testid=interactions]").inner_text()
    lead.refresh_from_db()
    assert lead.status == LeadStatus.CONTACTED and not FollowUp.objects.pending().exists()
