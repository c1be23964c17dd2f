"""Benchmark data and cases for benchmarks/run.py: 100,000 leads x scale with realistic related
rows (institutions, programmes, contacts, status history, interactions, follow-ups), bulk-inserted."""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
import time

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from core import roles
from core.models import ResponseTemplate, TemplateKind
from leads.models import (
    FollowUp,
    FollowUpKind,
    Institution,
    InstitutionKind,
    Interaction,
    Lead,
    LeadContact,
    LeadSource,
    LeadStatus,
    LeadStatusChange,
    Outcome,
    StudyProgram,
    Temperature,
    Track,
    VerificationState,
)

LEADS = 100_000
BATCH = 5_000
USERS = {
    "bench_marketing": roles.ADMIN_MARKETING,
    "bench_tele": roles.TELEMARKETING,
    "bench_tele2": roles.TELEMARKETING,
    "bench_kadiv": roles.KADIV,
}
FIRST = [
    "Siti",
    "Budi",
    "Dewi",
    "Agus",
    "Rina",
    "Andi",
    "Putri",
    "Rizky",
    "Nur",
    "Fajar",
    "Ayu",
    "Dimas",
    "Indah",
    "Yoga",
    "Sri",
    "Bayu",
    "Lestari",
    "Hendra",
    "Wulan",
    "Arif",
    "Citra",
    "Eko",
    "Fitri",
    "Gilang",
    "Intan",
    "Joko",
    "Kartika",
]
LAST = [
    "Rahmawati",
    "Santoso",
    "Lestari",
    "Saputra",
    "Wijaya",
    "Pratama",
    "Hidayat",
    "Siregar",
    "Nasution",
    "Harahap",
    "Gunawan",
    "Kusuma",
    "Simanjuntak",
    "Putra",
    "Wahyuni",
    "Setiawan",
    "Handayani",
    "Sitompul",
    "Tanjung",
    "Lubis",
]
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


def is_seeded() -> bool:
    return (
        get_user_model().objects.filter(username="bench_tele").exists()
        and Lead.objects.filter(source_detail__startswith="bench").exists()
    )


def _users() -> dict:
    User = get_user_model()
    users = {}
    for username, role in USERS.items():
        user, created = User.objects.get_or_create(
            username=username, defaults={"first_name": username.title()}
        )
        if created:
            user.set_password("Bench-Pmb-2026!")
            user.save()
        user.groups.set(Group.objects.filter(name=role))
        users[username] = user
    return users


def seed(*, scale: float = 1.0, stdout) -> None:
    rng = random.Random(2026)
    now = timezone.now()
    total = max(100, int(LEADS * scale))
    users = _users()
    staff = [users["bench_marketing"], users["bench_tele"], users["bench_tele2"], None]
    programs = [
        StudyProgram.objects.get_or_create(
            code=f"b{i}", defaults={"name": f"D{3 + i % 2} Program Bench {i}"}
        )[0]
        for i in range(8)
    ]
    institutions = list(Institution.objects.filter(name__startswith="SMA Bench"))
    if not institutions:
        institutions = Institution.objects.bulk_create(
            Institution(
                kind=InstitutionKind.SCHOOL if i % 10 else InstitutionKind.COMPANY,
                name=f"{'SMA Bench' if i % 10 else 'SMA Bench PT'} {i} {CITIES[i % len(CITIES)]}",
                npsn=f"9{i:07d}",
                city=CITIES[i % len(CITIES)],
            )
            for i in range(600)
        )
    ResponseTemplate.objects.get_or_create(
        kind=TemplateKind.SCRIPT,
        name="Bench script",
        track="",
        defaults={"body": "{greeting}, saya {agent}. Apakah benar ini {name}?", "approved_at": now},
    )
    statuses = (
        [LeadStatus.NEW] * 35
        + [LeadStatus.INQUIRED] * 15
        + [LeadStatus.CONTACTED] * 20
        + [LeadStatus.INTERESTED] * 12
        + [LeadStatus.REGISTERED] * 8
        + [LeadStatus.ENROLLED] * 4
        + [LeadStatus.NOT_INTERESTED] * 6
    )
    start_id = (Lead.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
    made = 0
    while made < total:
        size = min(BATCH, total - made)
        with transaction.atomic():
            leads = []
            for n in range(made, made + size):
                created = now - dt.timedelta(minutes=rng.randint(0, 60 * 24 * 365))
                obtained = created - dt.timedelta(hours=rng.choice([1, 3, 8, 20, 30, 72]))
                name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
                status = rng.choice(statuses)
                leads.append(
                    Lead(
                        full_name=name,
                        phone=f"+628{rng.randint(11, 59)}{start_id + n:08d}",
                        whatsapp="" if n % 3 else f"+628{rng.randint(11, 59)}{start_id + n:08d}"[:-1] + "9",
                        email=f"{name.split()[0].lower()}.{start_id + n}@gmail.com" if n % 4 else "",
                        source=rng.choice(LeadSource.values),
                        source_detail=f"bench {rng.choice(['Expo', 'Kunjungan', 'Iklan'])} {n % 40}",
                        obtained_at=obtained,
                        entered_at=created,
                        is_late_entry=created - obtained > dt.timedelta(hours=24),
                        track=rng.choice(Track.values),
                        institution=rng.choice(institutions),
                        program=rng.choice(programs),
                        temperature=rng.choice(Temperature.values),
                        status=status,
                        status_changed_at=created,
                        owner=rng.choice(staff),
                        phone_state=VerificationState.UNVERIFIED,
                        email_state=VerificationState.UNVERIFIED if n % 4 else VerificationState.MISSING,
                        verified_at=created if n % 5 == 0 else None,
                        has_marketing_consent=n % 2 == 0,
                        created_at=created,
                        unsubscribe_token=f"bench-{start_id + n}",
                    )
                )
            leads = Lead.objects.bulk_create(leads, batch_size=BATCH)
            contacts, changes, interactions, follow_ups = [], [], [], []
            for lead in leads:
                contacts.append(LeadContact(lead=lead, kind="phone", value=lead.phone))
                if lead.whatsapp:
                    contacts.append(LeadContact(lead=lead, kind="phone", value=lead.whatsapp))
                if lead.email:
                    contacts.append(LeadContact(lead=lead, kind="email", value=lead.email))
                changes.append(
                    LeadStatusChange(
                        lead=lead,
                        from_status="",
                        to_status=LeadStatus.NEW,
                        changed_at=lead.created_at,
                        note="created",
                    )
                )
                if lead.status != LeadStatus.NEW:
                    changes.append(
                        LeadStatusChange(
                            lead=lead,
                            from_status=LeadStatus.NEW,
                            to_status=lead.status,
                            changed_at=lead.created_at + dt.timedelta(days=2),
                            changed_by=lead.owner,
                        )
                    )
                for k in range(rng.choice([0, 1, 1, 2, 3])):
                    interactions.append(
                        Interaction(
                            lead=lead,
                            kind=rng.choice(["call", "whatsapp", "email"]),
                            outcome=rng.choice(Outcome.values),
                            note="Menanyakan biaya dan jadwal",
                            occurred_at=lead.created_at + dt.timedelta(days=k + 1),
                            created_by=lead.owner,
                        )
                    )
                if rng.random() < 0.3:
                    due = lead.created_at + dt.timedelta(days=2)
                    follow_ups.append(
                        FollowUp(
                            lead=lead,
                            kind=FollowUpKind.CALL,
                            owner=rng.choice(staff[1:3]),
                            due_at=due,
                            reason="Warm lead hari ke-2",
                            completed_at=due if due < now - dt.timedelta(days=2) else None,
                        )
                    )
            LeadContact.objects.bulk_create(contacts, batch_size=BATCH, ignore_conflicts=True)
            LeadStatusChange.objects.bulk_create(changes, batch_size=BATCH)
            Interaction.objects.bulk_create(interactions, batch_size=BATCH)
            FollowUp.objects.bulk_create(follow_ups, batch_size=BATCH)
        made += size
        stdout.write(f"  leads: {made}/{total}\n")
        stdout.flush()
    # Today's queue for the benchmark telemarketer: 25 due calls, some overdue.
    pending = FollowUp.objects.filter(owner=users["bench_tele"], completed_at__isnull=True)
    pending.filter(due_at__lt=now + dt.timedelta(days=365)).update(due_at=now + dt.timedelta(days=30))
    today = list(
        Lead.objects.filter(source_detail__startswith="bench")
        .order_by("-id")
        .values_list("id", flat=True)[:25]
    )
    FollowUp.objects.bulk_create(
        FollowUp(
            lead_id=lead_id,
            kind=FollowUpKind.CALL if i % 4 else FollowUpKind.CALLBACK,
            owner=users["bench_tele"],
            due_at=now - dt.timedelta(hours=i),
            reason="Warm lead hari ke-2",
        )
        for i, lead_id in enumerate(today)
    )
    from django.db import connection

    if connection.vendor == "postgresql":
        # VACUUM too: index-only scans (the COUNT over lead_live_id) need the visibility map that
        # autovacuum would otherwise build only some time after the bulk insert.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def _sample_lead() -> Lead:
    return (
        Lead.objects.filter(source_detail__startswith="bench", interactions__isnull=False)
        .order_by("-id")
        .first()
    )


def cases() -> list[dict]:
    lead = _sample_lead()
    phone_fragment = "0" + lead.phone[3:9]
    return [
        {"name": "lead list (default)", "username": "bench_marketing", "method": "get", "path": "/leads/"},
        {
            "name": "lead list (page 40)",
            "username": "bench_marketing",
            "method": "get",
            "path": "/leads/?page=40",
        },
        {
            "name": "lead list (filtered)",
            "username": "bench_marketing",
            "method": "get",
            "path": "/leads/?status=contacted&temperature=warm&track=regular&to_verify=true",
        },
        {
            "name": "lead list (search name)",
            "username": "bench_marketing",
            "method": "get",
            "path": "/leads/?q=rahmawati",
        },
        {
            "name": "lead list (search phone)",
            "username": "bench_marketing",
            "method": "get",
            "path": f"/leads/?q={phone_fragment}",
        },
        {
            "name": "lead list (search email)",
            "username": "bench_marketing",
            "method": "get",
            "path": f"/leads/?q={lead.email or 'siti.1'}",
        },
        {
            "name": "lead list (search school)",
            "username": "bench_marketing",
            "method": "get",
            "path": "/leads/?q=Bench+12+Batam",
        },
        # The case above matches no school name ("SMA Bench 12" is in Tanjungpinang): this one finds one school's ~170 leads.
        {
            "name": "lead list (search school, match)",
            "username": "bench_marketing",
            "method": "get",
            "path": "/leads/?q=Bench+12+Tanjungpinang",
        },
        {
            "name": "lead list (search, 2 letters)",
            "username": "bench_marketing",
            "method": "get",
            "path": "/leads/?q=ti",
        },
        {
            "name": "lead list (sorted by name, page 40)",
            "username": "bench_marketing",
            "method": "get",
            "path": "/leads/?o=full_name&page=40",
        },
        {"name": "lead page", "username": "bench_marketing", "method": "get", "path": f"/leads/{lead.pk}/"},
        {"name": "API lead list", "username": "bench_kadiv", "method": "get", "path": "/api/v1/leads/"},
        {
            "name": "API lead list (filtered)",
            "username": "bench_kadiv",
            "method": "get",
            "path": "/api/v1/leads/?status=new&source=exhibition&q=siti",
        },
        {"name": "call queue", "username": "bench_tele", "method": "get", "path": "/calls/"},
    ]


def extra(stdout) -> None:
    """Time a 10,000-row CSV import (SOP 03 stage 1.1 budget: < 30 s), rolled back afterwards."""
    from leads import importing

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(importing.COLUMNS)
    for i in range(10_000):
        writer.writerow(
            [
                f"Impor Bench {i}",
                f"0877{i:08d}",
                "",
                f"impor.{i}@contoh.sch.id",
                f"SMA Impor {i % 50}",
                "Batam",
                "",
                "regular",
                "warm",
                "exhibition",
                "Pameran Bench",
                "2026-01-10",
                "ya" if i % 2 else "",
            ]
        )
    content = buffer.getvalue().encode()
    user = get_user_model().objects.get(username="bench_marketing")

    class Rollback(Exception):
        pass

    started = time.perf_counter()
    try:
        with transaction.atomic():
            report = importing.validate_file(content, "bench.csv")
            importing.commit_import(report, by=user, filename="bench.csv")
            elapsed = time.perf_counter() - started
            raise Rollback
    except Rollback:
        pass
    stdout.write(
        f"leads: import of 10,000 CSV rows: {elapsed:.1f} s ({report.created} created, {report.merged} merged, "
        f"{len(report.rejected)} rejected; rolled back)\n"
    )
