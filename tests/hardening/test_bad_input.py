"""No 500 on any bad input: Hypothesis throws generated bad values at every form and API write and
every list filter. Writes answer 4xx (API) or re-show the form / redirect with the error (pages:
200/302), and no row of the product's tables changes; list filters answer without a 500.

Bounded (derandomised, a few examples per target) so the whole file runs in well under a minute,
on SQLite and on PostgreSQL (DATABASE_URL)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from inquiries.models import Category, Escalation, Inquiry, Unit
from tests.factories import FollowUpFactory, LeadFactory, UserFactory

pytestmark = pytest.mark.django_db

EXAMPLES = settings(
    max_examples=10,
    deadline=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],  # no shrinking: the message names the field and value
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

PRODUCT_APPS = ("core", "leads", "inquiries", "automation", "reports", "privacy", "content", "outbox")
NOT_COUNTED = {"inquiries.InboxActivity"}  # "worked the inbox at" is touched by every inbox visit

# --- bad values, by the kind of field they are thrown at --------------------------------------

_junk = st.text(min_size=1, max_size=12)
nul_text = st.builds(lambda a, b: f"{a}\x00{b}", st.text(max_size=8), st.text(max_size=8))
over_long = st.integers(min_value=4_001, max_value=120_000).map(lambda n: "x" * n)
huge_int = st.sampled_from([10**20, -(10**20), 2**63, 2**31, -1, 0]).map(str)
not_a_number = st.one_of(
    _junk.filter(lambda s: not s.strip().isdigit()), nul_text, st.just("1e9"), st.just("١٢")
)
bad_date = st.one_of(
    st.sampled_from(
        ["0001-01-01", "9999-12-31", "1989-12-31", "2999-01-01", "2026-02-30", "20260101x", "-1"]
    ),
    nul_text,
    _junk,
)
bad_datetime = st.one_of(
    st.sampled_from(
        [
            "0001-01-01T00:00",
            "9999-12-31T23:59",
            "9999-12-31T23:59:59Z",
            "0001-01-01T00:00:00Z",
            "2999-01-01T10:00",
        ]
    ),
    bad_date,
)
bad_choice = st.one_of(_junk.filter(lambda s: s not in {"1", "2", "3"}), nul_text, over_long)
BAD = {
    "text": st.one_of(nul_text),
    "short": st.one_of(nul_text, over_long),
    "id": st.one_of(not_a_number, huge_int),
    "date": bad_date,
    "datetime": bad_datetime,
    "past_datetime": st.one_of(
        bad_datetime, st.just((timezone.now() + dt.timedelta(days=30)).strftime("%Y-%m-%dT%H:%M"))
    ),
    "choice": bad_choice,
    "phone": st.one_of(nul_text, over_long, _junk.filter(lambda s: sum(c.isdigit() for c in s) < 5)),
    "email": st.one_of(nul_text, over_long.map(lambda s: s + "@x.id"), _junk.filter(lambda s: "@" not in s)),
}


def fingerprint() -> str:
    """A hash of every row of every product table."""
    digest = hashlib.sha256()
    for model in apps.get_models():
        if (
            model._meta.app_label not in PRODUCT_APPS
            or model._meta.label in NOT_COUNTED
            or not model._meta.managed
        ):
            continue
        for row in model._default_manager.order_by("pk").values_list():
            digest.update(json.dumps(row, default=str).encode())
    return digest.hexdigest()


@pytest.fixture
def world(db):
    """A lead, a follow-up, an inquiry with an escalation, a category; a superuser in the unit."""

    user = UserFactory(username="root", is_superuser=True, is_staff=True)
    unit, _ = Unit.objects.get_or_create(code="akademik", defaults={"name": "Akademik"})
    unit.members.add(user)
    user.user_permissions.add(*Permission.objects.all())
    lead = LeadFactory(full_name="Siti", phone="+6281234567890", email="siti@contoh.id")
    follow_up = FollowUpFactory(lead=lead, owner=user)
    inquiry = Inquiry.objects.create(
        channel="phone", contact_key="+6281234567890", lead=lead, received_at=timezone.now()
    )
    escalation = Escalation.objects.create(
        inquiry=inquiry, unit=unit, question="Q", created_by=user, due_at=timezone.now()
    )
    category = Category.objects.order_by("pk").first()
    client = Client()
    client.force_login(user)
    return {
        "client": client,
        "lead": lead,
        "inquiry": inquiry,
        "escalation": escalation,
        "category": category,
        "follow_up": follow_up,
        "unit": unit,
        "user": user,
    }


# (name, method, url, valid payload, {field: kind}); "{lead}" etc. are filled from the world
PAGE_WRITES = [
    (
        "lead create",
        "/leads/new/",
        {
            "full_name": "Budi",
            "phone": "0812-1111-2222",
            "source": "walk_in",
            "track": "regular",
            "temperature": "warm",
        },
        {
            "full_name": "short",
            "phone": "phone",
            "email": "email",
            "identity_number": "short",
            "obtained_at": "past_datetime",
            "notes": "text",
            "program": "id",
            "owner": "id",
            "institution": "id",
            "source": "choice",
        },
    ),
    (
        "lead edit",
        "/leads/{lead}/edit/",
        {
            "full_name": "Siti",
            "phone": "0812-3456-7890",
            "source": "walk_in",
            "track": "regular",
            "temperature": "warm",
        },
        {
            "full_name": "short",
            "obtained_at": "past_datetime",
            "notes": "text",
            "instagram": "short",
            "email": "email",
        },
    ),
    (
        "lead transition",
        "/leads/{lead}/transition/",
        {"status": "contacted", "reason": "other"},
        {"status": "choice", "note": "text", "reason": "short"},
    ),
    (
        "lead interaction",
        "/leads/{lead}/interactions/",
        {"kind": "call", "direction": "outbound", "outcome": "reached"},
        {
            "note": "text",
            "next_follow_up_at": "datetime",
            "kind": "choice",
            "outcome": "choice",
            "status": "choice",
        },
    ),
    (
        "lead verify",
        "/leads/{lead}/verify/",
        {"phone_state": "valid", "email_state": "valid", "name_state": "valid"},
        {"phone_state": "choice"},
    ),
    (
        "bulk",
        "/leads/bulk/",
        {"lead_ids": "{lead}", "action": "temperature", "temperature": "hot"},
        {"lead_ids": "id", "owner": "id", "action": "choice"},
    ),
    ("segment", "/leads/segments/", {"name": "Segmen", "query": "q=x"}, {"name": "short", "query": "short"}),
    ("merge", "/leads/merge/", {"keep": "{lead}", "merge": "{lead}"}, {"keep": "id", "merge": "id"}),
    ("erase", "/leads/{lead}/privacy/erase/", {"confirm": "HAPUS"}, {"note": "text"}),
    (
        "call log",
        "/calls/{follow_up}/log/",
        {
            "f{follow_up}-kind": "call",
            "f{follow_up}-direction": "outbound",
            "f{follow_up}-outcome": "reached",
        },
        {"f{follow_up}-note": "text", "f{follow_up}-next_follow_up_at": "datetime"},
    ),
    (
        "public form",
        "/public/inquiry/",
        {
            "full_name": "Dina",
            "whatsapp": "0813-1234-5678",
            "track": "regular",
            "message": "Halo",
            "consent": "on",
        },
        {
            "full_name": "short",
            "whatsapp": "phone",
            "email": "email",
            "school": "short",
            "city": "short",
            "message": "short",
            "program": "id",
        },
    ),
    (
        "manual inquiry",
        "/inbox/new/",
        {"channel": "phone", "contact_name": "Budi", "text": "Halo"},
        {
            "contact_name": "short",
            "phone": "phone",
            "email": "email",
            "handle": "short",
            "text": "short",
            "received_at": "past_datetime",
        },
    ),
    ("reply", "/inbox/{inquiry}/reply/", {"body": "Halo"}, {"body": "short"}),
    (
        "triage",
        "/inbox/{inquiry}/triage/",
        {"level": "1", "category": "{category}"},
        {"level": "choice", "category": "id"},
    ),
    ("assign", "/inbox/{inquiry}/assign/", {"assignee": "{user}"}, {"assignee": "id"}),
    (
        "escalate",
        "/inbox/{inquiry}/escalate/",
        {"unit": "{unit}", "question": "Q"},
        {"unit": "id", "question": "short", "due_at": "datetime"},
    ),
    (
        "close",
        "/inbox/{inquiry}/close/",
        {"category": "{category}", "note": "ok"},
        {"category": "id", "note": "short"},
    ),
    ("answer", "/inbox/escalations/{escalation}/answer/", {"answer": "A"}, {"answer": "short"}),
    (
        "forward",
        "/inbox/escalations/{escalation}/forward/",
        {"to_role": "kabag_tu", "note": "n"},
        {"to_role": "choice", "note": "short"},
    ),
    ("validate", "/inbox/escalations/{escalation}/validate/", {"note": "n"}, {"note": "short"}),
    (
        "category",
        "/inbox/categories/",
        {"name": "Baru", "level": "1", "keywords": "a"},
        {"pk": "id", "name": "short", "level": "choice", "keywords": "text", "default_unit": "id"},
    ),
]

API_WRITES = [
    (
        "api lead create",
        "/api/v1/leads/",
        {"full_name": "Budi", "phone": "0812-1111-2222", "source": "walk_in"},
        {
            "full_name": "short",
            "phone": "phone",
            "email": "email",
            "obtained_at": "past_datetime",
            "notes": "text",
            "program": "id",
            "owner": "id",
            "source": "choice",
        },
    ),
    (
        "api lead patch",
        "/api/v1/leads/{lead}/",
        {"full_name": "Siti"},
        {"full_name": "short", "obtained_at": "past_datetime", "notes": "text", "email": "email"},
    ),
    (
        "api transition",
        "/api/v1/leads/{lead}/transition/",
        {"status": "contacted", "reason": "other"},
        {"status": "choice", "note": "text", "reason": "short"},
    ),
    (
        "api interaction",
        "/api/v1/leads/{lead}/interactions/",
        {"kind": "call", "outcome": "reached"},
        {"note": "text", "occurred_at": "past_datetime", "next_follow_up_at": "datetime", "kind": "choice"},
    ),
    (
        "api inquiry",
        "/api/v1/inquiries/",
        {"channel": "phone", "text": "Halo", "contact_name": "Budi"},
        {
            "text": "short",
            "contact_name": "short",
            "phone": "phone",
            "email": "email",
            "received_at": "past_datetime",
            "category": "id",
            "level": "choice",
        },
    ),
]

LIST_FILTERS = [
    (
        "/leads/",
        [
            "q",
            "status",
            "temperature",
            "track",
            "source",
            "program",
            "institution",
            "owner",
            "created_after",
            "created_before",
            "obtained_after",
            "obtained_before",
            "city",
            "o",
            "page",
            "unassigned",
        ],
    ),
    ("/api/v1/leads/", ["q", "status", "program", "created_after", "created_before", "page", "owner"]),
    ("/inbox/", ["channel", "level", "category", "sla", "status", "page", "q"]),
    ("/api/v1/inquiries/", ["channel", "level", "status", "page"]),
    ("/calls/", ["page"]),
    ("/outbox/failed/", ["page"]),
    ("/reports/", ["date"]),
    ("/api/v1/reports/daily/", ["date", "format"]),
    ("/api/v1/reports/weekly/", ["week", "format"]),
    ("/api/v1/reports/monthly/", ["month", "format"]),
    ("/inbox/escalations/", ["page", "status"]),
]
ANY_BAD = st.one_of(
    *BAD.values(), st.sampled_from(["9999-W52", "0001-W01", "0000-00", "9999-12", "x" * 100_000])
)


def _fill(value: str, world) -> str:
    for key in ("lead", "inquiry", "escalation", "category", "follow_up", "unit", "user"):
        value = value.replace(f"{{{key}}}", str(world[key].pk))
    return value


@pytest.mark.parametrize("name,url,payload,fields", PAGE_WRITES, ids=[t[0] for t in PAGE_WRITES])
def test_page_writes_refuse_bad_values_without_500_or_change(world, name, url, payload, fields):
    client = world["client"]

    @EXAMPLES
    @given(data=st.data())
    def check(data):
        field = data.draw(st.sampled_from(sorted(fields)))
        value = data.draw(BAD[fields[field]])
        body = {_fill(k, world): _fill(v, world) for k, v in payload.items()}
        body[_fill(field, world)] = value
        cache.clear()  # the public form's rate limit would answer 429 before validating anything
        before = fingerprint()
        response = client.post(_fill(url, world), body)
        assert response.status_code in (200, 302, 400, 403, 404), (field, value[:80], response.status_code)
        assert fingerprint() == before, (field, value[:80])

    check()


@pytest.mark.parametrize("name,url,payload,fields", API_WRITES, ids=[t[0] for t in API_WRITES])
def test_api_writes_answer_4xx_and_change_nothing(world, name, url, payload, fields):
    client = world["client"]
    method = client.patch if name.endswith("patch") else client.post

    @EXAMPLES
    @given(data=st.data())
    def check(data):
        field = data.draw(st.sampled_from(sorted(fields)))
        value = data.draw(BAD[fields[field]])
        body = {**payload, field: value}
        before = fingerprint()
        response = method(_fill(url, world), json.dumps(body), content_type="application/json")
        assert 400 <= response.status_code < 500, (
            field,
            value[:80],
            response.status_code,
            response.content[:300],
        )
        assert fingerprint() == before, (field, value[:80])

    check()


@pytest.mark.parametrize("url,params", LIST_FILTERS, ids=[t[0] for t in LIST_FILTERS])
def test_list_filters_never_500(world, url, params):
    client = world["client"]

    @EXAMPLES
    @given(data=st.data())
    def check(data):
        param = data.draw(st.sampled_from(params))
        value = data.draw(ANY_BAD)
        before = fingerprint()
        response = client.get(url, {param: value})
        assert response.status_code < 500, (param, value[:80], response.status_code)
        assert fingerprint() == before

    check()


NASTY = [
    "9999-12-31",
    "0001-01-01",
    "9999-W52",
    "0001-W01",
    "9999-12",
    "0000-00",
    "\x00",
    "x" * 100_000,
    "9" * 30,
    "-1",
]


@pytest.mark.parametrize("url,params", LIST_FILTERS, ids=[t[0] for t in LIST_FILTERS])
def test_list_filters_survive_the_known_nasty_values(world, url, params):
    client = world["client"]
    for value in NASTY:  # every filter of the list at once: a form validates all its fields together
        response = client.get(url, dict.fromkeys(params, value))
        assert response.status_code < 500, (url, value[:40])


@pytest.mark.parametrize(
    "url",
    [
        "/leads/abc/",
        "/leads/99999999999999999999/",
        "/inbox/abc/",
        "/api/v1/leads/abc/",
        "/api/v1/leads/99999999999999999999/",
        "/api/v1/inquiries/99999999999999999999/",
        "/calls/99999999999999999999/log/",
        "/survey/%00/",
        "/unsubscribe/x%00/",
    ],
)
def test_ids_that_are_not_numbers_or_too_big_are_404(world, url):
    assert world["client"].get(url).status_code in (400, 404, 405)


def test_nul_bytes_are_refused_with_400_everywhere_but_webhooks(world):
    client = world["client"]
    assert client.get("/leads/", {"q": "a\x00b"}).status_code == 400
    assert client.post("/leads/segments/", {"name": "a\x00b"}).status_code == 400
    assert (
        client.post(
            "/api/v1/leads/", '{"full_name": "a\\u0000b"}', content_type="application/json"
        ).status_code
        == 400
    )
    assert client.get("/survey/abc%00/").status_code == 400
