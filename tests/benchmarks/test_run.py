"""CI smoke test: the benchmark runs end to end at a tiny scale (figures come from PostgreSQL at 1,000,000 leads,
not from here). Runs on SQLite in `make test` and on PostgreSQL in CI, where the seed goes through COPY."""

from __future__ import annotations

import re
import time

import pytest

from benchmarks import inquiries_bench, leads_bench, run
from inquiries.models import Inquiry, Message
from leads.models import FollowUp, Interaction, Lead, LeadContact, LeadStatusChange

pytestmark = pytest.mark.django_db


def test_benchmark_seeds_and_every_case_answers_200_at_a_tiny_scale(capsys):
    started = time.perf_counter()
    status = run.main(
        [
            "--apps",
            "leads,inquiries",
            "--scale",
            "0.002",
            "--repeat",
            "1",
            "--warmup",
            "0",
            "--allow-sqlite",
            "--no-extra",
        ]
    )
    elapsed = time.perf_counter() - started
    out = capsys.readouterr().out

    assert status == 0, out
    assert "leads: seeded in" in out and "inquiries: seeded in" in out
    # Scale 0.002 = 200 leads and 200 inquiries (the minimum) with their related rows.
    bench_leads = Lead.objects.filter(source_detail__startswith="bench")
    assert bench_leads.count() == 200
    assert LeadContact.objects.filter(lead__in=bench_leads).count() > 200  # phone + some WhatsApp / email
    assert LeadStatusChange.objects.filter(lead__in=bench_leads, from_status="").count() == 200
    assert Interaction.objects.filter(lead__in=bench_leads).exists()
    assert FollowUp.objects.filter(lead__in=bench_leads).exists()
    assert Inquiry.objects.filter(contact_key__startswith="bench:").count() == 200
    assert Message.objects.filter(inquiry__contact_key__startswith="bench:").count() == 1000
    # The explicit ids moved the sequences on: a lead created afterwards gets a fresh id.
    assert Lead.objects.create(full_name="Setelah Bench").pk > max(bench_leads.values_list("pk", flat=True))

    rows = [line for line in out.splitlines() if re.match(r"^\| (leads|inquiries): ", line)]
    names = [case["name"] for case in leads_bench.cases()] + [
        case["name"] for case in inquiries_bench.cases()
    ]
    assert len(rows) == len(names)
    for row in rows:
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        assert cells[1] == "200", row
        assert float(cells[2]) > 0 and int(cells[4].split("-")[-1]) > 0, row
    assert "| case | status | median ms | p95 ms | SQL queries | SQL ms | floor ms | × floor |" in out
    assert elapsed < 30, f"the smoke run took {elapsed:.1f} s"


def test_benchmark_exit_status_is_1_when_a_case_fails(capsys, monkeypatch):
    monkeypatch.setattr(
        leads_bench,
        "cases",
        lambda: [
            {
                "name": "missing lead",
                "username": "bench_marketing",
                "method": "get",
                "path": "/leads/999999999/",
            }
        ],
    )
    status = run.main(
        [
            "--apps",
            "leads",
            "--scale",
            "0.001",
            "--repeat",
            "1",
            "--warmup",
            "0",
            "--allow-sqlite",
            "--no-extra",
        ]
    )
    out = capsys.readouterr().out
    assert status == 1
    assert "Failed: leads: missing lead answered 404" in out
