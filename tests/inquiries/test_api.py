from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from inquiries.models import Inquiry
from inquiries.services import workflow

pytestmark = pytest.mark.django_db


@pytest.fixture
def api_for():
    def make(user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    return make


def test_list_filters_and_fields(api_for, admin_medsos, whatsapp_inquiry, categories):
    wa = whatsapp_inquiry()
    workflow.triage_inquiry(wa, level=1, category=categories["Jadwal PMB"], by=admin_medsos)
    workflow.record_manual_inquiry(
        channel="linkedin",
        text="Kerja sama industri?",
        contact_name="PT Maju",
        handle="ptmaju",
        by=admin_medsos,
    )
    client = api_for(admin_medsos)
    data = client.get("/api/v1/inquiries/", {"channel": "whatsapp"}).json()
    assert data["count"] == 1
    row = data["results"][0]
    for field in [
        "id",
        "channel",
        "level",
        "category",
        "status",
        "lead",
        "assignee",
        "received_at",
        "first_response_due",
        "resolution_due",
        "first_response_at",
    ]:
        assert field in row
    assert row["level"] == 1 and row["category"] == categories["Jadwal PMB"].pk and row["lead"] == wa.lead_id
    assert client.get("/api/v1/inquiries/", {"level": 2}).json()["count"] == 0
    assert client.get("/api/v1/inquiries/", {"status": "open"}).json()["count"] == 2
    assert client.get("/api/v1/inquiries/", {"channel": "fax"}).status_code == 400


def test_detail_has_messages_with_status(api_for, admin_medsos, whatsapp_inquiry):
    inquiry = whatsapp_inquiry()
    workflow.reply_to_inquiry(inquiry, body="Jawaban", by=admin_medsos)
    data = api_for(admin_medsos).get(f"/api/v1/inquiries/{inquiry.pk}/").json()
    inbound, outbound = data["messages"][0], [m for m in data["messages"] if m["text"] == "Jawaban"][0]
    assert inbound["direction"] == "inbound" and inbound["status"] == "received" and inbound["type"] == "text"
    assert outbound["direction"] == "outbound" and outbound["status"] in {"queued", "sent"}
    assert set(inbound) == {"id", "direction", "type", "text", "sent_at", "status"}


def test_create_for_manual_channel(api_for, admin_medsos, categories):
    response = api_for(admin_medsos).post(
        "/api/v1/inquiries/",
        {
            "channel": "phone",
            "text": "Apakah ada kelas eksekutif?",
            "contact_name": "Pak Joko",
            "phone": "0812-3456-7010",
            "level": 1,
            "category": categories["Syarat umum"].pk,
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["channel"] == "phone" and data["level"] == 1 and len(data["messages"]) == 1
    assert Inquiry.objects.get().lead.phone == "+6281234567010"


@pytest.mark.parametrize(
    "payload",
    [
        {"channel": "whatsapp", "text": "x", "contact_name": "A"},  # API channels come by webhook only
        {"channel": "phone", "text": "", "contact_name": "A"},
        {"channel": "phone", "text": "x"},
        {"channel": "phone", "text": "x", "phone": "123"},
        {"channel": "phone", "text": "x", "contact_name": "A", "level": 2},
    ],
)
def test_create_rejects_bad_input(api_for, admin_medsos, payload):
    response = api_for(admin_medsos).post("/api/v1/inquiries/", payload, format="json")
    assert response.status_code == 400
    assert not Inquiry.objects.exists()


def test_roles_without_inbox_rights_are_refused(api_for, unit_user, telemarketer, whatsapp_inquiry):
    inquiry = whatsapp_inquiry()
    assert api_for(unit_user).get("/api/v1/inquiries/").status_code == 403
    assert api_for(telemarketer).get(f"/api/v1/inquiries/{inquiry.pk}/").status_code == 403
    assert APIClient().get("/api/v1/inquiries/").status_code in (401, 403)


def test_api_list_query_count_is_constant(api_for, admin_medsos, django_assert_num_queries):
    for i in range(12):
        workflow.record_manual_inquiry(
            channel="phone",
            text=f"Tanya {i}",
            contact_name=f"Penanya {i}",
            phone=f"+62812345670{i:02d}",
            by=admin_medsos,
        )
    client = api_for(admin_medsos)
    # 1 user permissions, 2 group permissions, 3 count, 4 page of inquiries with category
    with django_assert_num_queries(4):
        assert client.get("/api/v1/inquiries/").json()["count"] == 12
