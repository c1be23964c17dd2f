"""The public form on a prospect's phone: phone keypad, a visible character limit, the campus name."""

from __future__ import annotations

import pytest

from leads.models import Lead
from tests.conftest import SHOTS

pytestmark = pytest.mark.django_db


def test_form_uses_a_phone_field_and_the_campus_name_from_settings(client, settings):
    settings.INSTITUTION_NAME = "Politeknik Uji Coba"
    body = client.get("/public/inquiry/").content.decode()
    assert 'type="tel"' in body and 'inputmode="tel"' in body
    assert "Politeknik Uji Coba" in body and "PMB CRM" not in body
    assert 'maxlength="2000"' not in body  # no silent cut
    assert "2000" in body  # the limit is shown


def test_a_too_long_question_is_refused_and_kept(client):
    text = "x" * 10_000
    response = client.post(
        "/public/inquiry/",
        {"full_name": "Panjang", "whatsapp": "081234560000", "track": "regular", "message": text},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert text in body  # the prospect's text is still there to shorten
    assert "10000 / 2000" in body
    assert not Lead.objects.filter(full_name="Panjang").exists()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_counter_follows_typing_on_a_phone(browser, live_server):
    context = browser.new_context(locale="id-ID", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"{live_server.url}/public/inquiry/")
    page.fill("textarea[name=message]", "y" * 2100)
    counter = page.locator("[data-testid=char-count]")
    assert counter.inner_text() == "2100 / 2000"
    assert "text-danger" in counter.get_attribute("class")
    assert page.locator("textarea[name=message]").input_value() == "y" * 2100  # nothing cut
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "public-form-390.png"), full_page=True)
    context.close()
