#!/usr/bin/env python
"""Server-time benchmark of the list pages and API lists.

    DATABASE_URL=postgres://pmb@127.0.0.1:55432/pmb_bench python -m benchmarks.run \
        [--scale 1.0] [--repeat 30] [--apps leads,inquiries] [--skip-seed] [--allow-sqlite]

Sets Django up from the environment, migrates, seeds each app through `benchmarks.<app>_bench.seed(scale=,
stdout=)` unless its `is_seeded()` says the data is there, then requests every case of
`benchmarks.<app>_bench.cases()` in-process with django.test.Client (logged in with force_login) and prints a
Markdown table of the median and p95 wall time, the SQL query count and the median time spent in those
queries (the database's share; the rest is Python: middleware, view, template); finally its `extra`.

`--scale 1.0` is 100,000 leads (with their contacts, history, interactions and follow-ups) and 100,000
inquiries with 500,000 messages; `--scale 10` seeds 1,000,000 of each (5,000,000 messages).
`--inquiries-scale` sets the inquiries volume apart. Seeds use PostgreSQL COPY (`benchmarks/bulk.py`).

A case may name its floor: `"floor": (sql, params)`, one hand-written query that fetches the rows the
page shows. The table then prints the floor's median time through the same connection and our
time / floor. The exit status is 1 when a case did not answer its expected status (200 by default).
"""

from __future__ import annotations

import argparse
import importlib
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--scale",
        type=float,
        default=1.0,
        help="multiplies the seeded row counts (1.0 = 100,000 leads and 100,000 inquiries)",
    )
    parser.add_argument(
        "--inquiries-scale",
        type=float,
        default=None,
        help="the inquiries seed's own scale (default: --scale; 1.0 = 100,000 inquiries, 500,000 messages)",
    )
    parser.add_argument(
        "--repeat", type=int, default=30, help="requests per case (after one warm-up request)"
    )
    parser.add_argument(
        "--apps", default="leads", help="comma-separated apps with a benchmarks/<app>_bench.py module"
    )
    parser.add_argument(
        "--warmup",
        type=int,
        default=1,
        help="unmeasured requests per case first (templates, connection, caches)",
    )
    parser.add_argument("--skip-seed", action="store_true", help="do not seed, measure what is there")
    parser.add_argument(
        "--no-extra", action="store_true", help="skip each app's `extra` (import timing, webhook throughput)"
    )
    parser.add_argument(
        "--allow-sqlite", action="store_true", help="allow running on SQLite (figures are not meaningful)"
    )
    return parser.parse_args(argv)


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pmb_crm.settings")
    # Not a test run, but no collectstatic manifest and no HTTPS redirect either; DEBUG stays off so
    # the figures do not include debug overhead.
    os.environ.setdefault("PMB_TESTING", "1")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
    import django

    django.setup()


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))
    return ordered[index]


def run_case(case: dict, repeat: int, *, warmup: int = 1) -> dict:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(get_user_model().objects.get(username=case["username"]))
    method = getattr(client, case.get("method", "get").lower())
    kwargs = {}
    if case.get("data") is not None:
        kwargs["data"] = case["data"]
    if case.get("content_type"):
        kwargs["content_type"] = case["content_type"]
    headers = case.get("headers") or {}
    timings, queries, sql_times, status = [], [], [], None
    for attempt in range(warmup + repeat):
        # The log is a deque of 9,000: once full, CaptureQueriesContext would count 0 queries.
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = method(case["path"], headers=headers, **kwargs)
            elapsed = (time.perf_counter() - started) * 1000
        status = response.status_code
        if attempt < warmup:
            continue  # warm-up: template compilation, connection, caches
        timings.append(elapsed)
        queries.append(len(captured.captured_queries))
        sql_times.append(sum(float(query["time"]) for query in captured.captured_queries) * 1000)
    floor = None
    if case.get("floor") and connection.vendor == "postgresql":  # the floors are PostgreSQL SQL
        floor = time_floor(*case["floor"], repeat=repeat)
    return {
        "name": case["name"],
        "status": status,
        "expected": case.get("status", 200),
        "floor": floor,
        "median": statistics.median(timings),
        "p95": percentile(timings, 95),
        "sql": statistics.median(sql_times),
        "queries": max(queries),
        "queries_min": min(queries),
    }


def time_floor(sql: str, params: list | tuple, *, repeat: int) -> float:
    """Median ms of one hand-written query (executed and fetched) through the pages' connection."""
    from django.db import connection

    timings = []
    with connection.cursor() as cursor:
        for attempt in range(repeat + 1):
            started = time.perf_counter()
            cursor.execute(sql, params)
            cursor.fetchall()
            elapsed = (time.perf_counter() - started) * 1000
            if attempt:
                timings.append(elapsed)
    return statistics.median(timings)


def main(argv=None) -> int:
    args = parse_args(argv)
    setup_django()
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor == "sqlite" and not args.allow_sqlite:
        print(
            "Refusing to run on SQLite (the `make run` database); the budget is for PostgreSQL. Set DATABASE_URL, "
            "e.g. postgres://pmb@127.0.0.1:55432/pmb_bench, or pass --allow-sqlite.",
            file=sys.stderr,
        )
        return 2
    call_command("migrate", interactive=False, verbosity=0)
    out = sys.stdout
    apps = [name.strip() for name in args.apps.split(",") if name.strip()]
    modules = []
    for app in apps:
        module = importlib.import_module(f"benchmarks.{app}_bench")
        modules.append((app, module))
        seeded = getattr(module, "is_seeded", lambda: False)()
        if not args.skip_seed and not seeded:
            started = time.perf_counter()
            scale = args.scale
            if app == "inquiries" and args.inquiries_scale is not None:
                scale = args.inquiries_scale
            module.seed(scale=scale, stdout=out)
            out.write(f"{app}: seeded in {time.perf_counter() - started:.1f} s\n")
        elif seeded:
            out.write(f"{app}: data already seeded\n")
    out.write(
        f"\nDatabase: {connection.vendor} {connection.settings_dict.get('NAME')}, repeat {args.repeat}\n\n"
    )
    out.write(
        "| case | status | median ms | p95 ms | SQL queries | SQL ms | floor ms | × floor |\n"
        "|---|---|---|---|---|---|---|---|\n"
    )
    failed = []
    for app, module in modules:
        for case in module.cases():
            result = run_case(case, args.repeat, warmup=args.warmup)
            queries = (
                str(result["queries"])
                if result["queries"] == result["queries_min"]
                else f"{result['queries_min']}-{result['queries']}"
            )
            floor, ratio = "", ""
            if result["floor"] is not None:
                floor = f"{result['floor']:.1f}"
                ratio = f"{result['median'] / result['floor']:.1f}" if result["floor"] else ""
            out.write(
                f"| {app}: {result['name']} | {result['status']} | {result['median']:.1f} | {result['p95']:.1f} "
                f"| {queries} | {result['sql']:.1f} | {floor} | {ratio} |\n"
            )
            out.flush()
            if result["status"] != result["expected"]:
                failed.append(f"{app}: {result['name']} answered {result['status']}")
    for _app, module in modules:
        extra = None if args.no_extra else getattr(module, "extra", None)
        if extra is not None:
            out.write("\n")
            extra(out)
    if failed:
        out.write("\nFailed: " + "; ".join(failed) + "\n")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
