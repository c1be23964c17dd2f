"""Sessions, login throttling, the API schema and the telemarketer write rule."""

from __future__ import annotations

import time

import pytest
from django.conf import settings as django_settings

from core.sessions import SEEN, STARTED
from leads.models import Interaction
from tests.factories import FollowUpFactory, LeadFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_session_cookie_dies_with_the_browser_and_timeouts_default_to_30_min_and_12_h():
    assert django_settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert django_settings.SESSION_IDLE_TIMEOUT_MINUTES == 30
    assert django_settings.SESSION_ABSOLUTE_TIMEOUT_HOURS == 12


def test_login_sets_a_cookie_without_expiry(client, admin_marketing, password, settings):
    settings.AXES_ENABLED = False
    response = client.post("/accounts/login/", {"username": admin_marketing.username, "password": password})
    assert response.status_code == 302
    cookie = response.cookies[django_settings.SESSION_COOKIE_NAME]
    assert not cookie["expires"] and not cookie["max-age"]


def _age_session(client, **seconds_ago):
    session = client.session
    now = time.time()
    for key, ago in seconds_ago.items():
        session[key] = now - ago
    session.save()


def test_idle_session_is_signed_out_after_30_minutes(client_for, admin_marketing):
    client = client_for(admin_marketing)
    assert client.get("/leads/").status_code == 200
    _age_session(client, **{SEEN: 29 * 60})
    assert client.get("/leads/").status_code == 200  # activity resets the idle clock
    _age_session(client, **{SEEN: 31 * 60})
    response = client.get("/leads/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert client.get("/leads/").status_code == 302  # really signed out


def test_busy_session_is_signed_out_12_hours_after_login(client_for, admin_marketing):
    client = client_for(admin_marketing)
    client.get("/leads/")
    _age_session(client, **{STARTED: 12 * 3600 + 5, SEEN: 10})
    assert client.get("/leads/").status_code == 302
    client = client_for(admin_marketing)
    client.get("/leads/")
    _age_session(client, **{STARTED: 12 * 3600 + 5, SEEN: 10})
    assert client.get("/api/v1/leads/").status_code == 401


def test_timeouts_are_configurable(client_for, admin_marketing, settings):
    settings.SESSION_IDLE_TIMEOUT_MINUTES = 5
    client = client_for(admin_marketing)
    client.get("/leads/")
    _age_session(client, **{SEEN: 6 * 60})
    assert client.get("/leads/").status_code == 302


def test_password_spraying_from_one_address_is_throttled_across_usernames(client, settings, password):
    settings.AXES_ENABLED = True
    settings.LOGIN_FAILURES_PER_IP = 10
    users = [UserFactory(username=f"staf{i}") for i in range(12)]
    statuses = []
    for round_ in range(3):
        for user in users[: 4 + round_]:
            statuses.append(
                client.post("/accounts/login/", {"username": user.username, "password": "salah"}).status_code
            )
    assert statuses[:10] == [200] * 10  # each username failed at most 3 times: axes alone locks nothing
    assert 429 in statuses[10:]
    # even the right password of an untouched account waits: the address is throttled, not the user
    response = client.post("/accounts/login/", {"username": users[-1].username, "password": password})
    assert response.status_code == 429


def test_password_reset_requests_are_throttled_per_address(client, settings):
    settings.PASSWORD_RESETS_PER_IP = 3
    codes = [
        client.post("/accounts/password_reset/", {"email": f"x{i}@contoh.id"}).status_code for i in range(5)
    ]
    assert codes[:3] == [302, 302, 302] and codes[3:] == [429, 429]


def test_api_schema_and_docs_are_for_signed_in_staff_only(client, client_for, telemarketer):
    assert client.get("/api/schema/").status_code in (401, 403)
    assert client.get("/api/docs/").status_code in (401, 403)
    staff = client_for(telemarketer)
    assert staff.get("/api/schema/").status_code == 200
    docs = staff.get("/api/docs/")
    assert docs.status_code == 200 and b"<script>" not in docs.content  # the split view: no inline script


class TestTelemarketerWritesOnlyToOwnLeads:
    """The same rule on the lead page, the API and the call queue."""

    @pytest.fixture
    def leads(self, telemarketer, other_telemarketer):
        mine = LeadFactory(owner=telemarketer)
        assigned = LeadFactory(owner=other_telemarketer)
        FollowUpFactory(lead=assigned, owner=telemarketer)
        theirs = LeadFactory(owner=other_telemarketer)
        theirs_follow_up = FollowUpFactory(lead=theirs, owner=other_telemarketer)
        return mine, assigned, theirs, theirs_follow_up

    CALL = {"kind": "call", "direction": "outbound", "outcome": "reached", "note": "x"}

    def test_page(self, client_for, telemarketer, leads):
        mine, assigned, theirs, _ = leads
        client = client_for(telemarketer)
        assert client.post(f"/leads/{mine.pk}/interactions/", self.CALL).status_code == 302
        assert client.post(f"/leads/{assigned.pk}/interactions/", self.CALL).status_code == 302
        assert client.post(f"/leads/{theirs.pk}/interactions/", self.CALL).status_code == 403
        assert client.post(f"/leads/{theirs.pk}/transition/", {"status": "contacted"}).status_code == 403
        assert not Interaction.objects.filter(lead=theirs).exists()

    def test_api(self, client_for, telemarketer, leads):
        mine, assigned, theirs, _ = leads
        client = client_for(telemarketer)
        post = lambda url, body: client.post(url, body, content_type="application/json")  # noqa: E731
        assert post(f"/api/v1/leads/{mine.pk}/interactions/", self.CALL).status_code == 201
        assert post(f"/api/v1/leads/{assigned.pk}/interactions/", self.CALL).status_code == 201
        assert post(f"/api/v1/leads/{theirs.pk}/interactions/", self.CALL).status_code == 403
        assert post(f"/api/v1/leads/{theirs.pk}/transition/", {"status": "contacted"}).status_code == 403
        theirs.refresh_from_db()
        assert theirs.status == "new" and not Interaction.objects.filter(lead=theirs).exists()

    def test_call_queue(self, client_for, telemarketer, leads):
        *_, theirs_follow_up = leads
        prefix = f"f{theirs_follow_up.pk}"
        response = client_for(telemarketer).post(
            f"/calls/{theirs_follow_up.pk}/log/", {f"{prefix}-{k}": v for k, v in self.CALL.items()}
        )
        assert response.status_code == 404

    def test_marketing_still_works_on_any_lead(self, client_for, admin_marketing, leads):
        theirs = leads[2]
        response = client_for(admin_marketing).post(f"/leads/{theirs.pk}/interactions/", self.CALL)
        assert response.status_code == 302 and Interaction.objects.filter(lead=theirs).exists()
