"""The inbox at a million inquiries: capped counts, and row details computed for the page's rows only."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from inquiries import selectors
from inquiries import views as inbox_views
from inquiries.models import Inquiry

pytestmark = pytest.mark.django_db


def _inquiry(n: int, *, due_in_minutes: int, assignee=None) -> Inquiry:
    now = timezone.now()
    return Inquiry.objects.create(
        channel="whatsapp",
        contact_key=f"62812999{n:05d}",
        contact_name=f"Penanya Ke-{n}",
        received_at=now - dt.timedelta(hours=1),
        first_response_due=now + dt.timedelta(minutes=due_in_minutes),
        sla_due_at=now + dt.timedelta(minutes=due_in_minutes),
        assignee=assignee,
    )


def test_inbox_pages_keep_the_sla_order(client_for, admin_medsos, monkeypatch):
    monkeypatch.setattr(inbox_views, "PAGE_SIZE", 2)
    for n, minutes in enumerate([30, -10, 90, 60, 5]):
        _inquiry(n, due_in_minutes=minutes)
    client = client_for(admin_medsos)
    first = client.get("/inbox/").content.decode()
    second = client.get("/inbox/", {"page": 2}).content.decode()
    third = client.get("/inbox/", {"page": 3}).content.decode()
    assert first.index("Penanya Ke-1") < first.index("Penanya Ke-4")  # breached first, then 5 minutes
    assert "Penanya Ke-0" in second and "Penanya Ke-3" in second and "Penanya Ke-0" not in first
    assert "Penanya Ke-2" in third and "Penanya Ke-1" not in third
    assert 'data-testid="inbox-count">5</span>' in first


def test_inbox_count_and_counters_are_capped(client_for, admin_medsos, monkeypatch):
    monkeypatch.setattr(selectors, "LIST_COUNT_CAP", 3)
    monkeypatch.setattr(selectors, "COUNTER_CAP", 2)
    for n in range(4):
        _inquiry(n, due_in_minutes=-5)
    page = client_for(admin_medsos).get("/inbox/").content.decode()
    assert 'data-testid="inbox-count">3+</span>' in page
    assert 'data-count="total">Aktif: 2+</span>' in page
    assert 'data-count="breached">Lewat SLA: 2+</span>' in page


def test_inbox_counts_are_exact_below_the_cap(admin_medsos):
    _inquiry(1, due_in_minutes=-5, assignee=admin_medsos)
    _inquiry(2, due_in_minutes=30)
    counts = selectors.inbox_counts(admin_medsos)
    assert counts == {"total": "2", "mine": "1", "unassigned": "1", "breached": "1", "crisis": "0"}
