"""Benchmark data and cases for benchmarks/run.py.

`seed` inserts 100,000 inquiries and 500,000 messages x scale with PostgreSQL COPY (most closed, a working
inbox of about 5% still active); `cases` are the inbox list (plain, filtered, htmx poll), a
conversation page and the API; `extra` measures webhook acknowledgements per second against
gunicorn on loopback (the throughput phase of benchmarks/ingest_bench.py).
"""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from benchmarks import bulk
from core import roles
from inquiries.models import (
    ACTIVE_STATUSES,
    Category,
    Channel,
    Escalation,
    Inquiry,
    InquiryStatus,
    Message,
    Unit,
)

# Scale 1.0 = 100,000 inquiries, like the leads seed's 100,000 leads: `--scale 10` gives 1,000,000 of each.
INQUIRIES = 100_000
MESSAGES_PER_INQUIRY = 5
CHUNK = 20_000  # inquiries per transaction (and 100,000 messages)
ACTIVE_SHARE = 0.05
USERNAME = "bench_medsos"
AKADEMIK = "bench_akademik"
TEXTS = [
    "Kak, kapan jadwal pendaftaran gelombang 2?",
    "Syarat daftar D3 Perhotelan apa saja?",
    "Biaya pendaftaran berapa?",
    "Tidak bisa login ke akun pendaftaran",
    "Ada beasiswa KIP Kuliah?",
    "UKT bisa dicicil?",
    "Magang berapa bulan?",
    "Terima kasih infonya",
    "Baik kak, saya coba daftar",
    "Halo, mau tanya kelas eksekutif",
]
NAMES = [
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
]


def is_seeded() -> bool:
    return Inquiry.objects.filter(contact_key__startswith="bench:").exists()


def _unit_user() -> None:
    """A member of the Akademik unit (its home page lists the unit's escalations)."""
    user, created = get_user_model().objects.get_or_create(
        username=AKADEMIK, defaults={"first_name": "Akademik"}
    )
    if created:
        user.set_unusable_password()  # the benchmark logs in with force_login
        user.save()
    user.groups.set(Group.objects.filter(name=roles.UNIT))
    Unit.objects.get(code="akademik").members.add(user)


def _user():
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=USERNAME, defaults={"first_name": "Bench", "last_name": "Medsos"}
    )
    if created:
        user.set_unusable_password()  # the benchmark logs in with force_login
        user.save()
    user.groups.set(Group.objects.filter(name=roles.ADMIN_MEDIA_SOSIAL))
    return user


def seed(*, scale: float = 1.0, stdout) -> None:
    """Insert INQUIRIES x scale inquiries with MESSAGES_PER_INQUIRY messages each, chunk by chunk with
    PostgreSQL COPY (`benchmarks.bulk`; bulk_create on SQLite): 1,000,000 inquiries take minutes."""
    rng = random.Random(4)
    now = timezone.now()
    user = _user()
    _unit_user()
    agent_ids = [user.pk, None, None]
    total = max(200, int(INQUIRIES * scale))
    categories = [(category.pk, category.level) for category in Category.objects.all()]
    from leads.models import Lead

    lead_ids = list(Lead.objects.order_by("-id").values_list("id", flat=True)[: max(1000, total // 2)]) or [
        None
    ]
    statuses_closed = [InquiryStatus.CLOSED.value] * 9 + [InquiryStatus.RESOLVED.value]
    active_statuses = [status.value for status in ACTIVE_STATUSES]
    channels = Channel.values
    start_id = bulk.next_id(Inquiry)
    # A working inbox of about 5% received in the last 4 days, the rest closed, 5 to 365 days old; handed
    # out oldest first so that ids grow with received_at, as they do when messages arrive.
    ages = []
    for _ in range(total):
        active = rng.random() < ACTIVE_SHARE
        age = rng.randint(5, 4 * 24 * 60) if active else rng.randint(60 * 24 * 5, 60 * 24 * 365)
        ages.append((active, age))
    ages.sort(key=lambda item: -item[1])
    made = 0
    while made < total:
        size = min(CHUNK, total - made)
        inquiries, messages = [], []
        for n in range(made, made + size):
            inquiry_id = start_id + n
            active, age = ages[n]
            received = now - dt.timedelta(minutes=age)
            category_id, category_level = rng.choice(categories)
            first_due = received + dt.timedelta(hours=2)
            responded = (
                None
                if active and rng.random() < 0.6
                else received + dt.timedelta(minutes=rng.randint(5, 300))
            )
            status = rng.choice(active_statuses) if active else rng.choice(statuses_closed)
            if active and responded is None:
                status = InquiryStatus.OPEN.value
            triaged = not active or rng.random() < 0.5
            contact_key = f"bench:{n}"
            inquiries.append(
                {
                    "id": inquiry_id,
                    "channel": rng.choice(channels),
                    "contact_key": contact_key,
                    "contact_name": f"{rng.choice(NAMES)} {n}",
                    "lead_id": rng.choice(lead_ids),
                    "subject": rng.choice(TEXTS),
                    "level": category_level if triaged else None,
                    "category_id": category_id if triaged else None,
                    "is_triaged": not active,
                    "status": status,
                    "assignee_id": rng.choice(agent_ids),
                    "received_at": received,
                    "last_message_at": received + dt.timedelta(hours=1),
                    "first_response_due": first_due,
                    "resolution_due": received + dt.timedelta(hours=24),
                    "first_response_at": responded,
                    "sla_due_at": (first_due if responded is None else received + dt.timedelta(hours=24))
                    if active
                    else None,
                    "closed_at": None if active else received + dt.timedelta(hours=rng.randint(1, 48)),
                    "resolved_at": None if active else received + dt.timedelta(hours=rng.randint(1, 48)),
                    "created_at": received,
                    "survey_token": f"bench-{inquiry_id}",
                }
            )
            for k in range(MESSAGES_PER_INQUIRY):
                inbound = k % 2 == 0
                messages.append(
                    {
                        "inquiry_id": inquiry_id,
                        "direction": "inbound" if inbound else "outbound",
                        "type": "text",
                        "text": rng.choice(TEXTS),
                        "platform_message_id": f"bench.{contact_key}.{k}" if inbound else None,
                        "sent_at": received + dt.timedelta(minutes=30 * k),
                        "sent_by_id": None if inbound else user.pk,
                    }
                )
        with transaction.atomic():
            bulk.insert_rows(Inquiry, inquiries)
            bulk.insert_rows(Message, messages)
        made += size
        stdout.write(f"  inquiries: {made}/{total}\n")
        stdout.flush()
    bulk.reset_sequences([Inquiry])
    bulk.vacuum_analyze(model._meta.db_table for model in (Inquiry, Message, Escalation))


# The inbox's floor: the 50 rows the page shows (with the category and agent names and the contact's
# last words), in the inbox's order, fetched by one hand-written query. `{where}` is the case's filter.
INBOX_FLOOR = """
SELECT i.id, i.channel, i.contact_name, i.contact_key, i.subject, i.status, i.level, i.sla_due_at,
       i.received_at, i.first_response_at, i.lead_id, c.name, u.first_name, u.last_name, last.text
FROM inquiries_inquiry i
LEFT JOIN inquiries_category c ON c.id = i.category_id
LEFT JOIN auth_user u ON u.id = i.assignee_id
LEFT JOIN LATERAL (
    SELECT SUBSTRING(m.text, 1, 160) AS text FROM inquiries_message m
    WHERE m.inquiry_id = i.id AND m.direction = 'inbound' ORDER BY m.sent_at DESC, m.id DESC LIMIT 1
) last ON true
WHERE {where}
ORDER BY {order}
LIMIT 50 OFFSET %s
"""
ACTIVE = "i.status IN ('open', 'waiting_on_unit', 'answered')"


def _inbox_floor(
    where: str = ACTIVE, params: tuple = (), *, order: str = "i.sla_due_at, i.id", offset: int = 0
):
    return (INBOX_FLOOR.format(where=where, order=order), (*params, offset))


def _case(name: str, path: str, username: str = USERNAME, **extra) -> dict:
    return {"name": name, "username": username, "method": "get", "path": path, **extra}


def cases() -> list[dict]:
    _user()
    _unit_user()  # a database seeded before the unit user existed gets it
    active = (
        Inquiry.objects.filter(contact_key__startswith="bench:", status__in=ACTIVE_STATUSES)
        .order_by("sla_due_at")
        .values_list("pk", flat=True)
        .first()
    )
    closed = (
        Inquiry.objects.filter(contact_key__startswith="bench:", status=InquiryStatus.CLOSED)
        .order_by("-pk")
        .values_list("pk", flat=True)
        .first()
    )
    user_id = get_user_model().objects.get(username=USERNAME).pk
    category = Category.objects.order_by("pk").values_list("pk", flat=True).first()
    return [
        _case("inbox list (active, by SLA)", "/inbox/", floor=_inbox_floor()),
        _case("inbox list, breached filter", "/inbox/?sla=breached"),
        _case(
            "inbox list, mine + WhatsApp",
            "/inbox/?mine=on&channel=whatsapp",
            floor=_inbox_floor(f"{ACTIVE} AND i.assignee_id = %s AND i.channel = 'whatsapp'", (user_id,)),
        ),
        _case("inbox list, unassigned", "/inbox/?unassigned=on"),
        _case("inbox list, level 2 + category", f"/inbox/?level=2&category={category}"),
        _case("inbox list, older than 3 days", "/inbox/?age=gt3d"),
        _case("inbox htmx poll (rows only)", "/inbox/", headers={"HX-Request": "true"}),
        _case("inbox list, page 40", "/inbox/?page=40", floor=_inbox_floor(offset=1950)),
        _case(
            "inbox list, every status",
            "/inbox/?status=all",
            floor=_inbox_floor("true", order="i.received_at DESC, i.id DESC"),
        ),
        _case("inbox list, closed, WhatsApp", "/inbox/?status=closed&channel=whatsapp"),
        _case(
            "inbox list, received in a month",
            "/inbox/?status=all&received_after=2026-06-01&received_before=2026-06-30",
        ),
        _case("conversation page", f"/inbox/{active}/"),
        _case("conversation page (closed)", f"/inbox/{closed}/"),
        _case("API inquiries list", "/api/v1/inquiries/?status=open"),
        _case("API inquiries list (all)", "/api/v1/inquiries/"),
        _case("API inquiry detail", f"/api/v1/inquiries/{active}/"),
        _case("home: admin media sosial", "/"),
        _case("home: unit (akademik)", "/", AKADEMIK),
    ]


# --- Webhook throughput ------------------------------------------------------------------------


def extra(stdout, *, seconds: float = 8.0) -> dict:
    """Webhook acknowledgements per second against gunicorn on loopback: the throughput phase of
    benchmarks/ingest_bench.py (which also measures the fixed-rate latency and the drain)."""
    from django.utils import timezone

    from benchmarks import ingest_bench

    args = ingest_bench.parse_args(["--seconds", str(seconds), "--phases", "throughput"])
    started = timezone.now()
    stack = ingest_bench.Stack(args)
    try:
        stack.start()
        return ingest_bench.throughput(stack, args, stdout)
    finally:
        stack.stop()
        ingest_bench.cleanup(started)
