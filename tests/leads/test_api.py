from __future__ import annotations

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from leads.models import Lead
from tests.factories import LeadFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    def for_user(user):
        client = APIClient()
        token, _ = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return for_user


def test_create_normalises_and_returns_contract_fields(api, admin_marketing, program):
    response = api(admin_marketing).post(
        "/api/v1/leads/",
        {
            "full_name": "Rina Wati",
            "phone": "0812-5555-6666",
            "email": "Rina@X.id",
            "program": program.pk,
            "consent": True,
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    for key in [
        "id",
        "full_name",
        "phone",
        "whatsapp",
        "email",
        "status",
        "temperature",
        "track",
        "source",
        "program",
        "institution",
        "owner",
        "consent",
        "created_at",
    ]:
        assert key in body
    assert (body["phone"], body["email"], body["consent"], body["status"]) == (
        "+6281255556666",
        "rina@x.id",
        True,
        "new",
    )


def test_create_bad_phone_is_400(api, admin_marketing):
    response = api(admin_marketing).post("/api/v1/leads/", {"full_name": "X", "phone": "0000"}, format="json")
    assert response.status_code == 400 and "phone" in response.json()


def test_create_duplicate_returns_existing(api, admin_marketing, lead):
    response = api(admin_marketing).post(
        "/api/v1/leads/", {"full_name": "Siti lain", "whatsapp": "+62 812 3456 7890"}, format="json"
    )
    assert response.status_code == 200 and response.json()["id"] == lead.pk
    assert Lead.objects.count() == 1


def test_list_filters(api, kadiv, lead):
    LeadFactory(full_name="Joko", temperature="hot", source="exhibition")
    client = api(kadiv)
    assert [
        r["full_name"] for r in client.get("/api/v1/leads/", {"temperature": "hot"}).json()["results"]
    ] == ["Joko"]
    assert [r["full_name"] for r in client.get("/api/v1/leads/", {"q": "siti"}).json()["results"]] == [
        "Siti Rahmawati"
    ]
    assert (
        client.get("/api/v1/leads/", {"created_after": "2000-01-01", "source": "exhibition"}).json()["count"]
        == 1
    )


def test_transition_illegal_is_400_and_legal_is_200(api, admin_marketing, lead):
    client = api(admin_marketing)
    response = client.post(f"/api/v1/leads/{lead.pk}/transition/", {"status": "contacted"}, format="json")
    assert response.status_code == 400 and "no log, no move" in response.json()["detail"]
    response = client.post(
        f"/api/v1/leads/{lead.pk}/interactions/",
        {"kind": "call", "direction": "outbound", "outcome": "reached", "note": "ok"},
        format="json",
    )
    assert response.status_code == 201
    response = client.post(
        f"/api/v1/leads/{lead.pk}/transition/", {"status": "contacted", "note": "ditelepon"}, format="json"
    )
    assert response.status_code == 200 and response.json()["status"] == "contacted"
    assert (
        client.post(f"/api/v1/leads/{lead.pk}/transition/", {"status": "new"}, format="json").status_code
        == 400
    )
    assert [i["kind"] for i in client.get(f"/api/v1/leads/{lead.pk}/interactions/").json()["results"]] == [
        "call"
    ]


def test_unit_user_is_forbidden(api, unit_user, lead):
    client = api(unit_user)
    assert client.get("/api/v1/leads/").status_code == 403
    assert client.get(f"/api/v1/leads/{lead.pk}/").status_code == 403
    assert (
        client.post(f"/api/v1/leads/{lead.pk}/transition/", {"status": "inquired"}, format="json").status_code
        == 403
    )


def test_anonymous_is_401(lead):
    assert APIClient().get("/api/v1/leads/").status_code == 401


def test_telemarketer_cannot_create_but_can_transition_their_lead(api, telemarketer, lead):
    lead.owner = telemarketer  # another telemarketer's lead is refused (tests/core/test_security.py)
    lead.save(update_fields=["owner"])
    client = api(telemarketer)
    assert (
        client.post(
            "/api/v1/leads/", {"full_name": "X", "phone": "0812-7777-8888"}, format="json"
        ).status_code
        == 403
    )
    assert (
        client.post(f"/api/v1/leads/{lead.pk}/transition/", {"status": "inquired"}, format="json").status_code
        == 200
    )


def test_update_refuses_another_leads_contact(api, admin_marketing, lead):
    other = LeadFactory(full_name="Lain")
    response = api(admin_marketing).patch(
        f"/api/v1/leads/{other.pk}/", {"phone": "0812-3456-7890"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["existing_lead"] == str(lead.pk)


def test_schema_lists_lead_endpoints(client_for, admin_marketing):
    body = client_for(admin_marketing).get("/api/schema/").content.decode()
    assert "/api/v1/leads/{id}/transition/" in body


def test_schema_and_docs_are_for_logged_in_staff_only(client):
    assert client.get("/api/schema/").status_code in (401, 403)
    assert client.get("/api/docs/").status_code in (401, 403)


def test_schema_also_as_json(client_for, admin_marketing):
    response = client_for(admin_marketing).get("/api/schema/?format=json")
    assert response.status_code == 200
    assert "/api/v1/leads/" in response.json()["paths"]


def test_api_docs_served_from_local_assets(client_for, admin_marketing):
    client = client_for(admin_marketing)
    page = client.get("/api/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower()
    # The split view's initialiser is a separate script URL, not inline code (CSP).
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200
    assert "SwaggerUIBundle" in script.content.decode()
