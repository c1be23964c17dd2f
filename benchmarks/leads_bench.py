"""Benchmark data and cases for benchmarks/run.py: 100,000 leads x scale with realistic related
rows (institutions, programmes, contacts, status history, interactions, follow-ups), written with
PostgreSQL COPY (bulk_create on SQLite)."""

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

from benchmarks import bulk
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
USERS = {
    "bench_marketing": roles.ADMIN_MARKETING,
    "bench_tele": roles.TELEMARKETING,
    "bench_tele2": roles.TELEMARKETING,
    "bench_kadiv": roles.KADIV,
    "bench_supervisor": roles.SUPERVISOR,
    "bench_humas": roles.HUMAS,
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
            user.set_unusable_password()  # the benchmark logs in with force_login
            user.save()
        user.groups.set(Group.objects.filter(name=role))
        users[username] = user
    return users


CHUNK = 20_000  # leads per transaction: about 45,000 rows of all tables, one COPY each


def seed(*, scale: float = 1.0, stdout) -> None:
    """Insert LEADS x scale leads with their contacts, history, interactions and follow-ups.

    Rows are generated in Python from one seeded random generator (so a run is reproducible) and
    written chunk by chunk with PostgreSQL COPY (`benchmarks.bulk`): 1,000,000 leads take minutes.
    """
    rng = random.Random(2026)
    now = timezone.now()
    total = max(100, int(LEADS * scale))
    users = _users()
    staff_ids = [users["bench_marketing"].pk, users["bench_tele"].pk, users["bench_tele2"].pk, None]
    programs = [
        StudyProgram.objects.get_or_create(
            code=f"b{i}", defaults={"name": f"D{3 + i % 2} Program Bench {i}"}
        )[0]
        for i in range(8)
    ]
    program_ids = [program.pk for program in programs]
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
    institution_ids = [institution.pk for institution in institutions]
    ResponseTemplate.objects.get_or_create(
        kind=TemplateKind.SCRIPT,
        name="Bench script",
        track="",
        defaults={"body": "{greeting}, saya {agent}. Apakah benar ini {name}?", "approved_at": now},
    )
    statuses = (
        [LeadStatus.NEW.value] * 35
        + [LeadStatus.INQUIRED.value] * 15
        + [LeadStatus.CONTACTED.value] * 20
        + [LeadStatus.INTERESTED.value] * 12
        + [LeadStatus.REGISTERED.value] * 8
        + [LeadStatus.ENROLLED.value] * 4
        + [LeadStatus.NOT_INTERESTED.value] * 6
    )
    sources, tracks, temperatures, outcomes = (
        LeadSource.values,
        Track.values,
        Temperature.values,
        Outcome.values,
    )
    unverified, missing = VerificationState.UNVERIFIED.value, VerificationState.MISSING.value
    start_id = bulk.next_id(Lead)
    # Entry times spread evenly over the last year, handed out oldest first: ids grow with created_at as
    # they do when staff enter leads day after day (so the table's physical order follows the list's).
    ages = sorted((rng.randint(0, 60 * 24 * 365) for _ in range(total)), reverse=True)
    made = 0
    while made < total:
        size = min(CHUNK, total - made)
        leads, contacts, changes, interactions, follow_ups = [], [], [], [], []
        for n in range(made, made + size):
            lead_id = start_id + n
            created = now - dt.timedelta(minutes=ages[n])
            obtained = created - dt.timedelta(hours=rng.choice([1, 3, 8, 20, 30, 72]))
            first = rng.choice(FIRST)
            name = f"{first} {rng.choice(LAST)}"
            status = rng.choice(statuses)
            owner_id = rng.choice(staff_ids)
            phone = f"+628{rng.randint(11, 59)}{lead_id:08d}"
            # 0881-0889 numbers: never another lead's phone (0811-0859), so the contacts stay unique.
            whatsapp = "" if n % 3 else f"+6288{rng.randint(1, 9)}{lead_id:08d}"
            email = f"{first.lower()}.{lead_id}@gmail.com" if n % 4 else ""
            leads.append(
                {
                    "id": lead_id,
                    "full_name": name,
                    "phone": phone,
                    "whatsapp": whatsapp,
                    "email": email,
                    "source": rng.choice(sources),
                    "source_detail": f"bench {rng.choice(['Expo', 'Kunjungan', 'Iklan'])} {n % 40}",
                    "obtained_at": obtained,
                    "entered_at": created,
                    "is_late_entry": created - obtained > dt.timedelta(hours=24),
                    "track": rng.choice(tracks),
                    "institution_id": rng.choice(institution_ids),
                    "program_id": rng.choice(program_ids),
                    "temperature": rng.choice(temperatures),
                    "status": status,
                    "status_changed_at": created,
                    "owner_id": owner_id,
                    "phone_state": unverified,
                    "email_state": unverified if email else missing,
                    "verified_at": created if n % 5 == 0 else None,
                    "has_marketing_consent": n % 2 == 0,
                    "created_at": created,
                    "unsubscribe_token": f"bench-{lead_id}",
                }
            )
            contacts.append({"lead_id": lead_id, "kind": "phone", "value": phone})
            if whatsapp:
                contacts.append({"lead_id": lead_id, "kind": "phone", "value": whatsapp})
            if email:
                contacts.append({"lead_id": lead_id, "kind": "email", "value": email})
            changes.append(
                {
                    "lead_id": lead_id,
                    "from_status": "",
                    "to_status": LeadStatus.NEW.value,
                    "changed_at": created,
                    "changed_by_id": None,
                    "note": "created",
                }
            )
            if status != LeadStatus.NEW:
                changes.append(
                    {
                        "lead_id": lead_id,
                        "from_status": LeadStatus.NEW.value,
                        "to_status": status,
                        "changed_at": created + dt.timedelta(days=2),
                        "changed_by_id": owner_id,
                        "note": "",
                    }
                )
            for k in range(rng.choice([0, 1, 1, 2, 3])):
                interactions.append(
                    {
                        "lead_id": lead_id,
                        "kind": rng.choice(["call", "whatsapp", "email"]),
                        "outcome": rng.choice(outcomes),
                        "note": "Menanyakan biaya dan jadwal",
                        "occurred_at": created + dt.timedelta(days=k + 1),
                        "created_by_id": owner_id,
                    }
                )
            if rng.random() < 0.3:
                due = created + dt.timedelta(days=2)
                follow_ups.append(
                    {
                        "lead_id": lead_id,
                        "kind": FollowUpKind.CALL.value,
                        "owner_id": rng.choice(staff_ids[1:3]),
                        "due_at": due,
                        "reason": "Warm lead hari ke-2",
                        "completed_at": due if due < now - dt.timedelta(days=2) else None,
                    }
                )
        with transaction.atomic():
            bulk.insert_rows(Lead, leads)
            bulk.insert_rows(LeadContact, contacts)
            bulk.insert_rows(LeadStatusChange, changes)
            bulk.insert_rows(Interaction, interactions)
            bulk.insert_rows(FollowUp, follow_ups)
        made += size
        stdout.write(f"  leads: {made}/{total}\n")
        stdout.flush()
    bulk.reset_sequences([Lead])
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
    # VACUUM too: index-only scans (the COUNT over lead_live_id) need the visibility map that
    # autovacuum would otherwise build only some time after the bulk insert.
    bulk.vacuum_analyze(
        model._meta.db_table for model in (Lead, LeadContact, LeadStatusChange, Interaction, FollowUp)
    )


def _sample_lead() -> Lead:
    return (
        Lead.objects.filter(source_detail__startswith="bench", interactions__isnull=False)
        .order_by("-id")
        .first()
    )


# The lead list's floor: the 25 rows the page shows (the columns it prints, the three names joined),
# in the list's order, fetched by one hand-written query. `{where}` is the filter of the case.
LIST_FLOOR = """
SELECT l.id, l.full_name, l.phone, l.whatsapp, l.email, l.status, l.temperature, l.track, l.source,
       l.created_at, l.verified_at, l.is_late_entry, i.name, i.city, p.name, u.first_name, u.last_name
FROM leads_lead l
LEFT JOIN leads_institution i ON i.id = l.institution_id
LEFT JOIN leads_studyprogram p ON p.id = l.program_id
LEFT JOIN auth_user u ON u.id = l.owner_id
WHERE NOT l.is_erased {where}
ORDER BY {order}
LIMIT 26 OFFSET %s
"""


def _list_floor(
    where: str = "", params: tuple = (), *, order: str = "l.created_at DESC, l.id DESC", offset: int = 0
):
    return (LIST_FLOOR.format(where=where, order=order), (*params, offset))


def _case(name: str, path: str, username: str = "bench_marketing", **extra) -> dict:
    return {"name": name, "username": username, "method": "get", "path": path, **extra}


def cases() -> list[dict]:
    _users()  # a database seeded before a role was added gets its user
    lead = _sample_lead()
    phone_fragment = "0" + lead.phone[3:9]
    api_page = 40 if Lead.objects.filter(pk__lte=lead.pk - 40 * 50).exists() else 1  # 40 at real scales
    school_ids = "SELECT id FROM leads_institution WHERE UPPER(name) LIKE UPPER(%s)"
    return [
        _case("lead list (default)", "/leads/", floor=_list_floor()),
        _case("lead list (page 40)", "/leads/?page=40", floor=_list_floor(offset=975)),
        _case(
            "lead list (filtered)",
            "/leads/?status=contacted&temperature=warm&track=regular&to_verify=true",
            floor=_list_floor(
                "AND l.status = 'contacted' AND l.temperature = 'warm' AND l.track = 'regular' "
                "AND l.verified_at IS NULL"
            ),
        ),
        _case(
            "lead list (status + owner)",
            f"/leads/?status=interested&owner={get_user_model().objects.get(username='bench_tele').pk}",
        ),
        _case(
            "lead list (programme + source)", "/leads/?program=" + str(lead.program_id) + "&source=exhibition"
        ),
        _case("lead list (city)", "/leads/?city=Batam"),
        _case("lead list (created in a month)", "/leads/?created_after=2026-06-01&created_before=2026-06-30"),
        _case("lead list (late entries)", "/leads/?is_late_entry=true"),
        _case("lead list (reached registered)", "/leads/?reached=registered"),
        _case(
            "lead list (search name)",
            "/leads/?q=rahmawati",
            floor=_list_floor(
                f"AND (UPPER(l.full_name) LIKE UPPER(%s) OR l.email LIKE %s OR l.institution_id IN ({school_ids}))",
                ("%rahmawati%", "rahmawati%", "%rahmawati%"),
            ),
        ),
        _case("lead list (search phone)", f"/leads/?q={phone_fragment}"),
        _case("lead list (search email)", f"/leads/?q={lead.email or 'siti.1'}"),
        _case("lead list (search school)", "/leads/?q=Bench+12+Batam"),
        # The case above matches no school name ("SMA Bench 12" is in Tanjungpinang): this one finds one school's
        # leads (about 1,700 at 1,000,000 leads).
        _case(
            "lead list (search school, match)",
            "/leads/?q=Bench+12+Tanjungpinang",
            floor=_list_floor(
                f"AND (UPPER(l.full_name) LIKE UPPER(%s) OR l.email LIKE %s OR l.institution_id IN ({school_ids}))",
                ("%Bench 12 Tanjungpinang%", "bench 12 tanjungpinang%", "%Bench 12 Tanjungpinang%"),
            ),
        ),
        _case("lead list (search, 2 letters)", "/leads/?q=ti"),
        _case("lead list (search + filter)", "/leads/?q=siti&status=new&temperature=hot"),
        _case(
            "lead list (sorted by name, page 40)",
            "/leads/?o=full_name&page=40",
            floor=_list_floor(order="l.full_name, l.created_at DESC, l.id DESC", offset=975),
        ),
        _case("lead list (sorted by status desc)", "/leads/?o=-status"),
        _case("lead list (sorted by obtained, filtered)", "/leads/?o=-obtained_at&temperature=hot"),
        _case("lead page", f"/leads/{lead.pk}/"),
        _case("API lead list", "/api/v1/leads/", "bench_kadiv"),
        _case(
            "API lead list (filtered)", "/api/v1/leads/?status=new&source=exhibition&q=siti", "bench_kadiv"
        ),
        _case("API lead list (page 40)", f"/api/v1/leads/?page={api_page}", "bench_kadiv"),
        _case("API lead detail", f"/api/v1/leads/{lead.pk}/", "bench_kadiv"),
        _case("API lead interactions", f"/api/v1/leads/{lead.pk}/interactions/", "bench_kadiv"),
        _case("call queue", "/calls/", "bench_tele"),
        _case("home: telemarketing", "/", "bench_tele"),
        _case("home: marketing", "/", "bench_marketing"),
        _case("home: kadiv", "/", "bench_kadiv"),
        _case("home: supervisor", "/", "bench_supervisor"),
        _case("home: humas", "/", "bench_humas"),
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
