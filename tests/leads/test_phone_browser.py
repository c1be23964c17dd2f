"""The lead list and the call queue on a phone (390x844): filter chips, select all, an audited bulk
change, and a call card that refuses a follow-up in the past next to the field, keeping the note."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from core.models import AuditLog
from leads.models import FollowUp, Interaction, Lead, Temperature
from tests.conftest import PHONE, SHOTS
from tests.factories import FollowUpFactory, LeadFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_lead_list_chips_and_bulk_select_on_a_phone(phone, admin_marketing):
    for i in range(3):
        LeadFactory(full_name=f"Warm {i}", temperature=Temperature.WARM)
    LeadFactory(full_name="Cold One", temperature=Temperature.COLD)
    page = phone(admin_marketing)
    page.goto(f"{page.base_url}/leads/")

    # A checkbox dropdown, not a Ctrl-click list box.
    page.locator("[data-testid=filter-temperature] summary").click()
    page.locator("[data-testid=filter-temperature] label", has_text="Warm").click()
    page.click("[data-testid=lead-filters] button[type=submit]")
    chip = page.locator("[data-testid=filter-chip][data-filter=temperature]")
    assert "Warm" in chip.inner_text()
    assert page.locator("[data-testid=lead-row]").count() == 3
    rows_box = page.locator("[data-testid=lead-row]").first.bounding_box()
    assert rows_box["x"] + rows_box["width"] <= PHONE["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    page.check("[data-select-page]")
    assert page.locator("[data-selected-count]").inner_text() == "3"
    offer = page.locator("[data-testid=select-all-matching]")
    assert "Pilih semua 3 yang cocok" in offer.inner_text() and "5.000" in offer.inner_text()
    offer.locator("button").click()
    assert page.locator("[data-testid=all-matching-chosen]").is_visible()
    page.select_option("select[name=action]", "temperature")
    page.select_option("select[name=temperature]", "hot")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "lead-list-390.png"), full_page=True)
    page.click("[data-testid=bulk-submit]")
    page.wait_for_selector("text=Suhu 3 calon mahasiswa diubah.")
    assert set(Lead.objects.filter(full_name__startswith="Warm").values_list("temperature", flat=True)) == {
        "hot"
    }
    assert Lead.objects.get(full_name="Cold One").temperature == "cold"
    audit = AuditLog.objects.get(action="leads.bulk_set_temperature")
    assert audit.actor == admin_marketing and audit.detail["changed"] == 3

    # One click on the chip removes that filter (the list keeps the others, here none).
    page.goto(f"{page.base_url}/leads/?temperature=hot&temperature=cold")
    page.locator("[data-testid=filter-chip]", has_text="Hot").click()
    page.wait_for_url("**/leads/?temperature=cold")
    assert page.locator("[data-testid=lead-row]").count() == 1


def test_call_card_refuses_a_past_follow_up_next_to_the_field(phone, telemarketer):
    lead = LeadFactory(full_name="Rina Kartika", phone="+6281299990000")
    follow_up = FollowUpFactory(lead=lead, owner=telemarketer, due_at=timezone.now())
    page = phone(telemarketer)
    page.goto(f"{page.base_url}/calls/")
    card = page.locator("[data-testid=call-item]", has_text="Rina Kartika")
    assert card.locator("[data-testid=call-log-form]").count() == 0  # loaded on demand
    card.locator("[data-testid=open-call-form]").click()
    form = card.locator("[data-testid=call-log-form]")
    form.locator("label", has_text="Tidak diangkat").click()
    form.locator("textarea[name$=note]").fill("Coba lagi minggu depan")
    past = timezone.localtime() - dt.timedelta(days=3)
    form.locator("input[name$=next_follow_up_at]").fill(past.strftime("%Y-%m-%dT%H:%M"))
    form.locator("button[type=submit]").click()

    error = card.locator("[data-testid=follow-up-error]")
    error.wait_for()
    assert "sudah lewat" in error.inner_text() and error.is_visible()
    field_box = card.locator("input[name$=next_follow_up_at]").bounding_box()
    assert 0 <= error.bounding_box()["y"] - (field_box["y"] + field_box["height"]) < 40
    assert card.locator("textarea[name$=note]").input_value() == "Coba lagi minggu depan"
    assert card.locator("input[value=no_answer]").is_checked()
    card.screenshot(path=str(SHOTS / "call-card-390.png"))
    assert not Interaction.objects.exists()

    future = timezone.localtime() + dt.timedelta(days=2)
    card.locator("input[name$=next_follow_up_at]").fill(future.strftime("%Y-%m-%dT%H:%M"))
    card.locator("button[type=submit]").click()
    page.wait_for_selector("text=Interaksi tercatat.")
    follow_up.refresh_from_db()
    assert follow_up.completed_at is not None
    assert FollowUp.objects.pending().get(lead=lead).due_at > timezone.now()


def test_call_card_without_outcome_keeps_the_note(phone, telemarketer):
    lead = LeadFactory(full_name="Dedi Saputra", phone="+6281299990001")
    FollowUpFactory(lead=lead, owner=telemarketer, due_at=timezone.now())
    page = phone(telemarketer)
    page.goto(f"{page.base_url}/calls/")
    card = page.locator("[data-testid=call-item]", has_text="Dedi Saputra")
    card.locator("[data-testid=open-call-form]").click()
    card.locator("textarea[name$=note]").fill("Catatan panjang yang tidak boleh hilang")
    card.locator("button[type=submit]").click()
    card.locator("[data-testid=outcome-error]").wait_for()
    assert card.locator("textarea[name$=note]").input_value() == "Catatan panjang yang tidak boleh hilang"
    assert page.evaluate("window.scrollY") > 0 or card.bounding_box()["y"] < PHONE["height"]
