"""What keeps pages cheap at a million rows: the call queue's limit, the home counters' and the API's
capped counts (each with a constant number of queries whatever the volume)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core import api_pagination
from core.selectors import capped_count, counter_value
from inquiries import home as inquiry_home
from inquiries.models import Inquiry
from leads import call_views
from leads import home as lead_home
from leads.models import Lead
from tests.factories import FollowUpFactory, LeadFactory

pytestmark = pytest.mark.django_db


def _inquiry(n: int, *, assignee=None) -> Inquiry:
    now = timezone.now()
    return Inquiry.objects.create(
        channel="whatsapp",
        contact_key=f"62812000{n:05d}",
        received_at=now,
        first_response_due=now + dt.timedelta(hours=2),
        sla_due_at=now - dt.timedelta(minutes=1),  # breached
        assignee=assignee,
    )


def test_capped_count_counts_up_to_the_cap_and_says_when_there_are_more():
    LeadFactory.create_batch(3)
    assert capped_count(Lead.objects.all(), 5) == (3, False)
    assert capped_count(Lead.objects.all(), 3) == (3, False)
    assert capped_count(Lead.objects.all(), 2) == (2, True)
    assert counter_value(Lead.objects.all(), 2) == "2+"
    assert counter_value(Lead.objects.all(), 3) == "3"


def test_call_queue_shows_the_earliest_due_up_to_its_limit(client_for, telemarketer, monkeypatch):
    monkeypatch.setattr(call_views, "QUEUE_LIMIT", 2)
    now = timezone.now()
    for hours, name in [(3, "Paling Awal"), (2, "Kedua"), (1, "Ketiga")]:
        FollowUpFactory(
            lead=LeadFactory(full_name=name), owner=telemarketer, due_at=now - dt.timedelta(hours=hours)
        )
    page = client_for(telemarketer).get("/calls/").content.decode()
    assert page.count('data-testid="call-item"') == 2
    assert "Paling Awal" in page and "Kedua" in page and "Ketiga" not in page
    assert 'data-testid="call-queue-more"' in page


def test_call_queue_without_more_says_nothing_more(client_for, telemarketer):
    FollowUpFactory(lead=LeadFactory(), owner=telemarketer, due_at=timezone.now())
    page = client_for(telemarketer).get("/calls/").content.decode()
    assert page.count('data-testid="call-item"') == 1 and "call-queue-more" not in page


def test_home_counters_are_capped(client_for, admin_marketing, monkeypatch):
    monkeypatch.setattr(lead_home, "COUNTER_CAP", 2)
    LeadFactory.create_batch(3, verified_at=None, is_late_entry=True)
    page = client_for(admin_marketing).get("/").content.decode()
    assert "Perlu verifikasi" in page and ">2+</span>" in page


@pytest.mark.parametrize("persona", ["admin_marketing", "telemarketer", "admin_medsos", "humas", "unit_user"])
def test_home_page_queries_do_not_grow_with_the_rows(request, client_for, persona, django_assert_num_queries):
    """A role's home page runs the same number of queries with 1 or 12 leads, follow-ups and inquiries."""
    user = request.getfixturevalue(persona)
    client = client_for(user)

    def rows(first, n):
        for i in range(first, first + n):
            lead = LeadFactory(verified_at=None)
            FollowUpFactory(lead=lead, owner=user, due_at=timezone.now() - dt.timedelta(minutes=5))
            _inquiry(i, assignee=user)

    rows(0, 1)
    client.get("/")
    with CaptureQueriesContext(connection) as few:
        assert client.get("/").status_code == 200
    rows(1, 11)
    with django_assert_num_queries(len(few.captured_queries)):
        assert client.get("/").status_code == 200


def test_inbox_home_counters_are_capped(client_for, admin_medsos, monkeypatch):
    monkeypatch.setattr(inquiry_home, "COUNTER_CAP", 1)
    _inquiry(1)
    _inquiry(2)
    page = client_for(admin_medsos).get("/").content.decode()
    assert ">1+</span>" in page


def test_api_count_is_exact_below_the_cap_and_capped_above(client_for, kadiv, monkeypatch):
    LeadFactory.create_batch(3)
    client = client_for(kadiv)
    body = client.get("/api/v1/leads/").json()
    assert body["count"] == 3 and body["count_capped"] is False
    monkeypatch.setattr(api_pagination.ApiPaginator, "cap", 2)
    body = client.get("/api/v1/leads/").json()
    assert body["count"] == 2 and body["count_capped"] is True and len(body["results"]) == 2
