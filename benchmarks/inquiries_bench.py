"""Benchmark data and cases for benchmarks/run.py.

`seed` bulk-inserts 200,000 inquiries and 1,000,000 messages x scale (most closed, a working
inbox of about 5% still active); `cases` are the inbox list (plain, filtered, htmx poll), a
conversation page and the API; `extra` measures webhook acknowledgements per second against
gunicorn on loopback (the throughput phase of benchmarks/ingest_bench.py).
"""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.utils import timezone

from core import roles
from inquiries.models import ACTIVE_STATUSES, Category, Channel, Inquiry, InquiryStatus, Message

INQUIRIES = 200_000
MESSAGES_PER_INQUIRY = 5
BATCH = 5_000
ACTIVE_SHARE = 0.05
USERNAME = "bench_medsos"
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


def _user():
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=USERNAME, defaults={"first_name": "Bench", "last_name": "Medsos"}
    )
    if created:
        user.set_password("Bench-Pmb-2026!")
        user.save()
    user.groups.set(Group.objects.filter(name=roles.ADMIN_MEDIA_SOSIAL))
    return user


def seed(*, scale: float = 1.0, stdout) -> None:
    rng = random.Random(4)
    now = timezone.now()
    user = _user()
    agents = [user, None, None]
    total = max(200, int(INQUIRIES * scale))
    categories = list(Category.objects.all())
    from leads.models import Lead

    lead_ids = list(Lead.objects.order_by("-id").values_list("id", flat=True)[: max(1000, total // 2)]) or [
        None
    ]
    statuses_closed = [InquiryStatus.CLOSED] * 9 + [InquiryStatus.RESOLVED]
    made = 0
    while made < total:
        size = min(BATCH, total - made)
        with transaction.atomic():
            inquiries = []
            for n in range(made, made + size):
                active = rng.random() < ACTIVE_SHARE
                received = now - (
                    dt.timedelta(minutes=rng.randint(5, 4 * 24 * 60))
                    if active
                    else dt.timedelta(minutes=rng.randint(60 * 24 * 5, 60 * 24 * 365))
                )
                category = rng.choice(categories)
                first_due = received + dt.timedelta(hours=2)
                responded = (
                    None
                    if active and rng.random() < 0.6
                    else received + dt.timedelta(minutes=rng.randint(5, 300))
                )
                status = rng.choice(list(ACTIVE_STATUSES)) if active else rng.choice(statuses_closed)
                if status == InquiryStatus.OPEN and responded is None:
                    pass
                elif active and responded is None:
                    status = InquiryStatus.OPEN
                inquiries.append(
                    Inquiry(
                        channel=rng.choice(Channel.values),
                        contact_key=f"bench:{n}",
                        contact_name=f"{rng.choice(NAMES)} {n}",
                        lead_id=rng.choice(lead_ids),
                        subject=rng.choice(TEXTS),
                        level=category.level if (not active or rng.random() < 0.5) else None,
                        category=category if (not active or rng.random() < 0.5) else None,
                        is_triaged=not active,
                        status=status,
                        assignee=rng.choice(agents),
                        received_at=received,
                        last_message_at=received + dt.timedelta(hours=1),
                        first_response_due=first_due,
                        resolution_due=received + dt.timedelta(hours=24),
                        first_response_at=responded,
                        sla_due_at=(first_due if responded is None else received + dt.timedelta(hours=24))
                        if active
                        else None,
                        closed_at=None if active else received + dt.timedelta(hours=rng.randint(1, 48)),
                        resolved_at=None if active else received + dt.timedelta(hours=rng.randint(1, 48)),
                        created_at=received,
                    )
                )
            inquiries = Inquiry.objects.bulk_create(inquiries, batch_size=BATCH)
            messages = []
            for inquiry in inquiries:
                for k in range(MESSAGES_PER_INQUIRY):
                    inbound = k % 2 == 0
                    messages.append(
                        Message(
                            inquiry=inquiry,
                            direction="inbound" if inbound else "outbound",
                            type="text",
                            text=rng.choice(TEXTS),
                            platform_message_id=f"bench.{inquiry.contact_key}.{k}" if inbound else None,
                            sent_at=inquiry.received_at + dt.timedelta(minutes=30 * k),
                            sent_by=None if inbound else user,
                            raw={},
                        )
                    )
            Message.objects.bulk_create(messages, batch_size=BATCH * MESSAGES_PER_INQUIRY)
        made += size
        stdout.write(f"  inquiries: {made}/{total}\n")
        stdout.flush()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "ANALYZE inquiries_inquiry; ANALYZE inquiries_message; ANALYZE inquiries_escalation"
            )


def cases() -> list[dict]:
    active = (
        Inquiry.objects.filter(contact_key__startswith="bench:", status__in=ACTIVE_STATUSES)
        .order_by("sla_due_at")
        .values_list("pk", flat=True)
        .first()
    )
    return [
        {"name": "inbox list (active, by SLA)", "username": USERNAME, "method": "get", "path": "/inbox/"},
        {
            "name": "inbox list, breached filter",
            "username": USERNAME,
            "method": "get",
            "path": "/inbox/?sla=breached",
        },
        {
            "name": "inbox list, mine + WhatsApp",
            "username": USERNAME,
            "method": "get",
            "path": "/inbox/?mine=on&channel=whatsapp",
        },
        {
            "name": "inbox htmx poll (rows only)",
            "username": USERNAME,
            "method": "get",
            "path": "/inbox/",
            "headers": {"HX-Request": "true"},
        },
        {"name": "inbox list, page 40", "username": USERNAME, "method": "get", "path": "/inbox/?page=40"},
        {"name": "conversation page", "username": USERNAME, "method": "get", "path": f"/inbox/{active}/"},
        {
            "name": "API inquiries list",
            "username": USERNAME,
            "method": "get",
            "path": "/api/v1/inquiries/?status=open",
        },
        {
            "name": "API inquiry detail",
            "username": USERNAME,
            "method": "get",
            "path": f"/api/v1/inquiries/{active}/",
        },
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
