"""The office calendar page (/office-calendar/): the Supervisor edits hours, closures and overrides;
every SLA clock sees the change at once; the next 14 days are previewed."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from django.utils import timezone

from core.calendar import get_calendar
from core.models import HoursOverride, OfficeClosure, OfficeHoursBlock
from core.office_calendar.hours_text import BadHours, format_blocks, parse_blocks

URL = "/office-calendar/"


def test_hours_text_reads_blocks_and_breaks():
    assert parse_blocks("13:00-16:00, 08.00-12:00") == [(time(8), time(12)), (time(13), time(16))]
    assert parse_blocks("  ") == []
    assert format_blocks(parse_blocks("8:00-11:30")) == "08:00-11:30"


@pytest.mark.parametrize("text", ["08:00", "16:00-08:00", "08:00-12:00, 11:00-13:00", "25:00-26:00"])
def test_hours_text_refuses_what_is_not_office_hours(text):
    with pytest.raises(BadHours):
        parse_blocks(text)


pytestmark_db = pytest.mark.django_db


def next_monday() -> date:
    today = timezone.localdate()
    return today + timedelta(days=(7 - today.weekday()) % 7 or 7)


@pytestmark_db
def test_supervisor_sees_the_page_with_fourteen_days(client_for, supervisor):
    page = client_for(supervisor).get(URL).content.decode()
    assert page.count('data-testid="preview-') == 14
    assert "08:00-16:00" in page
    assert 'href="/office-calendar/"' in page  # in the Supervisor's navigation


@pytestmark_db
@pytest.mark.parametrize("persona", ["admin_marketing", "telemarketer", "unit_user", "admin_medsos"])
def test_other_roles_cannot_open_or_change_it(client_for, request, persona):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(URL).status_code == 403
    assert client.post(URL + "weekly/", {"day_0": "08:00-09:00"}).status_code == 403
    assert (
        client.post(
            URL + "closures/", {"name": "x", "starts_on": "2026-12-24", "ends_on": "2026-12-24"}
        ).status_code
        == 403
    )
    assert (
        OfficeHoursBlock.objects.filter(ends_at=time(9)).count() == 0 and not OfficeClosure.objects.exists()
    )


@pytestmark_db
def test_kadiv_reads_but_cannot_change(client_for, kadiv):
    client = client_for(kadiv)
    assert client.get(URL).status_code == 200
    assert client.post(URL + "weekly/", {"day_0": "08:00-09:00"}).status_code == 403


@pytestmark_db
def test_weekly_hours_with_a_break_take_effect_at_once(
    client_for, supervisor, django_capture_on_commit_callbacks
):
    monday = next_monday()
    assert get_calendar().blocks_on(monday) == [(time(8), time(16))]  # cached now
    data = {f"day_{d}": "08:00-16:00" for d in range(4)} | {"day_4": "08:00-11:30, 13:30-16:00"}
    data["day_0"] = "08:00-12:00, 13:00-16:00"
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(supervisor).post(URL + "weekly/", data)
    assert response.status_code == 302
    assert get_calendar().blocks_on(monday) == [(time(8), time(12)), (time(13), time(16))]
    assert get_calendar().blocks_on(monday + timedelta(days=5)) == []  # Saturday left empty: closed


@pytestmark_db
def test_unreadable_hours_are_refused_and_nothing_changes(client_for, supervisor):
    response = client_for(supervisor).post(URL + "weekly/", {"day_0": "pagi saja"})
    assert response.status_code == 400 and "bukan jam kerja" in response.content.decode()
    assert OfficeHoursBlock.objects.count() == 5


@pytestmark_db
def test_a_closure_closes_its_days_in_the_preview(client_for, supervisor, django_capture_on_commit_callbacks):
    monday = next_monday()
    client = client_for(supervisor)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL + "closures/", {"name": "Cuti bersama", "starts_on": monday, "ends_on": monday})
    assert get_calendar().blocks_on(monday) == []
    page = client.get(URL).content.decode()
    assert "Cuti bersama" in page
    closure = OfficeClosure.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(URL + f"closures/{closure.pk}/delete/").status_code == 302
    assert get_calendar().blocks_on(monday) == [(time(8), time(16))]


@pytestmark_db
def test_a_closure_ending_before_it_starts_is_refused(client_for, supervisor):
    response = client_for(supervisor).post(
        URL + "closures/", {"name": "Salah", "starts_on": "2026-12-26", "ends_on": "2026-12-24"}
    )
    assert response.status_code == 400 and not OfficeClosure.objects.exists()


@pytestmark_db
def test_ramadan_hours_override_the_week(client_for, supervisor, django_capture_on_commit_callbacks):
    monday = next_monday()
    data = {"name": "Jam Ramadan", "starts_on": monday, "ends_on": monday + timedelta(days=6)}
    data |= {f"day_{d}": "08:00-14:00" for d in range(5)}
    with django_capture_on_commit_callbacks(execute=True):
        client_for(supervisor).post(URL + "overrides/", data)
    assert get_calendar().blocks_on(monday) == [(time(8), time(14))]
    page = client_for(supervisor).get(URL).content.decode()
    assert "Jam Ramadan" in page and "08:00-14:00" in page
    override = HoursOverride.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client_for(supervisor).post(URL + f"overrides/{override.pk}/delete/")
    assert get_calendar().blocks_on(monday) == [(time(8), time(16))]


@pytestmark_db
def test_unknown_ids_are_404_and_get_is_refused(client_for, supervisor):
    client = client_for(supervisor)
    assert client.post(URL + "closures/999999/delete/").status_code == 404
    assert client.post(URL + "overrides/999999/delete/").status_code == 404
    assert client.get(URL + "weekly/").status_code == 405


@pytestmark_db
def test_the_page_query_count_does_not_grow_with_rows(client_for, supervisor, django_assert_num_queries):
    from core.models import HoursOverrideBlock

    monday = next_monday()
    for n in range(3):
        OfficeClosure.objects.create(name=f"Tutup {n}", starts_on=monday, ends_on=monday)
        override = HoursOverride.objects.create(name=f"Khusus {n}", starts_on=monday, ends_on=monday)
        HoursOverrideBlock.objects.create(override=override, weekday=0, starts_at=time(8), ends_at=time(12))
    client = client_for(supervisor)
    client.get(URL)
    # session, user, user permissions, group permissions; weekly blocks for the form; the fresh
    # calendar: weekly blocks, overrides + their blocks, closures; the preview's closures and
    # overrides; the lists: closures, overrides + their blocks
    with django_assert_num_queries(14):
        client.get(URL)


@pytestmark_db
@pytest.mark.parametrize(
    "url, data",
    [
        ("weekly/", {}),  # every day closed: no SLA clock could ever end
        ("closures/", {"name": "Tutup lama", "starts_on": "2026-01-01", "ends_on": "2027-12-31"}),
        ("closures/", {"name": "Jauh", "starts_on": "9999-12-30", "ends_on": "9999-12-31"}),
        ("overrides/", {"name": "Terlalu lama", "starts_on": "2026-01-01", "ends_on": "2028-01-01"}),
    ],
)
def test_edits_that_would_leave_no_working_time_are_refused(client_for, supervisor, url, data):
    response = client_for(supervisor).post(URL + url, data)
    assert response.status_code == 400
    assert "alert-danger" in response.content.decode() or "text-danger" in response.content.decode()
    assert OfficeHoursBlock.objects.count() == 5
    assert not OfficeClosure.objects.exists() and not HoursOverride.objects.exists()
