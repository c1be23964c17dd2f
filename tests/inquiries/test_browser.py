"""The main inbox flow in headless Chromium: webhook -> inbox -> triage -> template reply (Ctrl+Enter)
-> escalate -> unit answers -> relay -> close -> survey."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.utils import timezone

from core.models import ResponseTemplate, TemplateKind
from core.roles import sync_role_permissions
from inquiries.models import Inquiry
from inquiries.signatures import sign
from tests.inquiries.conftest import APP_SECRET
from tests.inquiries.test_end_to_end import fresh_sample_body

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def reference_data(db):
    """Transactional tests flush the tables that data migrations filled: put roles, units, categories back."""
    sync_role_permissions(apps)
    importlib.import_module("inquiries.migrations.0003_default_units_and_categories").forwards(apps, None)


def logout(page):
    page.click("form[action='/accounts/logout/'] button")
    page.wait_for_url("**/accounts/login/**")


def test_inbox_main_flow_in_the_browser(reference_data, page, login_page, admin_medsos, unit_user):
    ResponseTemplate.objects.create(
        kind=TemplateKind.FAQ,
        name="Salam",
        approved_at=timezone.now(),
        body="Halo {name}, terima kasih sudah bertanya.",
    )
    body = fresh_sample_body()
    response = page.request.post(
        f"{page.base_url}/webhooks/whatsapp/",
        data=body,
        headers={"Content-Type": "application/json", "X-Hub-Signature-256": sign(body, APP_SECRET)},
    )
    assert response.status == 200
    inquiry = Inquiry.objects.get()

    login_page(admin_medsos)
    page.goto(f"{page.base_url}/inbox/")
    page.click("text=Sheena Nelson")
    page.wait_for_url(f"**/inbox/{inquiry.pk}/")
    assert "Does it come in another color?" in page.locator("[data-testid=conversation]").inner_text()

    page.select_option("#id_level", "2")
    page.select_option("#id_triage_category", label="Kurikulum prodi (L2)")
    page.click("text=Konfirmasi triase")
    page.wait_for_selector("[data-testid=inquiry-level]")
    assert "Kurikulum prodi" in page.locator("[data-testid=inquiry-level]").inner_text()

    page.click("[data-testid=reply-templates] button:has-text('Salam')")
    assert page.input_value("#id_body") == "Halo Sheena Nelson, terima kasih sudah bertanya."
    page.focus("#id_body")
    page.keyboard.press("Control+Enter")
    page.wait_for_selector("text=/Balasan (masuk antrean kirim|terkirim ke penyedia)/")
    assert page.locator("[data-direction=outbound]:has-text('terima kasih sudah bertanya')").count() == 1

    page.fill("textarea[name=question]", "Apakah seragam praktik ada warna lain?")
    page.click("button:has-text('Eskalasi')")
    page.wait_for_selector("text=Pertanyaan dieskalasi ke unit.")
    logout(page)

    login_page(unit_user)
    page.goto(f"{page.base_url}/inbox/escalations/")
    page.click("text=Apakah seragam praktik ada warna lain?")
    page.fill("#id_answer", "Ada: hitam dan putih.")
    page.click("button:has-text('Kirim jawaban')")
    page.wait_for_selector("[data-testid=unit-answer]")
    logout(page)

    login_page(admin_medsos)
    page.goto(f"{page.base_url}/inbox/{inquiry.pk}/")
    page.click("[data-testid=escalation] button:has-text('Sampaikan')")
    page.wait_for_selector("text=/Balasan (masuk antrean kirim|terkirim ke penyedia)/")
    page.fill("textarea[name=note]", "Dijawab bersama unit Akademik")
    with page.expect_navigation():
        page.click("button:has-text('Tutup & kirim survei')")
    assert "Pertanyaan ditutup. Survei lewat WhatsApp" in page.locator(".messages").inner_text(), (
        page.locator(".messages").inner_text()
    )
    assert page.locator("[data-testid=inquiry-status]").inner_text() == "Ditutup"

    inquiry.refresh_from_db()
    page.goto(f"{page.base_url}/survey/{inquiry.survey_token}/")
    page.click("label[for=score-4]")
    page.fill("#id_comment", "Membantu")
    page.click("button:has-text('Kirim')")
    page.wait_for_selector("[data-testid=survey-thanks]")
    inquiry.refresh_from_db()
    assert inquiry.survey.score == 4
