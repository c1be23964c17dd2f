from __future__ import annotations

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from content.models import ContentItem, ContentStatus

pytestmark = pytest.mark.django_db

DETAIL_FIELDS = {
    "id",
    "title",
    "channel",
    "status",
    "campaign",
    "code",
    "scheduled_at",
    "posted_at",
    "url",
    "owner",
    "leads_count",
    "inquiries_count",
}


@pytest.fixture
def api_for():
    def make(user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    return make


def test_create_with_title_and_channel_starts_as_concept_with_code(api_for, admin_medsos):
    response = api_for(admin_medsos).post(
        "/api/v1/content/", {"title": "Jalur beasiswa", "channel": "tiktok"}, format="json"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert set(body) >= DETAIL_FIELDS
    assert body["status"] == "concept" and body["code"] == f"TT-{body['id']:04d}"
    assert body["owner"] == admin_medsos.pk and body["leads_count"] == 0 and body["inquiries_count"] == 0


def test_create_refuses_unknown_channel_and_missing_title(api_for, admin_medsos):
    client = api_for(admin_medsos)
    assert (
        client.post("/api/v1/content/", {"title": "x", "channel": "myspace"}, format="json").status_code
        == 400
    )
    assert client.post("/api/v1/content/", {"channel": "instagram"}, format="json").status_code == 400


def test_list_filters_by_status_channel_and_campaign(api_for, make_item, move, kadiv):
    move(make_item(title="A", channel="instagram", campaign="PMB-2026"), "production")
    make_item(title="B", channel="facebook", campaign="PMB-2026")
    make_item(title="C", channel="instagram", campaign="Beasiswa")
    client = api_for(kadiv)

    def titles(query):
        response = client.get(f"/api/v1/content/?{query}")
        assert response.status_code == 200
        return sorted(row["title"] for row in response.json()["results"])

    assert titles("status=production") == ["A"]
    assert titles("channel=instagram") == ["A", "C"]
    assert titles("campaign=PMB-2026") == ["A", "B"]
    assert titles("campaign=PMB-2026&channel=facebook") == ["B"]


def test_list_runs_a_fixed_number_of_queries(api_for, make_item, kadiv, django_assert_num_queries):
    for i in range(5):
        make_item(title=f"Post {i}")
    client = api_for(kadiv)
    client.get("/api/v1/content/")  # warm the permission cache
    # 1 count for the paginator, 1 page of items with the lead/inquiry/registration subqueries.
    with django_assert_num_queries(2):
        response = client.get("/api/v1/content/")
    assert response.json()["count"] == 5


def test_transition_moves_and_answers_the_item(api_for, make_item, admin_medsos):
    item = make_item()
    response = api_for(admin_medsos).post(
        f"/api/v1/content/{item.pk}/transition/",
        {"status": "production", "note": "mulai desain"},
        format="json",
    )
    assert response.status_code == 200 and response.json()["status"] == "production"
    assert item.status_changes.last().note == "mulai desain"


def test_transition_forbidden_move_is_400(api_for, make_item, admin_medsos):
    item = make_item()
    response = api_for(admin_medsos).post(
        f"/api/v1/content/{item.pk}/transition/", {"status": "posted"}, format="json"
    )
    assert response.status_code == 400 and "tidak dapat dipindah" in response.json()["detail"]
    item.refresh_from_db()
    assert item.status == ContentStatus.CONCEPT


def test_transition_unknown_status_is_400(api_for, make_item, admin_medsos):
    item = make_item()
    response = api_for(admin_medsos).post(
        f"/api/v1/content/{item.pk}/transition/", {"status": "viral"}, format="json"
    )
    assert response.status_code == 400


def test_approving_without_coordinator_permission_is_403(
    api_for, make_item, move, admin_medsos, humas, kadiv
):
    item = move(make_item(), "production", "review")
    for user in (admin_medsos, humas):
        response = api_for(user).post(
            f"/api/v1/content/{item.pk}/transition/", {"status": "approved"}, format="json"
        )
        assert response.status_code == 403 and "koordinator" in response.json()["detail"]
    response = api_for(kadiv).post(
        f"/api/v1/content/{item.pk}/transition/", {"status": "approved", "note": "OK"}, format="json"
    )
    assert response.status_code == 200 and response.json()["status"] == "approved"


def test_kadiv_cannot_produce_and_unit_users_see_nothing(api_for, make_item, kadiv, unit_user):
    item = make_item()
    response = api_for(kadiv).post(
        f"/api/v1/content/{item.pk}/transition/", {"status": "production"}, format="json"
    )
    assert response.status_code == 403
    unit = api_for(unit_user)
    assert unit.get("/api/v1/content/").status_code == 403
    assert unit.get(f"/api/v1/content/{item.pk}/").status_code == 403
    assert (
        unit.post("/api/v1/content/", {"title": "x", "channel": "instagram"}, format="json").status_code
        == 403
    )
    assert (
        unit.post(
            f"/api/v1/content/{item.pk}/transition/", {"status": "production"}, format="json"
        ).status_code
        == 403
    )


def test_full_path_through_the_api_with_schedule_checklist_and_url(api_for, make_item, admin_medsos, kadiv):
    item = make_item()
    staff, coordinator = api_for(admin_medsos), api_for(kadiv)
    url = f"/api/v1/content/{item.pk}/transition/"
    assert staff.post(url, {"status": "production"}, format="json").status_code == 200
    assert staff.post(url, {"status": "review"}, format="json").status_code == 200
    assert coordinator.post(url, {"status": "approved"}, format="json").status_code == 200
    when = (timezone.now() + timezone.timedelta(days=1)).isoformat()
    assert staff.post(url, {"status": "scheduled", "scheduled_at": when}, format="json").status_code == 200
    refused = staff.post(url, {"status": "posted", "checklist": ["text"]}, format="json")
    assert refused.status_code == 400 and "Periksa ulang" in refused.json()["detail"]
    posted = staff.post(
        url,
        {
            "status": "posted",
            "checklist": ["text", "visual", "link", "hashtags"],
            "url": "https://www.instagram.com/p/Cabc/",
            "media_id": "17895695668004550",
        },
        format="json",
    )
    assert posted.status_code == 200
    body = posted.json()
    assert (
        body["status"] == "posted"
        and body["posted_at"]
        and body["url"] == "https://www.instagram.com/p/Cabc/"
    )
    assert ContentItem.objects.get(pk=item.pk).media_id == "17895695668004550"


def test_detail_update_keeps_status_and_code(api_for, make_item, admin_medsos, kadiv):
    item = make_item()
    client = api_for(admin_medsos)
    response = client.patch(
        f"/api/v1/content/{item.pk}/", {"campaign": "PMB-2026", "status": "posted"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["campaign"] == "PMB-2026" and response.json()["status"] == "concept"
    assert (
        api_for(kadiv).patch(f"/api/v1/content/{item.pk}/", {"campaign": "X"}, format="json").status_code
        == 403
    )


def test_content_endpoints_are_in_the_openapi_schema(client, kadiv):
    client.force_login(kadiv)
    schema = client.get("/api/schema/?format=json").json()
    paths = schema["paths"]
    assert {"/api/v1/content/", "/api/v1/content/{id}/", "/api/v1/content/{id}/transition/"} <= set(paths)
    transition = paths["/api/v1/content/{id}/transition/"]["post"]
    assert {"200", "400", "403"} <= set(transition["responses"])
    statuses = schema["components"]["schemas"]["ContentStatusEnum"]["enum"]
    assert statuses == [
        "concept",
        "production",
        "review",
        "changes_requested",
        "approved",
        "scheduled",
        "posted",
        "cancelled",
    ]


def test_contract_body_of_status_and_note_walks_the_whole_path(api_for, make_item, admin_medsos, kadiv):
    """DESIGN.md's `{"status", "note"}`: no date means ready now, no checklist means the caller confirms."""
    item = make_item()
    staff, coordinator = api_for(admin_medsos), api_for(kadiv)
    url = f"/api/v1/content/{item.pk}/transition/"
    for who, to in [
        (staff, "production"),
        (staff, "review"),
        (coordinator, "approved"),
        (staff, "scheduled"),
        (staff, "posted"),
    ]:
        response = who.post(url, {"status": to, "note": "lanjut"}, format="json")
        assert response.status_code == 200, (to, response.json())
        assert response.json()["status"] == to
    item.refresh_from_db()
    assert item.scheduled_at is not None and item.posted_at is not None
    assert item.checked_points == ["text", "visual", "link", "hashtags"]
    last = item.status_changes.order_by("-changed_at", "-pk").first()
    assert "dikonfirmasi lewat API" in last.note
