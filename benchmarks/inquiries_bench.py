"""Benchmark data and cases for benchmarks/run.py.

`seed` bulk-inserts 200,000 inquiries and 1,000,000 messages x scale (most closed, a working
inbox of about 5% still active); `cases` are the inbox list (plain, filtered, htmx poll), a
conversation page and the API; `extra` measures webhook acknowledgements per second against
gunicorn on loopback with signed requests sent from threads.
"""

from __future__ import annotations

import datetime as dt
import http.client
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.utils import timezone

from core import roles
from inquiries.models import ACTIVE_STATUSES, Category, Channel, Inquiry, InquiryStatus, Message, WebhookEvent
from inquiries.signatures import sign

INQUIRIES = 200_000
MESSAGES_PER_INQUIRY = 5
BATCH = 5_000
ACTIVE_SHARE = 0.05
USERNAME = "bench_medsos"
WEBHOOK_SECRET = "bench-webhook-secret"
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


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _body(n: int) -> bytes:
    payload = {
        "object": "whatsapp_business_account",
        "entry": [
            {
                "id": "bench",
                "changes": [
                    {
                        "field": "messages",
                        "value": {
                            "messaging_product": "whatsapp",
                            "contacts": [{"profile": {"name": f"Bench {n}"}, "wa_id": f"62899{n:08d}"}],
                            "messages": [
                                {
                                    "from": f"62899{n:08d}",
                                    "id": f"wamid.benchthroughput.{time.time_ns()}.{n}",
                                    "timestamp": str(int(time.time())),
                                    "type": "text",
                                    "text": {"body": "Halo"},
                                }
                            ],
                        },
                    }
                ],
            }
        ],
    }
    return json.dumps(payload).encode()


def extra(
    stdout,
    *,
    seconds: float = 8.0,
    max_requests: int = 6000,
    workers: int = 3,
    threads: int = 4,
    clients: int = 16,
) -> dict:
    """Start gunicorn on loopback and send signed webhook POSTs from threads; report requests/second."""
    import requests

    root = Path(__file__).resolve().parent.parent
    port = _free_port()
    var_dir = Path(tempfile.mkdtemp(prefix="pmb-bench-"))
    (var_dir / "broker" / "queue").mkdir(parents=True)
    (var_dir / "broker" / "processed").mkdir(parents=True)
    env = {
        **os.environ,
        "WHATSAPP_APP_SECRET": WEBHOOK_SECRET,
        "PMB_VAR_DIR": str(var_dir),
        "DEBUG": "0",
        "PMB_TESTING": "1",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "LOG_LEVEL": "WARNING",
    }
    redis = None
    if not os.environ.get("CELERY_BROKER_URL") and shutil.which("redis-server"):
        # The production broker (docker compose): a private Redis on loopback for the run.
        redis_port = _free_port()
        redis = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(redis_port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        env["CELERY_BROKER_URL"] = f"redis://127.0.0.1:{redis_port}/0"
    broker = env.get("CELERY_BROKER_URL", "filesystem://").split("://")[0]
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    server = subprocess.Popen(
        [
            gunicorn,
            "pmb_crm.wsgi:application",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            str(workers),
            "--threads",
            str(threads),
            "--log-level",
            "warning",
        ],
        cwd=root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    first_event = WebhookEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    url = f"http://127.0.0.1:{port}/webhooks/whatsapp/"
    try:
        for _ in range(300):  # gunicorn boots the workers (Django import, 2 CPUs shared)
            try:
                requests.get(url, timeout=5)
                break
            except requests.RequestException:
                time.sleep(0.1)
        for _ in range(workers * 3):  # warm every worker's database connection
            requests.get(url, timeout=10)
        bodies = [_body(n) for n in range(max_requests)]
        signed = [(body, sign(body, WEBHOOK_SECRET)) for body in bodies]
        lock = threading.Lock()
        cursor = iter(range(max_requests))
        latencies: list[float] = []
        statuses: dict[int, int] = {}
        deadline = time.perf_counter() + seconds

        def client():
            # A bare keep-alive HTTP/1.1 connection: the figure is the server's, not a heavy client's.
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            while time.perf_counter() < deadline:
                with lock:
                    index = next(cursor, None)
                if index is None:
                    break
                body, signature = signed[index]
                started = time.perf_counter()
                conn.request(
                    "POST",
                    "/webhooks/whatsapp/",
                    body=body,
                    headers={"Content-Type": "application/json", "X-Hub-Signature-256": signature},
                )
                response = conn.getresponse()
                response.read()
                elapsed = (time.perf_counter() - started) * 1000
                with lock:
                    latencies.append(elapsed)
                    statuses[response.status] = statuses.get(response.status, 0) + 1
            conn.close()

        senders = [threading.Thread(target=client) for _ in range(clients)]
        started = time.perf_counter()
        for sender in senders:
            sender.start()
        for sender in senders:
            sender.join()
        wall = time.perf_counter() - started
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        if redis is not None:
            redis.terminate()
            redis.wait(timeout=10)
        shutil.rmtree(var_dir, ignore_errors=True)
    stored = WebhookEvent.objects.filter(id__gt=first_event).count()
    WebhookEvent.objects.filter(
        id__gt=first_event, source="whatsapp"
    ).delete()  # the bench's own events, never processed
    done = len(latencies)
    result = {
        "requests": done,
        "seconds": wall,
        "per_second": done / wall if wall else 0.0,
        "statuses": statuses,
        "stored": stored,
        "p50_ms": statistics.median(latencies) if latencies else 0.0,
        "p95_ms": sorted(latencies)[int(0.95 * (done - 1))] if latencies else 0.0,
    }
    stdout.write(
        f"Webhook acknowledgements (gunicorn -w {workers} --threads {threads} on 127.0.0.1, {clients} client threads, {broker} broker, signed POSTs, raw body stored + enqueued):\n"
        f"  {done} requests in {wall:.1f} s = {result['per_second']:.0f} requests/s; statuses {statuses}; "
        f"stored events {stored}; latency p50 {result['p50_ms']:.1f} ms, p95 {result['p95_ms']:.1f} ms\n"
    )
    return result
