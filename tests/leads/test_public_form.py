from __future__ import annotations

import pytest

from inquiries.models import Inquiry
from leads.models import Lead

pytestmark = pytest.mark.django_db

FORM = {
    "full_name": "Dina Marlina",
    "whatsapp": "0813-1234-5678",
    "email": "dina@contoh.id",
    "school": "SMA Negeri 1 Bintan",
    "city": "Bintan",
    "track": "regular",
    "message": "Berapa biaya kuliah?",
    "consent": "on",
    "website": "",
}


def test_public_form_creates_lead_with_consent(client):
    response = client.post("/public/inquiry/", FORM)
    assert response.status_code == 200 and "Terima kasih" in response.content.decode()
    lead = Lead.objects.get()
    assert (lead.whatsapp, lead.source, lead.has_marketing_consent, lead.institution.name) == (
        "+6281312345678",
        "online_form",
        True,
        "SMA Negeri 1 Bintan",
    )
    assert lead.consents.get().source == "public_form"
    inquiry = Inquiry.objects.get(lead=lead)  # the question is in the inbox, on the website channel
    assert inquiry.channel == "website"
    assert inquiry.messages.get(direction="inbound").text == "Berapa biaya kuliah?"
    assert inquiry.first_response_due is not None


def test_public_form_updates_existing_lead(client, lead):
    client.post("/public/inquiry/", {**FORM, "whatsapp": "0812-3456-7890", "email": ""})
    assert Lead.objects.count() == 1
    lead.refresh_from_db()
    assert lead.has_marketing_consent and lead.institution is not None


def test_public_form_bad_phone_answers_in_indonesian(client):
    response = client.post("/public/inquiry/", {**FORM, "whatsapp": "123"})
    assert response.status_code == 200 and "tidak valid" in response.content.decode()
    assert not Lead.objects.exists()


def test_honeypot_stores_nothing(client):
    response = client.post("/public/inquiry/", {**FORM, "website": "http://spam.example"})
    assert response.status_code == 200 and not Lead.objects.exists()


def test_rate_limit_per_address(client, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"public_form": "2/hour"}}
    for i in range(2):
        assert (
            client.post(
                "/public/inquiry/", {**FORM, "whatsapp": f"0813-1234-567{i}", "email": ""}
            ).status_code
            == 200
        )
    response = client.post("/public/inquiry/", {**FORM, "whatsapp": "0813-1234-5679", "email": ""})
    assert response.status_code == 429 and "Terlalu banyak" in response.content.decode()
    assert Lead.objects.count() == 2
    other = client.post(
        "/public/inquiry/", {**FORM, "whatsapp": "0813-1234-5600", "email": ""}, REMOTE_ADDR="10.0.0.9"
    )
    assert other.status_code == 200


def test_public_form_needs_no_login(client):
    assert client.get("/public/inquiry/").status_code == 200
