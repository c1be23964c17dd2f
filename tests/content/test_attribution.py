from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from content.attribution import attribute_lead_by_staff, codes_in
from content.models import Attribution, AttributionVia, ContentItem
from core import touches
from inquiries.models import Inquiry
from leads.models import Lead

pytestmark = pytest.mark.django_db

FORM = {
    "full_name": "Sari Wulandari",
    "whatsapp": "0813-5555-0101",
    "email": "sari@contoh.id",
    "school": "SMA Negeri 2 Tanjungpinang",
    "city": "Tanjungpinang",
    "track": "scholarship",
    "message": "Apa syarat beasiswa?",
    "consent": "on",
    "website": "",
}


def test_codes_are_found_in_free_text():
    assert codes_in("Halo kak, saya lihat post ig-0012 dan WEB-0100, bukan XIG-0013 atau IG-12") == [
        "IG-0012",
        "WEB-0100",
    ]
    assert codes_in("") == []


def test_tracking_link_redirects_to_the_public_form_with_utm_and_counts_the_click(client, make_item):
    item = make_item(channel="instagram")
    response = client.get(f"/r/{item.code.lower()}/")
    assert response.status_code == 302
    target = urlsplit(response["Location"])
    assert target.path == "/public/inquiry/"
    assert parse_qs(target.query) == {
        "utm_source": ["instagram"],
        "utm_medium": ["social"],
        "utm_campaign": [item.code],
    }
    assert ContentItem.objects.get(pk=item.pk).link_clicks == 1


def test_tracking_link_to_a_target_url_keeps_its_query(client, make_item):
    item = make_item(channel="youtube", target_url="https://pmb.example.ac.id/daftar?ref=yt&utm_source=old")
    location = client.get(f"/r/{item.code}/")["Location"]
    parts = urlsplit(location)
    assert (parts.netloc, parts.path) == ("pmb.example.ac.id", "/daftar")
    assert parse_qs(parts.query) == {
        "ref": ["yt"],
        "utm_source": ["youtube"],
        "utm_medium": ["social"],
        "utm_campaign": [item.code],
    }


def test_unknown_or_cancelled_tracking_code_still_reaches_the_form_unattributed(client, make_item, move):
    assert client.get("/r/IG-9999/")["Location"] == "/public/inquiry/"
    item = move(make_item(), "cancelled")
    response = client.get(f"/r/{item.code}/")
    assert (response.status_code, response["Location"]) == (302, "/public/inquiry/")
    assert ContentItem.objects.get(pk=item.pk).link_clicks == 0


def test_public_form_through_the_tracking_link_attributes_the_lead(client, make_item, kadiv):
    item = make_item(channel="instagram", campaign="PMB-2026")
    form_url = client.get(f"/r/{item.code}/")["Location"]
    page = client.get(form_url).content.decode()
    assert f'name="utm_campaign" value="{item.code}"' in page  # the hidden field carries the code
    response = client.post(form_url, FORM)
    assert response.status_code == 200 and "Terima kasih" in response.content.decode()

    lead = Lead.objects.get()
    inquiry = Inquiry.objects.get(lead=lead)
    assert (lead.campaign_code, inquiry.campaign_code) == (item.code, item.code)
    assert Attribution.objects.filter(item=item, lead=lead, via=AttributionVia.FORM).exists()
    api = APIClient()
    api.force_authenticate(kadiv)
    assert api.get(f"/api/v1/leads/{lead.pk}/").json()["campaign"] == item.code
    assert api.get(f"/api/v1/inquiries/{inquiry.pk}/").json()["campaign"] == item.code
    detail = api.get(f"/api/v1/content/{item.pk}/").json()
    assert (detail["leads_count"], detail["inquiries_count"]) == (1, 1)


def test_hidden_field_alone_attributes_and_an_unknown_code_is_ignored(client, make_item):
    item = make_item(channel="facebook")
    client.post("/public/inquiry/", {**FORM, "message": "", "utm_campaign": item.code})
    assert Lead.objects.get().campaign_code == item.code
    client.post(
        "/public/inquiry/", {**FORM, "whatsapp": "0813-5555-0202", "email": "", "utm_campaign": "FB-9999"}
    )
    assert Lead.objects.get(whatsapp="+6281355550202").campaign_code is None


def test_first_touch_wins_and_lead_json_is_null_without_attribution(client, make_item, kadiv):
    first, second = make_item(title="Pertama"), make_item(title="Kedua")
    client.post(f"/public/inquiry/?utm_campaign={first.code}", {**FORM, "message": ""})
    client.post(f"/public/inquiry/?utm_campaign={second.code}", {**FORM, "message": ""})
    lead = Lead.objects.get()
    assert lead.campaign_code == first.code
    assert Attribution.objects.filter(lead=lead).count() == 2  # both touches are kept
    other = Lead.objects.create(full_name="Tanpa kampanye")
    api = APIClient()
    api.force_authenticate(kadiv)
    assert api.get(f"/api/v1/leads/{other.pk}/").json()["campaign"] is None


def test_inbound_message_quoting_a_code_attributes_inquiry_and_lead(make_item):
    from inquiries.services.workflow import record_manual_inquiry

    item = make_item(channel="whatsapp")
    inquiry = record_manual_inquiry(
        channel="whatsapp",
        text=f"Halo, saya dari postingan {item.code.lower()}, info biaya?",
        phone="081355550303",
        contact_name="Rudi",
    )
    inquiry.refresh_from_db()
    assert inquiry.campaign_code == item.code
    assert inquiry.lead.campaign_code == item.code
    assert Attribution.objects.get(inquiry=inquiry).via == AttributionVia.MESSAGE


def test_comment_webhook_on_the_items_media_id_attributes(make_item, move):
    from inquiries.services.ingest import record_inbound_message
    from inquiries.webhooks import parse_meta

    item = move(
        make_item(channel="instagram"),
        "production",
        "review",
        "approved",
        "scheduled",
        "posted",
        media_id="17895695668004550",
    )
    payload = {
        "object": "instagram",
        "entry": [
            {
                "id": "17841400000000000",
                "time": 1764000000,
                "changes": [
                    {
                        "field": "comments",
                        "value": {
                            "from": {"id": "998877", "username": "calon.mhs"},
                            "id": "17865799348089039",
                            "text": "Mau daftar kak",
                            "media": {"id": "17895695668004550", "media_product_type": "FEED"},
                        },
                    }
                ],
            }
        ],
    }
    events = [e for e in parse_meta(payload, received_at=timezone.now()) if hasattr(e, "platform_message_id")]
    message = record_inbound_message(events[0])
    inquiry = Inquiry.objects.get(pk=message.inquiry_id)
    assert inquiry.campaign_code == item.code
    assert Attribution.objects.get(inquiry=inquiry).via == AttributionVia.COMMENT


def test_plain_messages_cost_no_attribution_queries(django_assert_max_num_queries, db):
    # Only the handler's savepoint and its release: no lookup when the text quotes no code.
    with django_assert_max_num_queries(2) as context:
        touches.report(touches.Touch(via="message", inquiry_id=1, text="Berapa biaya kuliah?"))
    assert not [q for q in context.captured_queries if "content_" in q["sql"]]


def test_a_failing_handler_never_loses_the_lead(client, make_item, monkeypatch):
    item = make_item()

    def broken(touch):
        raise RuntimeError("boom")

    monkeypatch.setattr(touches, "_HANDLERS", [broken])
    client.post(f"/public/inquiry/?utm_campaign={item.code}", {**FORM, "message": ""})
    assert Lead.objects.get().campaign_code is None


def test_staff_pick_on_the_lead_overrides(client, make_item, admin_medsos, unit_user):
    first, picked = make_item(title="A"), make_item(title="B")
    client.post(f"/public/inquiry/?utm_campaign={first.code}", {**FORM, "message": ""})
    lead = Lead.objects.get()
    client.force_login(unit_user)
    assert client.post(f"/content/attribute-lead/{lead.pk}/", {"code": picked.code}).status_code == 403
    client.force_login(admin_medsos)
    assert 'action="/content/attribute-lead/' in client.get(f"/leads/{lead.pk}/").content.decode()
    response = client.post(f"/content/attribute-lead/{lead.pk}/", {"code": picked.code.lower()})
    assert response.status_code == 302
    lead.refresh_from_db()
    assert lead.campaign_code == picked.code
    assert Attribution.objects.filter(
        lead=lead, item=picked, via=AttributionVia.STAFF, created_by=admin_medsos
    ).exists()


def test_attribute_lead_by_staff_service(make_item, admin_medsos):
    item = make_item()
    lead = Lead.objects.create(full_name="Budi")
    attribute_lead_by_staff(lead, item=item, by=admin_medsos)
    assert Lead.objects.get(pk=lead.pk).campaign_code == item.code


def test_click_to_whatsapp_referral_url_carrying_the_code_attributes(make_item):
    from inquiries.services.ingest import record_inbound_message
    from inquiries.webhooks import InboundMessage

    item = make_item(channel="whatsapp")
    message = record_inbound_message(
        InboundMessage(
            channel="whatsapp",
            contact_key="6281355550404",
            platform_message_id="wamid.referral-1",
            type="text",
            text="Halo, mau tanya pendaftaran",
            sent_at=timezone.now(),
            raw={},
            phone="+6281355550404",
            referral=f"https://pmb.example.ac.id/daftar?utm_source=whatsapp&utm_campaign={item.code}",
        )
    )
    inquiry = Inquiry.objects.get(pk=message.inquiry_id)
    assert inquiry.campaign_code == item.code and inquiry.lead.campaign_code == item.code
