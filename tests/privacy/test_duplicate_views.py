"""Pages of the duplicate finder, the side-by-side merge and its undo: permissions, CSRF, messages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from leads.models import Lead, LeadMerge, LeadStatus
from leads.services import log_interaction, transition_lead
from privacy import services
from privacy.models import DuplicateDismissal
from tests.factories import InstitutionFactory, LeadFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def twins(db):
    school = InstitutionFactory(name="SMK Negeri 1 Bintan")
    first = LeadFactory(full_name="Rina Kartika", institution=school, phone="+6281277770001")
    second = LeadFactory(full_name="rina kartika", institution=school, phone="+6281277770002")
    services.scan_duplicates()
    return first, second


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.mark.parametrize(
    "name, method, kwargs",
    [
        ("privacy:duplicates", "get", {}),
        ("privacy:scan", "post", {}),
        ("privacy:dismiss", "post", {}),
        ("privacy:merge", "get", {}),
        ("privacy:undo", "post", {"merge_id": 1}),
    ],
)
@pytest.mark.parametrize("persona", ["telemarketer", "admin_medsos", "kadiv", "supervisor", "unit_user"])
def test_only_roles_that_may_merge_reach_the_pages(request, client_for, name, method, kwargs, persona):
    user = request.getfixturevalue(persona)
    response = getattr(client_for(user), method)(reverse(name, kwargs=kwargs))
    assert response.status_code == 403


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("privacy:duplicates"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_finder_lists_pairs_with_their_reason(client_for, admin_marketing, twins):
    first, second = twins
    response = client_for(admin_marketing).get(reverse("privacy:duplicates"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Nama sama dan sekolah/perusahaan sama" in body
    assert f"?keep={first.pk}&amp;merge={second.pk}" in body


def test_dismiss_is_remembered_and_says_so_only_after_it_happened(client_for, admin_marketing, twins):
    first, second = twins
    client = client_for(admin_marketing)
    response = client.post(reverse("privacy:dismiss"), {"keep": first.pk, "merge": second.pk})
    assert response.status_code == 302
    assert DuplicateDismissal.objects.filter(lead_low=first, lead_high=second).exists()
    assert "Rina Kartika" not in client.get(reverse("privacy:duplicates")).content.decode()
    response = client.post(reverse("privacy:dismiss"), {"keep": first.pk, "merge": first.pk})
    assert _messages(response) == ["Pilih dua calon mahasiswa yang berbeda."]


def test_dismiss_of_a_lead_that_does_not_exist_is_404(client_for, admin_marketing, twins):
    first, _second = twins
    response = client_for(admin_marketing).post(
        reverse("privacy:dismiss"), {"keep": first.pk, "merge": 999999}
    )
    assert response.status_code == 404 and not DuplicateDismissal.objects.exists()


def test_scan_now_fills_the_finder(client_for, admin_marketing, twins, django_capture_on_commit_callbacks):
    from privacy.models import DuplicateCandidate

    DuplicateCandidate.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(admin_marketing).post(reverse("privacy:scan"))
    assert response.status_code == 302 and DuplicateCandidate.objects.count() == 1


def test_merge_screen_shows_both_leads_field_by_field(client_for, admin_marketing, twins):
    first, second = twins
    response = client_for(admin_marketing).get(
        reverse("privacy:merge"), {"keep": first.pk, "merge": second.pk}
    )
    assert response.status_code == 200
    body = response.content.decode()
    for value in ("+6281277770001", "+6281277770002", 'name="full_name"', 'name="status"', 'name="owner"'):
        assert value in body
    assert "Tukar: pertahankan" in body


def test_merge_post_applies_choices_and_redirects_to_the_kept_lead(client_for, admin_marketing, twins):
    first, second = twins
    response = client_for(admin_marketing).post(
        reverse("privacy:merge"),
        {"keep": first.pk, "merge": second.pk, "full_name": "merge", "phone": "merge", "notes": "both"},
    )
    assert response.status_code == 302 and response["Location"] == reverse("leads:detail", args=[first.pk])
    first.refresh_from_db()
    assert (first.full_name, first.phone) == ("rina kartika", "+6281277770002")
    assert not Lead.objects.filter(pk=second.pk).exists()
    assert "digabung ke" in _messages(response)[0]


def test_an_illegal_status_is_refused_with_a_message_and_nothing_merged(
    client_for, admin_marketing, telemarketer, twins
):
    first, second = twins
    log_interaction(first, kind="call", direction="outbound", outcome="reached", by=telemarketer)
    transition_lead(first, to=LeadStatus.REGISTERED, by=telemarketer)
    response = client_for(admin_marketing).post(
        reverse("privacy:merge"), {"keep": first.pk, "merge": second.pk, "status": "merge"}
    )
    assert response.status_code == 400
    assert "tidak diizinkan alur status" in response.content.decode()
    assert Lead.objects.filter(pk=second.pk).exists() and not LeadMerge.objects.exists()
    assert not any("digabung ke" in m for m in _messages(response))


def test_merge_needs_csrf(admin_marketing, twins):
    first, second = twins
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_marketing)
    response = client.post(reverse("privacy:merge"), {"keep": first.pk, "merge": second.pk})
    assert response.status_code == 403 and Lead.objects.filter(pk=second.pk).exists()


def test_undo_within_a_day_then_refused_after(client_for, admin_marketing, twins):
    first, second = twins
    client = client_for(admin_marketing)
    services.merge_leads(keep=first, merge=second, by=admin_marketing)
    record = LeadMerge.objects.get()
    page = client.get(reverse("privacy:duplicates")).content.decode()
    assert reverse("privacy:undo", args=[record.pk]) in page
    response = client.post(reverse("privacy:undo", args=[record.pk]))
    assert response["Location"] == reverse("leads:detail", args=[second.pk])
    assert Lead.objects.filter(pk=second.pk).exists()
    assert "dipulihkan" in _messages(response)[0]

    services.merge_leads(keep=first, merge=Lead.objects.get(pk=second.pk), by=admin_marketing)
    late = LeadMerge.objects.get(undone_at__isnull=True)
    LeadMerge.objects.filter(pk=late.pk).update(merged_at=late.merged_at - dt.timedelta(hours=25))
    page = client.get(reverse("privacy:duplicates")).content.decode()
    assert reverse("privacy:undo", args=[late.pk]) not in page  # the button is gone
    response = client.post(reverse("privacy:undo", args=[late.pk]))
    assert _messages(response) == ["Penggabungan hanya bisa dibatalkan dalam 24 jam."]
    assert not Lead.objects.filter(pk=second.pk).exists()


def test_undo_of_an_unknown_merge_is_404(client_for, admin_marketing):
    assert client_for(admin_marketing).post(reverse("privacy:undo", args=[424242])).status_code == 404
