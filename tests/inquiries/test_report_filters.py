"""Inbox filters the dashboard links to: received in office days, first response on time or late."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.http import QueryDict

from inquiries.forms import InboxFilterForm
from inquiries.models import Inquiry, InquiryStatus
from inquiries.selectors import inbox_queryset

pytestmark = pytest.mark.django_db
JKT = ZoneInfo("Asia/Jakarta")


def make(key, received, *, responded=None):
    return Inquiry.objects.create(
        channel="whatsapp",
        contact_key=key,
        received_at=received,
        first_response_due=received + timedelta(hours=2),
        first_response_at=received + responded if responded is not None else None,
        status=InquiryStatus.ANSWERED if responded is not None else InquiryStatus.OPEN,
    )


def keys(user, query: str) -> set[str]:
    form = InboxFilterForm(QueryDict(query))
    assert form.is_valid(), form.errors
    return set(inbox_queryset(user, form.filters()).values_list("contact_key", flat=True))


def test_received_dates_are_office_days_and_first_response_splits_on_time_from_late(supervisor):
    make("on-time", datetime(2026, 11, 9, 9, tzinfo=JKT), responded=timedelta(minutes=30))
    make("late", datetime(2026, 11, 9, 10, tzinfo=JKT), responded=timedelta(hours=3))
    make("unanswered", datetime(2026, 11, 9, 23, 50, tzinfo=JKT))
    make("next-day", datetime(2026, 11, 10, 0, 5, tzinfo=JKT))
    day = "status=all&received_after=2026-11-09&received_before=2026-11-09"
    assert keys(supervisor, day) == {"on-time", "late", "unanswered"}
    assert keys(supervisor, day + "&first_response=on_time") == {"on-time"}
    assert keys(supervisor, day + "&first_response=late") == {"late", "unanswered"}
    assert keys(supervisor, "status=all&received_after=2026-11-10") == {"next-day"}


def test_inbox_page_shows_the_filtered_count(client_for, supervisor):
    make("late", datetime(2026, 11, 9, 10, tzinfo=JKT), responded=timedelta(hours=3))
    response = client_for(supervisor).get("/inbox/", {"status": "all", "first_response": "late"})
    assert response.status_code == 200
    assert 'data-testid="inbox-count">1<' in response.content.decode()


def test_answered_by_a_staff_member_within_office_days(supervisor, humas):
    from inquiries.models import Direction, Message

    replied = make("replied", datetime(2026, 11, 9, 9, tzinfo=JKT), responded=timedelta(minutes=5))
    other = make("other", datetime(2026, 11, 9, 9, 30, tzinfo=JKT), responded=timedelta(minutes=5))
    for inquiry, by, sent in (
        (replied, humas, datetime(2026, 11, 9, 23, 55, tzinfo=JKT)),
        (replied, humas, datetime(2026, 11, 9, 10, tzinfo=JKT)),
        (other, supervisor, datetime(2026, 11, 9, 10, tzinfo=JKT)),
        (other, humas, datetime(2026, 11, 10, 0, 5, tzinfo=JKT)),
    ):
        Message.objects.create(
            inquiry=inquiry, direction=Direction.OUTBOUND, text="Halo", sent_at=sent, sent_by=by
        )
    day = f"status=all&answered_by={humas.pk}&answered_after=2026-11-09&answered_before=2026-11-09"
    assert keys(supervisor, day) == {"replied"}  # once, though answered twice
    assert keys(supervisor, f"status=all&answered_by={humas.pk}") == {"replied", "other"}
