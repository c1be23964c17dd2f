"""Constant query counts for the list pages and API lists (each query named)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from leads.services import log_interaction, transition_lead
from tests.factories import FollowUpFactory, InstitutionFactory, LeadFactory, StudyProgramFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def many_leads(telemarketer):
    program = StudyProgramFactory()
    leads = []
    for i in range(30):
        lead = LeadFactory(program=program, institution=InstitutionFactory(), owner=telemarketer)
        log_interaction(lead, kind="call", direction="outbound", outcome="reached", by=telemarketer)
        FollowUpFactory(lead=lead, owner=telemarketer, due_at=timezone.now() - dt.timedelta(hours=i))
        leads.append(lead)
    return leads


def _prime(client, url):
    client.get(url)  # session and permission caches are per request; warm-up keeps counts stable


def test_lead_list_queries(client_for, admin_marketing, many_leads, django_assert_num_queries):
    client = client_for(admin_marketing)
    # 1 session, 2 user, 3 user permissions, 4 group permissions, 5 ids of the schools whose name matches
    # the search text, 6 capped COUNT of the filtered leads (LIMIT 1001), 7 page of leads (+1 row for
    # "next") joined with institution/programme/owner, 8 saved segments, 9 programme filter options,
    # 10 owner filter options, 11 bulk-form owner options, 12 bulk-form segment options
    with django_assert_num_queries(12):
        response = client.get(reverse("leads:list"), {"q": "a", "temperature": "warm"})
    assert response.status_code == 200


@pytest.mark.parametrize(
    "params, expected",
    [
        ({}, 11),  # no search: no school lookup
        ({"q": "0812"}, 11),  # phone fragment: prefix match on phone/WhatsApp only
        ({"q": "EMAIL"}, 11),  # email: prefix match only
        ({"q": "NAME"}, 12),  # name/school/email: + the school-id lookup
        ({"status": "new", "temperature": "warm", "track": "regular", "to_verify": "true", "page": "2"}, 11),
        ({"o": "-status", "page": "3"}, 11),
    ],
)
def test_lead_list_query_count_per_kind_of_request(
    client_for, admin_marketing, many_leads, django_assert_num_queries, params, expected
):
    lead = many_leads[0]
    replace = {"EMAIL": lead.email[:-3], "NAME": lead.full_name.split()[-1]}
    params = {key: replace.get(value, value) for key, value in params.items()}
    client = client_for(admin_marketing)
    with django_assert_num_queries(expected):
        body = client.get(reverse("leads:list"), params).content.decode()
    assert "Tidak ada calon mahasiswa yang cocok." not in body, params


def test_lead_list_with_no_match_skips_the_page_query(
    client_for, admin_marketing, many_leads, django_assert_num_queries
):
    client = client_for(admin_marketing)
    # the capped COUNT says 0, so no page query: 1-4 session/user/perms, 5 school ids, 6 COUNT,
    # 7 segments, 8-9 filter options (no bulk bar without rows)
    with django_assert_num_queries(9):
        body = client.get(reverse("leads:list"), {"q": "zzzz-tidak-ada"}).content.decode()
    assert "Tidak ada calon mahasiswa yang cocok." in body


def test_lead_list_query_count_does_not_grow(
    client_for, admin_marketing, many_leads, django_assert_num_queries, monkeypatch
):
    from leads import selectors

    monkeypatch.setattr(selectors, "COUNT_CAP", 40)  # so that the batch below crosses the cap
    client = client_for(admin_marketing)
    with django_assert_num_queries(11):
        client.get(reverse("leads:list"))
    LeadFactory.create_batch(20)
    with django_assert_num_queries(11):
        body = client.get(reverse("leads:list"), {"page": "2"}).content.decode()
    assert 'data-testid="lead-count"' in body and "40+" in body
    with django_assert_num_queries(12):
        client.get(reverse("leads:list"), {"q": "a"})


def test_lead_page_queries(client_for, admin_marketing, many_leads, django_assert_num_queries):
    lead = many_leads[0]
    log_interaction(lead, kind="whatsapp", direction="inbound", by=admin_marketing)
    transition_lead(lead, to="contacted", by=admin_marketing)
    client = client_for(admin_marketing)
    # 1 session, 2 user, 3 user perms, 4 group perms, 5 access check (lead + joins), 6 lead with joins,
    # 7 contacts, 8 status history + changed_by, 9 interactions + created_by, 10 follow-ups + owner,
    # 11 consents, 12 approved call scripts, 13 outbound messages + campaign + created_by
    with django_assert_num_queries(13):
        response = client.get(reverse("leads:detail", args=[lead.pk]))
    assert response.status_code == 200


def test_api_list_queries(client_for, kadiv, many_leads, django_assert_num_queries):
    client = client_for(kadiv)
    # 1 session, 2 user, 3 user perms, 4 group perms, 5 COUNT, 6 page of leads with joins
    with django_assert_num_queries(6):
        response = client.get("/api/v1/leads/", {"status": "new"})
    assert response.json()["count"] == 30


def test_call_queue_queries(client_for, telemarketer, many_leads, django_assert_num_queries):
    client = client_for(telemarketer)
    # 1 session, 2 user, 3 user perms, 4 group perms, 5 approved call scripts,
    # 6 due follow-ups joined with lead, programme and institution
    with django_assert_num_queries(6):
        response = client.get(reverse("calls:queue"))
    assert response.content.decode().count('data-testid="call-item"') == 30
