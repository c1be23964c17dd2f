"""The lead list's search and paging at scale (issue 3, point 12): what the search finds, that the
PostgreSQL indexes serve it (and that SQLite takes the plain path), and the capped-count paging."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from leads import filters, selectors
from leads.filters import phone_prefix, search_leads
from leads.models import Institution, Lead
from tests.factories import InstitutionFactory, LeadFactory

pytestmark = pytest.mark.django_db


def _names(queryset) -> set[str]:
    return set(queryset.values_list("full_name", flat=True))


@pytest.fixture
def people(db):
    school = InstitutionFactory(name="SMK Pariwisata Bintan", city="Bintan")
    other = InstitutionFactory(name="SMA Negeri 1 Batam", city="Batam")
    return {
        "siti": LeadFactory(
            full_name="Siti Rahmawati",
            phone="+6281234567890",
            email="siti.r@contoh.sch.id",
            institution=other,
        ),
        "rina": LeadFactory(
            full_name="Rina Lestari",
            phone="+6281311112222",
            whatsapp="+6285277778888",
            email="",
            institution=school,
        ),
        "budi": LeadFactory(
            full_name="Budi 50% Santoso", phone="+6287700001111", email="budi_s@contoh.sch.id"
        ),
    }


@pytest.mark.parametrize(
    "text, expected",
    [
        ("rahma", {"Siti Rahmawati"}),  # substring of the name, any case
        ("RAHMAWATI", {"Siti Rahmawati"}),
        ("pariwisata", {"Rina Lestari"}),  # school name
        ("negeri 1 bat", {"Siti Rahmawati"}),
        ("0812 3456", {"Siti Rahmawati"}),  # phone fragment in local form
        ("62813", {"Rina Lestari"}),
        ("+62 852 7777", {"Rina Lestari"}),  # WhatsApp number
        ("siti.r@contoh", {"Siti Rahmawati"}),  # email prefix
        ("BUDI_S@", {"Budi 50% Santoso"}),  # email lower-cased, '_' literal
        ("50%", {"Budi 50% Santoso"}),  # '%' is literal, not a wildcard
        ("a", {"Siti Rahmawati", "Rina Lestari", "Budi 50% Santoso"}),
        ("tidak-ada-yang-cocok", set()),
        ("   ", {"Siti Rahmawati", "Rina Lestari", "Budi 50% Santoso"}),  # blank: no filter
    ],
)
def test_search_finds_name_school_phone_and_email(people, text, expected):
    assert _names(search_leads(selectors.lead_list(), text)) == expected


def test_phone_prefix_normalises_fragments():
    assert phone_prefix("0812 34") == "+6281234"
    assert phone_prefix("62812") == "+62812"
    assert phone_prefix("+62 812") == "+62812"
    assert phone_prefix("812") == "+62812"
    assert phone_prefix("08") is None  # too short to be a useful prefix
    assert phone_prefix("siti") is None


def test_school_search_filters_by_literal_ids(people):
    with CaptureQueriesContext(connection) as captured:
        queryset = search_leads(selectors.lead_list(), "pariwisata")
    # the schools are looked up once, up front; the lead query carries their ids, not a subquery
    assert len(captured.captured_queries) == 1 and "leads_institution" in captured.captured_queries[0]["sql"]
    sql = str(queryset.query)
    assert "leads_institution" not in sql.split("WHERE", 1)[1]
    assert _names(queryset) == {"Rina Lestari"}


def test_school_search_matching_many_schools_keeps_a_subquery(people, monkeypatch):
    monkeypatch.setattr(filters, "MAX_SCHOOL_IDS", 1)
    queryset = search_leads(selectors.lead_list(), "s")  # both schools match: more than the limit
    assert "leads_institution" in str(queryset.query).split("WHERE", 1)[1]
    assert _names(queryset) == {"Siti Rahmawati", "Rina Lestari", "Budi 50% Santoso"}
    assert _names(search_leads(selectors.lead_list(), "pariwisata")) == {
        "Rina Lestari"
    }  # one school: literal ids


def test_erased_leads_are_not_found(people):
    Lead.objects.filter(pk=people["siti"].pk).update(is_erased=True)
    assert _names(search_leads(selectors.lead_list(), "rahma")) == set()


def test_search_indexes_per_database(people):
    """PostgreSQL: the trigram/prefix indexes exist and the search can be answered from them alone (a
    BitmapOr; the planner is told to avoid a sequential scan, which it prefers on a tiny table). The
    status-order and live-id indexes are only checked to exist: on a tiny table the planner's choice
    among indexes for them is a coin toss (seen in CI). SQLite: the PostgreSQL-only migrations
    created nothing and the same search is a plain scan."""
    queryset = search_leads(selectors.lead_list(), "rahma")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT indexname FROM pg_indexes WHERE tablename IN ('leads_lead', 'leads_institution')"
            )
            indexes = {row[0] for row in cursor.fetchall()}
            assert {
                "lead_full_name_trgm",
                "institution_name_trgm",
                "lead_email_prefix",
                "lead_status_desc_created",
                "lead_live_id",
            } <= indexes
            cursor.execute("SET enable_seqscan = off")
            try:
                # the search alone (the is_erased filter would rather use lead_live_id on a table this small)
                plan = search_leads(Lead.objects.order_by(), "rahma").explain()
                school_plan = Institution.objects.filter(name__icontains="pariwisata").explain()
            finally:
                cursor.execute("RESET enable_seqscan")
        assert "lead_full_name_trgm" in plan and "lead_email_prefix" in plan and "BitmapOr" in plan, plan
        assert "institution_name_trgm" in school_plan, school_plan
    else:
        with connection.cursor() as cursor:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'leads_lead'")
            indexes = {row[0] for row in cursor.fetchall()}
        assert not indexes & {"lead_full_name_trgm", "lead_status_desc_created", "lead_live_id"}
        assert "leads_lead" in queryset.explain()
    assert _names(queryset) == {"Siti Rahmawati"}


# --- capped-count paging -------------------------------------------------------------------------


@pytest.fixture
def twelve_leads(db):
    base = timezone.now() - dt.timedelta(days=1)
    leads = [LeadFactory(full_name=f"Urut {i:02d}") for i in range(12)]
    # five share one created_at, so only the id tie-break keeps the pages apart
    for i, lead in enumerate(leads):
        Lead.objects.filter(pk=lead.pk).update(created_at=base if i < 5 else base + dt.timedelta(minutes=i))
    return leads


def _all_pages(queryset, per_page):
    seen, number = [], 1
    while True:
        page = selectors.lead_page(queryset, number, per_page=per_page)
        seen.extend(lead.full_name for lead in page)
        if not page.has_next:
            return seen
        number = page.next_page_number()


@pytest.mark.parametrize(
    "ordering",
    [None, "created_at", "-created_at", "full_name", "-full_name", "status", "-status", "obtained_at"],
)
def test_pages_cover_every_lead_once_in_any_order(twelve_leads, ordering):
    queryset = selectors.lead_list()
    if ordering:
        queryset = queryset.order_by(ordering)
    seen = _all_pages(queryset, per_page=2)
    assert sorted(seen) == sorted(lead.full_name for lead in twelve_leads)


def test_default_order_is_newest_first_then_highest_id(twelve_leads):
    page = selectors.lead_page(selectors.lead_list(), 1, per_page=12)
    names = [lead.full_name for lead in page]
    assert names[:7] == [f"Urut {i:02d}" for i in range(11, 4, -1)]
    assert names[7:] == [f"Urut {i:02d}" for i in range(4, -1, -1)]  # the tie: by id, newest id first


def test_exact_count_below_the_cap(twelve_leads):
    page = selectors.lead_page(selectors.lead_list(), "2", per_page=5)
    assert (page.count, page.count_capped, page.num_pages, page.number) == (12, False, 3, 2)
    assert page.has_previous and page.has_next and (page.start_index(), page.end_index()) == (6, 10)
    last = selectors.lead_page(selectors.lead_list(), 99, per_page=5)  # past the end: the last page
    assert (last.number, len(last), last.has_next) == (3, 2, False)


@pytest.mark.parametrize("raw", [None, "", "abc", "0", "-3", "1.5"])
def test_bad_page_numbers_mean_the_first_page(twelve_leads, raw):
    page = selectors.lead_page(selectors.lead_list(), raw, per_page=5)
    assert page.number == 1 and len(page) == 5 and not page.has_previous


def test_count_is_capped(twelve_leads, monkeypatch):
    monkeypatch.setattr(selectors, "COUNT_CAP", 10)
    page = selectors.lead_page(selectors.lead_list(), 1, per_page=5)
    assert (page.count, page.count_capped, page.num_pages, page.has_next) == (10, True, None, True)
    # pages past the cap are still reachable; has_next comes from the one extra row
    third = selectors.lead_page(selectors.lead_list(), 3, per_page=5)
    assert (len(third), third.has_next) == (2, False)
    past = selectors.lead_page(selectors.lead_list(), 7, per_page=5)
    assert (past.number, len(past), past.has_next) == (7, 0, False)


def test_deepest_page_is_bounded(twelve_leads, monkeypatch):
    monkeypatch.setattr(selectors, "MAX_PAGE", 2)
    page = selectors.lead_page(selectors.lead_list(), 50, per_page=5)
    assert page.number == 2 and not page.has_next and page.beyond_last_page
    assert not selectors.lead_page(
        selectors.lead_list(), 2, per_page=6
    ).beyond_last_page  # 12 rows: nothing beyond


def test_empty_result_runs_no_page_query(db, django_assert_num_queries):
    with django_assert_num_queries(1):
        page = selectors.lead_page(selectors.lead_list(), 1, per_page=25)
    assert (page.count, len(page), page.has_next, page.num_pages) == (0, 0, False, 1)


def test_list_page_shows_capped_count_and_open_ended_pages(
    client_for, admin_marketing, twelve_leads, monkeypatch
):
    from leads import views

    monkeypatch.setattr(views, "PAGE_SIZE", 5)
    client = client_for(admin_marketing)
    body = client.get(reverse("leads:list")).content.decode()
    assert ">12</small>" in body and "Halaman 1 dari 3" in body and "page=2" in body

    monkeypatch.setattr(selectors, "COUNT_CAP", 10)
    body = client.get(reverse("leads:list"), {"page": "2"}).content.decode()
    assert "10+" in body and "Halaman 2<" in body and "dari" not in body.split('aria-label="Halaman"', 1)[1]
    assert "page=1" in body and "page=3" in body
    body = client.get(reverse("leads:list"), {"page": "3"}).content.decode()
    assert "Urut 00" in body and "page=4" not in body  # the last two rows; no next link

    monkeypatch.setattr(selectors, "MAX_PAGE", 1)
    body = client.get(reverse("leads:list")).content.decode()
    assert 'data-testid="page-limit"' in body and "page=2" not in body
