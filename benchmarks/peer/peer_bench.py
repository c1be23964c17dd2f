"""The peer's side of the side-by-side benchmark, run by the peer's own Python 3.12 (var/peer/venv)
with DJANGO_SETTINGS_MODULE=peer_settings; never imported by PMB CRM.

    peer_bench.py setup            migrate and load the package's own fixtures (as its `setupdata`
                                   command does), create the benchmark users
    peer_bench.py seed --leads N   COPY N leads, N requests (one per lead) and the deals of the
                                   leads that got past first contact into its database
    peer_bench.py serve            read one JSON case per line on stdin ({"name", "path", "repeat"}),
                                   answer one JSON line: median/p95 ms, SQL queries, status
    peer_bench.py info             JSON: row counts, package version, the sample lead

The data mirrors benchmarks/leads_bench.py (same names, cities, schools, spread over a year, same
status mix): PMB's institution becomes the peer's company name, its status pipeline the peer's
request → deal → stage / closing reason, which is what the peer's reports read.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peer_settings")
django.setup()

from common.models import Department  # noqa: E402
from crm.models import City, ClosingReason, Country, Currency, Deal, Lead, LeadSource, Request, Stage  # noqa: E402
from crm.site.crmadminsite import crm_site  # noqa: E402
from django.contrib.auth.models import Group, User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

FIXTURES = (
    "country.json",
    "currency.json",
    "groups.json",
    "resolution.json",
    "department.json",
    "deal_stage.json",
    "projectstage.json",
    "taskstage.json",
    "client_type.json",
    "closing_reason.json",
    "industry.json",
    "lead_source.json",
    "publicemaildomain.json",
    "sites.json",
    "reminders.json",
    "massmailsettings.json",
    "transaction_quality_signal.json",
    "departmentpricerule.json",
)
DEPARTMENT = "Local sales"  # one country, like an admissions office: the list shows the city column
MANAGERS = ("bench_manager", "bench_manager2", "bench_manager3")
BATCH = 20_000
SHIPPED_PER_PAGE = crm_site._registry[Lead].list_per_page
# Same word lists and status mix as benchmarks/leads_bench.py.
FIRST = [
    "Siti", "Budi", "Dewi", "Agus", "Rina", "Andi", "Putri", "Rizky", "Nur", "Fajar", "Ayu", "Dimas", "Indah",
    "Yoga", "Sri", "Bayu", "Lestari", "Hendra", "Wulan", "Arif", "Citra", "Eko", "Fitri", "Gilang", "Intan",
    "Joko", "Kartika",
]  # fmt: skip
LAST = [
    "Rahmawati", "Santoso", "Lestari", "Saputra", "Wijaya", "Pratama", "Hidayat", "Siregar", "Nasution",
    "Harahap", "Gunawan", "Kusuma", "Simanjuntak", "Putra", "Wahyuni", "Setiawan", "Handayani", "Sitompul",
    "Tanjung", "Lubis",
]  # fmt: skip
CITIES = [
    "Batam",
    "Bintan",
    "Tanjungpinang",
    "Karimun",
    "Lingga",
    "Natuna",
    "Anambas",
    "Pekanbaru",
    "Dumai",
    "Medan",
]
STATUSES = (
    ["new"] * 35
    + ["inquired"] * 15
    + ["contacted"] * 20
    + ["interested"] * 12
    + ["registered"] * 8
    + ["enrolled"] * 4
    + ["not_interested"] * 6
)
# PMB status -> the peer's deal stage (index_number); no deal for a lead never contacted.
STAGE_OF = {
    "inquired": 1,
    "contacted": 3,
    "interested": 4,
    "registered": 9,
    "enrolled": 11,
    "not_interested": 3,
}


def _department() -> Department:
    return Department.objects.get(name=DEPARTMENT)


def setup() -> None:
    call_command("migrate", interactive=False, verbosity=0)
    if not Department.objects.exists():
        call_command("loaddata", *FIXTURES, verbosity=0)
    department = _department()
    indonesia = Country.objects.get(name="Indonesia")
    if department.default_country_id != indonesia.id:
        department.default_country = indonesia
        department.save(update_fields=["default_country"])
    groups = list(Group.objects.filter(name__in=["managers", "co-workers", DEPARTMENT]))
    for username in MANAGERS:
        user, created = User.objects.get_or_create(username=username, defaults={"is_staff": True})
        if created:
            user.set_password("Bench-Peer-2026!")
            user.save()
        user.groups.add(*groups)
    if not User.objects.filter(username="bench_super").exists():
        User.objects.create_superuser("bench_super", "super@example.com", "Bench-Peer-2026!")


def _copy(model, rows: list[dict]) -> None:
    """COPY rows (dicts of column attname -> value, ids included) into the model's table."""
    if not rows:
        return
    fields = list(model._meta.concrete_fields)
    columns = [f.column for f in fields]
    table = model._meta.db_table
    # Every row of one call has the same keys; the columns they leave out get the field's default.
    defaults = [None if f.attname in rows[0] else _default(f) for f in fields]
    raw = connection.connection  # psycopg 3
    with raw.cursor() as cursor:
        quoted = ", ".join(f'"{c}"' for c in columns)
        with cursor.copy(f'COPY "{table}" ({quoted}) FROM STDIN') as copy:
            for row in rows:
                copy.write_row([row.get(f.attname, d) for f, d in zip(fields, defaults)])


_DEFAULTS: dict = {}


def _default(field):
    key = (field.model, field.attname)
    if key not in _DEFAULTS:
        if field.has_default() and not callable(field.default):
            value = field.default
        elif field.null:
            value = None
        elif field.get_internal_type() in ("CharField", "TextField", "EmailField", "URLField"):
            value = ""
        elif field.get_internal_type() == "BooleanField":
            value = False
        else:
            raise ValueError(f"{field.model.__name__}.{field.attname} needs a value")
        _DEFAULTS[key] = value
    return _DEFAULTS[key]


def _next_id(model) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT COALESCE(MAX(id), 0) + 1 FROM "{model._meta.db_table}"')
        return cursor.fetchone()[0]


def _reset_sequence(model) -> None:
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), COALESCE(MAX(id), 1)) FROM \"{table}\""
        )


def seeded_leads() -> int:
    return Lead.objects.filter(token__startswith="bn").count()


def seed(total: int) -> None:
    have = seeded_leads()
    if have >= total:
        print(f"peer: {have} leads already seeded", flush=True)
        return
    rng = random.Random(2026)
    now = timezone.now()
    department = _department()
    indonesia = Country.objects.get(name="Indonesia")
    owners = [*User.objects.filter(username__in=MANAGERS).order_by("username"), None]
    sources = list(LeadSource.objects.filter(department=department))
    stages = {s.index_number: s for s in Stage.objects.filter(department=department)}
    success_reason = ClosingReason.objects.filter(department=department, success_reason=True).first()
    failure_reasons = list(ClosingReason.objects.filter(department=department, success_reason=False))
    currency = Currency.objects.filter(id=department.default_currency_id).first()
    cities = []
    for name in CITIES:
        city, _ = City.objects.get_or_create(name=name, country=indonesia)
        cities.append(city)
    schools = [
        f"{'SMA Bench' if i % 10 else 'SMA Bench PT'} {i} {CITIES[i % len(CITIES)]}" for i in range(600)
    ]
    lead_id, request_id, deal_id = _next_id(Lead), _next_id(Request), _next_id(Deal)
    made = have
    started = time.perf_counter()
    while made < total:
        size = min(BATCH, total - made)
        leads, requests, deals = [], [], []
        for n in range(made, made + size):
            created = now - dt.timedelta(minutes=rng.randint(0, 60 * 24 * 365))
            first, last = rng.choice(FIRST), rng.choice(LAST)
            status = rng.choice(STATUSES)
            owner = rng.choice(owners)
            owner_id = owner.id if owner else None
            school = rng.choice(schools)
            city = cities[schools.index(school) % len(cities)]
            source = rng.choice(sources)
            phone = f"+628{rng.randint(11, 59)}{n + 1:08d}"
            email = f"{first.lower()}.{n + 1}@gmail.com" if n % 4 else ""
            leads.append(
                {
                    "id": lead_id,
                    "first_name": first,
                    "last_name": last,
                    "title": None,
                    "sex": rng.choice("MF"),
                    "email": email,
                    "phone": phone,
                    "mobile": "" if n % 3 else phone[:-1] + "9",
                    "company_name": school,
                    "city_id": city.id,
                    "city_name": city.name,
                    "country_id": indonesia.id,
                    "lead_source_id": source.id,
                    "description": f"bench {rng.choice(['Expo', 'Kunjungan', 'Iklan'])} {n % 40}",
                    "massmail": n % 2 == 0,
                    "token": f"bn{n + 1:09d}",
                    "was_in_touch": created.date() if status != "new" else None,
                    "owner_id": owner_id,
                    "department_id": department.id,
                    "creation_date": created,
                    "update_date": created,
                    "disqualified": status == "not_interested" and n % 3 == 0,
                }
            )
            has_deal = status in STAGE_OF
            requests.append(
                {
                    "id": request_id,
                    "request_for": "Pendaftaran mahasiswa baru",
                    "first_name": first,
                    "last_name": last,
                    "email": email,
                    "phone": phone,
                    "lead_source_id": source.id,
                    "company_name": school,
                    "receipt_date": created.date(),
                    "lead_id": lead_id,
                    "deal_id": deal_id if has_deal else None,
                    "country_id": indonesia.id,
                    "city_id": city.id,
                    "city_name": city.name,
                    "description": "Menanyakan biaya dan jadwal",
                    "pending": status == "new",
                    "subsequent": n % 10 == 0,
                    "ticket": f"b{n + 1:010d}",
                    "owner_id": owner_id,
                    "department_id": department.id,
                    "creation_date": created,
                    "update_date": created,
                }
            )
            if has_deal:
                closed = status in ("enrolled", "not_interested")
                closing = (created + dt.timedelta(days=rng.randint(2, 60))).date()
                deals.append(
                    {
                        "id": deal_id,
                        "name": f"Pendaftaran {first} {last}",
                        "next_step": "Telepon ulang",
                        "next_step_date": closing,
                        "stage_id": stages[STAGE_OF[status]].id,
                        "closing_date": closing if closed else None,
                        "win_closing_date": created + dt.timedelta(days=30) if status == "enrolled" else None,
                        "amount": 5_000_000,
                        "currency_id": currency.id if currency else None,
                        "closing_reason_id": (
                            success_reason.id
                            if status == "enrolled"
                            else rng.choice(failure_reasons).id
                            if status == "not_interested"
                            else None
                        ),
                        "probability": 50,
                        "ticket": f"b{n + 1:010d}",
                        "city_id": city.id,
                        "country_id": indonesia.id,
                        "lead_id": lead_id,
                        "request_id": request_id,
                        "relevant": True,
                        "active": not closed,
                        "important": False,
                        "is_new": False,
                        "remind_me": False,
                        "owner_id": owner_id,
                        "department_id": department.id,
                        "creation_date": created,
                        "update_date": created,
                    }
                )
                deal_id += 1
            lead_id += 1
            request_id += 1
        # Request.deal and Deal.request point at each other; Django's foreign keys are
        # DEFERRABLE INITIALLY DEFERRED on PostgreSQL, so one transaction may insert both.
        with transaction.atomic():
            _copy(Lead, leads)
            _copy(Request, requests)
            _copy(Deal, deals)
        made += size
        print(f"  peer leads: {made}/{total} ({time.perf_counter() - started:.0f} s)", flush=True)
    for model in (Lead, Request, Deal):
        _reset_sequence(model)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def _percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))]


_clients: dict[str, Client] = {}


def measure(case: dict) -> dict:
    """Same method as benchmarks/run.py's run_case: in-process Client, one warm-up request."""
    username = case.get("username", MANAGERS[0])
    if username not in _clients:
        client = Client()
        client.force_login(User.objects.get(username=username))
        _clients[username] = client
    client = _clients[username]
    # list_per_page is the admin's own setting (100 as shipped); "per_page" sets it for one case.
    lead_admin = crm_site._registry[Lead]
    lead_admin.list_per_page = case.get("per_page", SHIPPED_PER_PAGE)
    timings, queries, status = [], [], None
    for attempt in range(case["repeat"] + 1):
        # The log is a deque of 9,000: once full, CaptureQueriesContext would count 0 queries.
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(case["path"])
            elapsed = (time.perf_counter() - started) * 1000
        status = response.status_code
        if attempt == 0:
            continue
        timings.append(elapsed)
        queries.append(len(captured.captured_queries))
    return {
        "name": case.get("name", case["path"]),
        "path": case["path"],
        "status": status,
        "median": statistics.median(timings),
        "p95": _percentile(timings, 95),
        "queries": max(queries),
        "queries_min": min(queries),
        "bytes": len(response.content),
    }


def info() -> dict:
    from importlib.metadata import version

    # The newest lead of the benchmark manager: its change form is editable for them (not view-only).
    sample = Lead.objects.filter(token__startswith="bn", owner__username=MANAGERS[0]).order_by("-id").first()
    return {
        "package": f"django-crm-admin {version('django-crm-admin')}",
        "django": django.get_version(),
        "python": sys.version.split()[0],
        "leads": Lead.objects.count(),
        "requests": Request.objects.count(),
        "deals": Deal.objects.count(),
        "sample_lead": sample.id if sample else None,
        "sample_phone": sample.phone if sample else None,
    }


def serve() -> None:
    for line in sys.stdin:
        if not line.strip():
            continue
        case = json.loads(line)
        try:
            result = measure(case)
        except Exception as exc:  # report the failure to the orchestrator instead of dying silently
            result = {"name": case.get("name"), "path": case.get("path"), "error": repr(exc)}
        sys.stdout.write(json.dumps(result) + "\n")
        sys.stdout.flush()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("setup")
    seed_parser = sub.add_parser("seed")
    seed_parser.add_argument("--leads", type=int, required=True)
    sub.add_parser("serve")
    sub.add_parser("info")
    args = parser.parse_args(argv)
    if args.command == "setup":
        setup()
    elif args.command == "seed":
        seed(args.leads)
    elif args.command == "serve":
        serve()
    else:
        print(json.dumps(info()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
