"""Benchmark cases for benchmarks/run.py: Kadiv's dashboard and the report API at the benchmark's volume.

Uses the leads and inquiries benchmark data (seeded first when missing: 100,000 leads and 200,000
inquiries x scale), tops the interactions and status history up to 5,000,000 each at scale 10
(PostgreSQL: one INSERT ... SELECT each, a few minutes), then recounts the cohort roll-up (the seed
bulk-inserts around the services, so nothing marked its days):

    DATABASE_URL=postgres://... python -m benchmarks.run --apps reports --scale 10

With `--skip-seed` on a database seeded by the leads and inquiries benchmarks, run
`manage.py rebuild_report_rollups` first.
"""

from __future__ import annotations

import datetime as dt
import time

from django.db import connection
from django.utils import timezone

from benchmarks import inquiries_bench, leads_bench
from leads.models import Interaction, Lead, LeadStatusChange
from reports import rollups
from reports.models import CohortDay

USERNAME = "bench_kadiv"
# At scale 1.0 (100,000 leads): 500,000 interactions and 500,000 status changes in all.
ROWS_PER_LEAD = 5
MOVES = [
    *["inquired", "contacted", "contacted", "contacted", "interested", "interested", "interested"],
    *["not_interested", "not_interested", "registered", "inquired", "contacted", "interested", "contacted"],
    *["interested", "enrolled", "contacted", "interested", "inquired", "not_interested", "contacted"],
    *["interested", "contacted", "interested", "registered"],
]


def is_seeded() -> bool:
    return leads_bench.is_seeded() and inquiries_bench.is_seeded() and CohortDay.objects.exists()


def _top_up(table: str, select: str, target: int, stdout) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 - fixed table names
        have = cursor.fetchone()[0]
        missing = target - have
        if missing <= 0:
            stdout.write(f"  {table}: {have} rows, none added\n")
            return
        started = time.perf_counter()
        cursor.execute(select, {"n": missing})
        stdout.write(f"  {table}: {missing} rows added in {time.perf_counter() - started:.0f} s\n")
        stdout.flush()


def seed(*, scale: float = 1.0, stdout) -> None:
    if not leads_bench.is_seeded():
        leads_bench.seed(scale=scale, stdout=stdout)
    if not inquiries_bench.is_seeded():
        inquiries_bench.seed(scale=scale / 2, stdout=stdout)
    target = int(leads_bench.LEADS * scale * ROWS_PER_LEAD)
    if connection.vendor == "postgresql":
        # Random leads (ids are dense after the bulk insert), at most a year back, by the bench staff.
        leads = "(SELECT min(id) AS lo, max(id) - min(id) AS span FROM leads_lead) b"
        staff = "(SELECT array_agg(id) AS ids FROM auth_user WHERE username LIKE 'bench_%%') s"
        _top_up(
            Interaction._meta.db_table,
            f"""INSERT INTO {Interaction._meta.db_table}
                (lead_id, kind, direction, outcome, note, occurred_at, created_by_id, next_follow_up_at)
            SELECT b.lo + (random() * b.span)::bigint,
                   (ARRAY['call','whatsapp','email','note'])[1 + (g %% 4)], 'outbound',
                   (ARRAY['reached','no_answer','busy','call_back'])[1 + (g %% 4)], 'Tindak lanjut (bench)',
                   now() - (random() * interval '365 days'), s.ids[1 + (g %% array_length(s.ids, 1))], NULL
            FROM generate_series(1, %(n)s) g, {leads}, {staff}""",
            target,
            stdout,
        )
        # History rows of moves through the pipeline (statuses stay as they are): of 25 moves 8%
        # to registered and 4% to enrolled, the rest inquired / contacted / interested / not_interested.
        _top_up(
            LeadStatusChange._meta.db_table,
            f"""INSERT INTO {LeadStatusChange._meta.db_table}
                (lead_id, from_status, to_status, changed_by_id, changed_at, note, reason)
            SELECT b.lo + (random() * b.span)::bigint, 'new',
                   (ARRAY{MOVES!r})[1 + (g %% {len(MOVES)})],
                   s.ids[1 + (g %% array_length(s.ids, 1))], now() - (random() * interval '365 days'),
                   'bench', 'bench'
            FROM generate_series(1, %(n)s) g, {leads}, {staff}""",
            target,
            stdout,
        )
        with connection.cursor() as cursor:
            for table in ("leads_interaction", "leads_leadstatuschange"):
                cursor.execute(f"VACUUM ANALYZE {table}")  # one statement each: not in a transaction
    started = time.perf_counter()
    result = rollups.rebuild(stdout=stdout)
    stdout.write(
        f"  cohort roll-up: {result['days']} days, {result['rows']} rows in {time.perf_counter() - started:.0f} s\n"
    )


def cases() -> list[dict]:
    today = timezone.localdate()
    last_month = (today.replace(day=1) - dt.timedelta(days=1)).strftime("%Y-%m")
    week = f"{(today - dt.timedelta(days=7)).isocalendar()[0]}-W{(today - dt.timedelta(days=7)).isocalendar()[1]:02d}"
    yesterday = (today - dt.timedelta(days=1)).isoformat()

    def case(name: str, path: str) -> dict:
        return {"name": name, "username": USERNAME, "method": "get", "path": path}

    return [
        case("dashboard, this month", "/reports/?preset=this_month"),
        case("dashboard, last 30 days", "/reports/?preset=last_30_days"),
        case("dashboard, last week", "/reports/?preset=last_week"),
        case("dashboard, today", "/reports/?preset=today"),
        case("daily report API (yesterday)", f"/api/v1/reports/daily/?date={yesterday}"),
        case("weekly report API (last week)", f"/api/v1/reports/weekly/?week={week}"),
        case("monthly report API (last month)", f"/api/v1/reports/monthly/?month={last_month}"),
        case("monthly report XLSX (last month)", f"/api/v1/reports/monthly/?month={last_month}&format=xlsx"),
    ]


def extra(stdout) -> None:
    """Volumes measured, and the cost of recounting one entry day (what a late change costs a read)."""
    counts = {
        "leads": Lead.objects.count(),
        "interactions": Interaction.objects.count(),
        "status changes": LeadStatusChange.objects.count(),
        "cohort roll-up rows": CohortDay.objects.count(),
    }
    from inquiries.models import Inquiry

    counts["inquiries"] = Inquiry.objects.count()
    stdout.write("reports: " + ", ".join(f"{n:,} {name}" for name, n in counts.items()) + "\n")
    day = timezone.localdate() - dt.timedelta(days=3)
    timings = []
    for _ in range(5):
        started = time.perf_counter()
        rollups.mark_days([day])
        rollups.refresh(day, day)
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    stdout.write(f"reports: recounting one marked entry day ({day}): median {timings[2]:.0f} ms\n")
