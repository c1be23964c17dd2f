"""The dashboard /reports/: figures for a built week, every count's link, roles, periods, queries."""

from __future__ import annotations

import html
import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core import workhours
from core.calendar import get_calendar
from inquiries.models import Inquiry
from reports import rollups
from tests.factories import UserFactory
from tests.reports.dashboard_data import build_week, wib

pytestmark = pytest.mark.django_db
MONDAY = date(2026, 11, 9)  # ISO week 2026-W46
WEEK = {"week": "2026-W46"}


@pytest.fixture
def staff(db):
    return UserFactory(username="rina", first_name="Rina", last_name="Marlina", roles=["Humas & Kerjasama"])


@pytest.fixture
def week(staff):
    return build_week(MONDAY, staff=staff)


def dashboard(client, **params):
    response = client.get("/reports/", params)
    assert response.status_code == 200, response.content.decode()[:500]
    return response


def row(dimension: dict, key: str) -> dict:
    return next(r for r in dimension["rows"] if r["key"] == key)


def counts(r: dict) -> list[int]:
    return [cell["n"] for cell in r["cells"]]


def test_cohort_funnel_per_channel_source_event_programme_and_track(client_for, kadiv, week):
    data = dashboard(client_for(kadiv), **WEEK).context["data"]
    funnel = data["funnel"]
    # new, inquired, contacted, interested, registered, enrolled; the erased lead (Hana, registered, no
    # inquiry) counts; the leads entered just outside the week (Monday 00:10 after it, the week before)
    # are not in the cohort.
    assert [cell["n"] for cell in funnel["total"]["cells"]] == [6, 5, 5, 5, 4, 1]
    dims = {d["key"]: d for d in funnel["dimensions"]}
    assert counts(row(dims["channel"], "whatsapp")) == [2, 2, 2, 2, 2, 1]
    # Registered, then not interested: still counted as registered. First contact Instagram.
    assert counts(row(dims["channel"], "instagram")) == [1, 1, 1, 1, 1, 0]
    assert counts(row(dims["channel"], "website")) == [1, 0, 0, 0, 0, 0]
    no_inquiry = row(dims["channel"], "none")
    assert str(no_inquiry["label"]) == "langsung / tanpa pertanyaan"
    assert counts(no_inquiry) == [2, 2, 2, 2, 1, 0]
    assert counts(row(dims["source"], "exhibition")) == [2, 2, 2, 2, 1, 1]
    assert counts(row(dims["event"], "exhibition|Expo Batam 2026")) == [2, 2, 2, 2, 1, 1]
    program_id = week.leads["Putri Ayu"].program_id
    assert counts(row(dims["program"], program_id)) == [2, 2, 2, 2, 1, 0]
    assert counts(row(dims["program"], "null")) == [4, 3, 3, 3, 3, 1]
    assert counts(row(dims["track"], "scholarship")) == [1, 1, 1, 1, 0, 0]
    # Against the week before (one lead, Gita, who has since registered).
    assert row(dims["channel"], "whatsapp")["leads_change"] == {"before": 1, "diff": 1, "pct": 100.0}
    assert funnel["total"]["conversion_pct"] == 66.7


def test_activity_counts_registrations_in_the_period_whatever_the_entry_date(client_for, kadiv, week):
    activity = dashboard(client_for(kadiv), **WEEK).context["data"]["activity"]
    registered, enrolled = (cell["n"] for cell in activity["totals"])
    # Putri, Budi, Dewi, Hana (erased since) and Gita (entered the week before).
    assert (registered, enrolled) == (5, 1)
    whatsapp = next(r for r in activity["rows"] if r["label"] == "WhatsApp")
    assert [cell["n"] for cell in whatsapp["cells"]] == [3, 1]


def test_trends_per_day(client_for, kadiv, week):
    trends = dashboard(client_for(kadiv), **WEEK).context["data"]["trends"]
    inquiries = {s["key"]: [c["n"] for c in s["cells"]] for s in trends["inquiries"]["series"]}
    assert inquiries == {
        "whatsapp": [1, 0, 1, 1, 0, 0, 0],
        "instagram": [0, 1, 0, 0, 0, 0, 0],
        "website": [0, 0, 0, 0, 0, 0, 1],  # Sunday 23:35 WIB is Sunday, not Monday's UTC date
    }
    registrations = trends["registrations"]["series"][0]
    assert [c["n"] for c in registrations["cells"]] == [0, 2, 2, 0, 1, 0, 0]
    assert len(trends["leads"]["buckets"]) == 7


def test_sla_and_care_center(client_for, kadiv, week):
    data = dashboard(client_for(kadiv), **WEEK).context["data"]
    sla = data["sla"]
    assert (sla["total"]["n"], sla["on_time"]["n"], sla["late"]["n"]) == (5, 2, 3)
    assert sla["on_time"]["pct"] == 40.0
    assert (sla["resolved"], sla["resolved_24h"], sla["resolved_24h_pct"]) == (2, 1, 20.0)
    # Recount of the working minutes with core's arithmetic, one pair at a time.
    calendar = get_calendar()
    minutes = sorted(
        workhours.working_minutes_between(calendar, i.received_at, i.first_response_at)
        for i in Inquiry.objects.filter(first_response_at__isnull=False, received_at__date__gte=MONDAY)
        if i.received_at < wib(MONDAY + timedelta(days=7), 0)
    )
    assert len(minutes) == 3
    assert sla["median_minutes"] == round(minutes[1], 1)
    assert sla["p90_minutes"] == round(minutes[2], 1)
    breaches = {r["label"]: [c["n"] for c in r["cells"]] for r in sla["breaches"]}
    assert breaches == {"WhatsApp": [0, 0, 0, 1], "Instagram": [0, 1, 0, 0], "Website": [0, 0, 0, 1]}
    assert sla["tagged_pct"] == 100.0
    care = data["care"]
    assert (care["survey_avg"], care["survey_responses"]) == (4.0, 1)
    assert sum(r["n"] for r in care["categories"]) == 5


def test_team_activity_with_full_names(client_for, kadiv, week):
    team = dashboard(client_for(kadiv), **WEEK).context["data"]["team"]
    rina = next(r for r in team if r["name"] == "Rina Marlina")
    assert (rina["interactions"], rina["answered"]) == (2, 1)
    assert (rina["follow_ups_due"], rina["follow_ups_done"], rina["follow_ups_overdue"]) == (2, 0, 2)


LINK = re.compile(r'<a href="(/(?:leads|inbox)/\?[^"]+)"[^>]*>(\d+)</a>')


def list_count(client, url: str) -> int:
    response = client.get(url)
    assert response.status_code == 200
    page = response.context["page"]
    return page.count if url.startswith("/leads/") else page.paginator.count


def test_every_count_links_to_a_list_holding_exactly_those_rows(client_for, kadiv, week):
    client = client_for(kadiv)
    page = dashboard(client, **WEEK).content.decode()
    links = {(html.unescape(url), int(n)) for url, n in LINK.findall(page)}
    assert len(links) > 60
    assert any("first_channel=none" in url and n == 1 for url, n in links)
    assert any("moved_to=registered" in url and n == 5 for url, n in links)
    assert any("first_response=late" in url and n == 3 for url, n in links)
    assert any("event=Expo" in url and n == 2 for url, n in links)
    wrong = [(url, n, list_count(client, url)) for url, n in sorted(links) if list_count(client, url) != n]
    assert wrong == []


def test_last_week_registered_per_channel_link_matches_the_lead_list(client_for, kadiv, week):
    client = client_for(kadiv)
    whatsapp = row(
        {d["key"]: d for d in dashboard(client, **WEEK).context["data"]["funnel"]["dimensions"]}["channel"],
        "whatsapp",
    )
    registered = whatsapp["cells"][4]
    assert registered["n"] == 2
    response = client.get(registered["url"])
    assert {lead.full_name for lead in response.context["page"]} == {"Putri Ayu", "Dewi Lestari"}


def test_month_shows_costs_per_source(client_for, kadiv, week):
    from reports.models import SourceCost

    SourceCost.objects.create(source="exhibition", month=date(2026, 11, 1), amount=3_000_000)
    dims = {
        d["key"]: d
        for d in dashboard(client_for(kadiv), month="2026-11").context["data"]["funnel"]["dimensions"]
    }
    exhibition = row(dims["source"], "exhibition")
    assert dims["source"]["has_costs"]
    assert (exhibition["cost"], exhibition["cost_per_lead"], exhibition["cost_per_registrant"]) == (
        3_000_000,
        1_500_000,
        3_000_000,
    )


def test_headings_follow_the_chosen_period(client_for, kadiv):
    page = dashboard(client_for(kadiv), date="2026-10-15").content.decode()
    heading = re.search(r'data-testid="period-heading">(.*?)</p>', page, re.S).group(1)
    assert "15 Oktober 2026" in heading
    assert page.lower().count("hari ini") == 1  # the preset button; no heading says "today"
    week_page = dashboard(client_for(kadiv), week="2026-W46").content.decode()
    assert "Minggu 2026-W46" in week_page


@pytest.mark.parametrize(
    "params", [{"date": "15/10/2026"}, {"week": "2026-W99"}, {"from": "2026-11-10", "to": "2026-10-01"}]
)
def test_a_bad_period_is_a_visible_message_not_a_fallback(client_for, kadiv, params):
    response = client_for(kadiv).get("/reports/", params)
    assert response.status_code == 400
    page = response.content.decode()
    assert 'data-testid="period-error"' in page
    assert 'data-testid="funnel"' not in page
    assert "Periode tidak dapat ditampilkan" in page


def test_supervisor_sees_the_dashboard(client_for, supervisor):
    assert 'data-testid="funnel"' in dashboard(client_for(supervisor)).content.decode()


def test_admin_media_sosial_sees_the_daily_part_only(client_for, admin_medsos, week):
    client = client_for(admin_medsos)
    page = dashboard(client, date="2026-11-09").content.decode()
    assert 'data-testid="sla"' in page and 'data-testid="team"' in page
    assert 'data-testid="funnel"' not in page and "Biaya" not in page
    assert 'data-preset="this_month"' not in page
    assert client.get("/reports/", {"month": "2026-11"}).status_code == 400
    assert client.get("/reports/", {"preset": "last_week"}).status_code == 400


@pytest.mark.parametrize("persona", ["telemarketer", "admin_marketing", "unit_user", "no_role_user"])
def test_other_roles_are_refused(client_for, request, persona):
    assert client_for(request.getfixturevalue(persona)).get("/reports/").status_code == 403


def test_anonymous_is_sent_to_login(client):
    response = client.get("/reports/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        dashboard(client, **WEEK)
    return len(queries)


def test_query_count_is_constant(client_for, kadiv, staff, week, django_assert_num_queries):
    client = client_for(kadiv)
    dashboard(client, **WEEK)  # warms the office calendar cache
    # session, user, the user's and the groups' permissions; 3x trends (inquiries, leads, registrations),
    # SLA totals, response times, breaches, categories, survey, team: interactions, answers, follow-ups,
    # names; 2x funnel (this and the previous period), 2x activity; 3x the cohort roll-up's stale-day
    # check (leads trend, 2x funnel: nothing marked, no recount). SourceCost is read only for a month.
    with django_assert_num_queries(23):
        dashboard(client, **WEEK)
    build_week(
        MONDAY + timedelta(days=1), staff=UserFactory(username="dodi", roles=["Humas & Kerjasama"]), series=7
    )
    rollups.refresh()  # the beat job's recount of the marked days (else the first read does it)
    assert _queries(client) == 23


def test_a_long_range_is_charted_per_week_and_its_links_still_match(client_for, kadiv, week):
    client = client_for(kadiv)
    response = dashboard(client, **{"from": "2026-09-02", "to": "2026-11-30"})
    trends = response.context["data"]["trends"]
    buckets = trends["inquiries"]["buckets"]
    assert buckets[0] == {"first": date(2026, 9, 2), "last": date(2026, 9, 6)}  # clipped to the range
    assert buckets[-1] == {"first": date(2026, 11, 30), "last": date(2026, 11, 30)}
    assert sum(s["total"] for s in trends["inquiries"]["series"]) == 6  # the week's five and Gita's
    cells = [cell for s in trends["registrations"]["series"] for cell in s["cells"] if cell["n"]]
    assert [cell["n"] for cell in cells] == [5]
    for cell in cells:
        assert list_count(client, cell["url"]) == cell["n"]


def test_numbers_follow_the_locale(client_for, kadiv, week):
    """One number format (Django's localisation): 66,7% and 1.234 in Indonesian, as on the home page."""
    from django.utils import translation

    from reports.templatetags.report_tags import dec, num, pct, rupiah

    page = dashboard(client_for(kadiv), **WEEK).content.decode()
    assert "66,7%" in page and "66.7%" not in page
    with translation.override("id"):
        assert (num(1234567), pct(66.66), pct(None), dec(12.25), rupiah(1500000)) == (
            "1.234.567",
            "66,7%",
            "—",
            "12,3",
            "Rp 1.500.000",
        )
    with translation.override("en"):
        assert (num(1234567), pct(66.66)) == ("1,234,567", "66.7%")


TEAM_LINK = re.compile(
    r'<a (?:class="[^"]*" )?href="(/(?:leads/(?:interactions|follow-ups)|inbox)/\?[^"]+)"[^>]*>(\d+)</a>'
)


def test_team_and_uncategorised_counts_link_to_lists_of_exactly_those_rows(client_for, kadiv, week):
    """Interactions and follow-ups (due / done / overdue) per staff member, and tickets without a
    category: each count opens the list holding exactly its rows."""
    client = client_for(kadiv)
    # One inquiry of the week without a category (the care-center recap's "Belum dikategorikan").
    assert Inquiry.objects.filter(category__isnull=True, received_at__gte=wib(MONDAY, 0)).exists()
    page = dashboard(client, **WEEK).content.decode()
    links = {(html.unescape(url), int(n)) for url, n in TEAM_LINK.findall(page)}
    interactions = [(u, n) for u, n in links if u.startswith("/leads/interactions/")]
    follow_ups = [(u, n) for u, n in links if u.startswith("/leads/follow-ups/")]
    uncategorised = [(u, n) for u, n in links if "uncategorised=on" in u]
    assert interactions and any(n == 2 for _, n in interactions)
    assert {("state=overdue" in u, n) for u, n in follow_ups} >= {(True, 2)}
    assert uncategorised and uncategorised[0][1] >= 1
    for url, n in [*interactions, *follow_ups, *uncategorised]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.context["page"].paginator.count == n, url


def test_team_lists_need_the_permission(client_for, unit_user):
    client = client_for(unit_user)
    assert client.get("/leads/interactions/").status_code == 403
    assert client.get("/leads/follow-ups/").status_code == 403
    assert client_for(unit_user).get("/leads/follow-ups/", {"after": "9999-01-01"}).status_code == 403
