#!/usr/bin/env python
"""Webhook ingest benchmark: acknowledgements per second, latency at a fixed rate, drain rate.

    DATABASE_URL=postgres://pmb@127.0.0.1:55432/pmb_ingest python -m benchmarks.ingest_bench \
        [--seconds 15] [--workers 3] [--worker-class sync] [--threads 1] [--connections 32] \
        [--rate 200] [--rate-seconds 20] [--drain 600] [--celery-concurrency 2]

Starts a private redis-server (the broker, unless CELERY_BROKER_URL is set) and gunicorn on loopback
(`pmb_crm.wsgi:application`, so webhook POSTs take the lean handler as in production), then:

1. throughput: `wrk` (Debian package `wrk`; a Python asyncio keep-alive client when it is missing)
   POSTs distinct pre-signed WhatsApp bodies for `--seconds`; prints requests/s, latency
   percentiles, non-200 answers, how many distinct bodies were stored, and the CPU milliseconds per
   request spent by gunicorn, the PostgreSQL backends and the client (all on the same 2 cores), so
   the figure can be read apart from the other load on the machine;
2. fixed rate: an open-loop asyncio client sends `--rate` requests/s for `--rate-seconds` with a
   real Celery worker processing at the same time; latency is measured from each request's
   scheduled time (no coordinated omission); prints p50/p95/p99/max and the backlog left;
3. drain: `--drain` events of each kind are stored through the webhook while no worker runs, then a
   real Celery worker (`--celery-concurrency` prefork processes) drains them; prints events/s for
   status updates, messages from known contacts and first messages of new contacts (a new lead,
   its welcome message, the SLA clock, the out-of-hours auto-reply).

The events the benchmark stored and what their processing created are deleted at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import concurrent.futures
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SECRET = "bench-webhook-secret"
PATH = "/webhooks/whatsapp/"
MARK = "ingestbench"  # in every message id and contact key the benchmark makes
CLK_TCK = os.sysconf("SC_CLK_TCK")

WRK_SCRIPT = r"""
local counter = 0
function setup(thread)
  thread:set("tid", counter)
  counter = counter + 1
end
function init(args)
  local path, nthreads = args[1], tonumber(args[2])
  requests = {}
  local i = 0
  for line in io.lines(path) do
    if i % nthreads == tid then
      local tab = line:find("\t")
      requests[#requests + 1] = wrk.format("POST", "%(path)s", {
        ["Content-Type"] = "application/json",
        ["X-Hub-Signature-256"] = line:sub(1, tab - 1),
      }, line:sub(tab + 1))
    end
    i = i + 1
  end
  index = 0
end
function request()
  index = index + 1
  if index > #requests then index = 1 end
  return requests[index]
end
"""


# --- Bodies -----------------------------------------------------------------------------------------


def run_async(coro):
    """`asyncio.run`, also from a thread that already has a running loop (pytest with Playwright's
    sync API open): then on a thread of its own."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coro).result()


def inbound_body(n: int, *, run: str, contact: str | None = None) -> bytes:
    """A WhatsApp text message; from a new contact unless `contact` names one."""
    wa_id = contact or f"62877{n:08d}"
    payload = {
        "object": "whatsapp_business_account",
        "entry": [
            {
                "id": "102290129340398",
                "changes": [
                    {
                        "field": "messages",
                        "value": {
                            "messaging_product": "whatsapp",
                            "metadata": {"display_phone_number": "15550783881", "phone_number_id": "1065403"},
                            "contacts": [{"profile": {"name": f"Penanya {n}"}, "wa_id": wa_id}],
                            "messages": [
                                {
                                    "from": wa_id,
                                    "id": f"wamid.{MARK}.{run}.{n}",
                                    "timestamp": str(int(time.time())),
                                    "type": "text",
                                    "text": {"body": "Halo kak, kapan jadwal pendaftaran gelombang 2?"},
                                }
                            ],
                        },
                    }
                ],
            }
        ],
    }
    return json.dumps(payload).encode()


def status_body(n: int, *, run: str) -> bytes:
    """A WhatsApp delivery status (for a message id this database does not know)."""
    payload = {
        "object": "whatsapp_business_account",
        "entry": [
            {
                "id": "102290129340398",
                "changes": [
                    {
                        "field": "messages",
                        "value": {
                            "messaging_product": "whatsapp",
                            "metadata": {"display_phone_number": "15550783881", "phone_number_id": "1065403"},
                            "statuses": [
                                {
                                    "id": f"wamid.{MARK}.status.{run}.{n}",
                                    "status": "delivered",
                                    "timestamp": str(int(time.time())),
                                    "recipient_id": f"62877{n:08d}",
                                }
                            ],
                        },
                    }
                ],
            }
        ],
    }
    return json.dumps(payload).encode()


def signed(bodies: list[bytes]) -> list[tuple[bytes, str]]:
    from inquiries.signatures import sign

    return [(body, sign(body, SECRET)) for body in bodies]


# --- Processes ----------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def cpu_seconds(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / CLK_TCK


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


def backend_pids() -> list[int]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return [row[0] for row in cursor.fetchall()]


class Stack:
    """redis-server, gunicorn and (on demand) a Celery worker, on loopback, for one run."""

    def __init__(self, args: argparse.Namespace):
        self.args = args
        self.var_dir = Path(tempfile.mkdtemp(prefix="pmb-ingest-bench-"))
        self.env = {
            **os.environ,
            "WHATSAPP_APP_SECRET": SECRET,
            "PMB_VAR_DIR": str(self.var_dir),
            "DEBUG": "0",
            "PMB_TESTING": "1",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "LOG_LEVEL": "WARNING",
        }
        self.redis: subprocess.Popen | None = None
        self.server: subprocess.Popen | None = None
        self.worker: subprocess.Popen | None = None
        self.port = free_port()

    def start(self) -> None:
        if not os.environ.get("CELERY_BROKER_URL"):
            if not shutil.which("redis-server"):
                raise SystemExit(
                    "redis-server is needed (Debian package redis-server) or set CELERY_BROKER_URL"
                )
            redis_port = free_port()
            self.redis = subprocess.Popen(
                ["redis-server", "--port", str(redis_port), "--bind", "127.0.0.1", "--save", ""],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            self.env["CELERY_BROKER_URL"] = f"redis://127.0.0.1:{redis_port}/0"
        command = [
            str(Path(sys.executable).with_name("gunicorn")),
            "pmb_crm.wsgi:application",
            "-b",
            f"127.0.0.1:{self.port}",
            "-w",
            str(self.args.workers),
            "--worker-class",
            self.args.worker_class,
            "--log-level",
            "warning",
            "--backlog",
            "2048",
        ]
        if self.args.worker_class == "gthread":
            command += ["--threads", str(self.args.threads)]
        self.server = subprocess.Popen(
            command, cwd=self.args.app_dir or ROOT, env=self.env, stderr=subprocess.DEVNULL
        )
        import http.client

        for _ in range(600):  # the workers import Django on 2 shared CPUs
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                conn.request("GET", "/healthz")
                conn.getresponse().read()
                conn.close()
                break
            except OSError:
                time.sleep(0.1)
        # every worker's database connection and imports warm
        run_async(post_all(self.port, signed([status_body(n, run="warm") for n in range(200)]), 8))

    def gunicorn_pids(self) -> list[int]:
        assert self.server is not None
        return [self.server.pid, *children(self.server.pid)]

    def start_worker(self) -> None:
        nice = ["nice", "-n", str(self.args.worker_nice)] if self.args.worker_nice else []
        self.worker = subprocess.Popen(
            [
                *nice,
                str(Path(sys.executable).with_name("celery")),
                "-A",
                "pmb_crm.celery:app",
                "worker",
                "--concurrency",
                str(self.args.celery_concurrency),
                "--loglevel",
                "WARNING",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def worker_pids(self) -> list[int]:
        assert self.worker is not None
        return [self.worker.pid, *children(self.worker.pid)]

    def wait_worker_ready(self, timeout: float = 120) -> None:
        """Until the worker answers a remote-control ping (it imports Django first)."""
        from celery import Celery

        control = Celery(broker=self.env["CELERY_BROKER_URL"]).control
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if control.ping(timeout=0.5):
                return
        raise SystemExit("the Celery worker did not start")

    def kick_drain(self) -> None:
        """Queue one drain task (what the webhook view does after a store)."""
        subprocess.run(
            [
                sys.executable,
                "-c",
                "import django; django.setup();"
                "from inquiries.tasks import drain_webhook_events; drain_webhook_events.delay()",
            ],
            cwd=ROOT,
            env={**self.env, "DJANGO_SETTINGS_MODULE": "pmb_crm.settings"},
            check=True,
        )

    def stop_worker(self) -> None:
        if self.worker is not None:
            self.worker.send_signal(signal.SIGTERM)
            try:
                self.worker.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.worker.kill()
            self.worker = None

    def stop(self) -> None:
        self.stop_worker()
        for process in (self.server, self.redis):
            if process is not None:
                process.terminate()
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()
        shutil.rmtree(self.var_dir, ignore_errors=True)


# --- Clients ----------------------------------------------------------------------------------------


def _request(body: bytes, signature: str, port: int) -> bytes:
    head = (
        f"POST {PATH} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n"
        f"X-Hub-Signature-256: {signature}\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    return head.encode() + body


class Connection:
    """One HTTP/1.1 connection that is reopened when the server closes it (gunicorn's sync workers
    answer `Connection: close`; gthread keeps it alive)."""

    def __init__(self, port: int):
        self.port = port
        self.reader = self.writer = None

    async def post(self, body: bytes, signature: str) -> int:
        reused = self.writer is not None
        if not reused:
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        try:
            self.writer.write(_request(body, signature, self.port))
            status_line = await self.reader.readline()
        except (ConnectionResetError, BrokenPipeError):
            if not reused:
                raise
            status_line = b""
        if not status_line and reused:  # the server closed an idle keep-alive connection: once more
            self.close()
            return await self.post(body, signature)
        length, close = 0, False
        while True:
            line = await self.reader.readline()
            if line in (b"\r\n", b""):
                break
            name, _, value = line.partition(b":")
            name = name.strip().lower()
            if name == b"content-length":
                length = int(value)
            elif name == b"connection" and value.strip().lower() == b"close":
                close = True
        await self.reader.readexactly(length)
        if close:
            self.close()
        return int(status_line.split()[1])

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


async def post_all(port: int, items: list[tuple[bytes, str]], connections: int) -> dict[int, int]:
    """POST every body once from `connections` concurrent clients as fast as they are answered."""
    queue = list(reversed(items))
    statuses: dict[int, int] = {}

    async def one():
        connection = Connection(port)
        while queue:
            body, signature = queue.pop()
            status = await connection.post(body, signature)
            statuses[status] = statuses.get(status, 0) + 1
        connection.close()

    await asyncio.gather(*(one() for _ in range(connections)))
    return statuses


async def fixed_rate(port: int, items: list[tuple[bytes, str]], rate: float) -> tuple[list[float], dict]:
    """Open loop: request i is due at start + i/rate whatever the answers; its latency counts from then."""
    free: list[Connection] = []
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    start = time.perf_counter() + 0.2

    async def send(due: float, body: bytes, signature: str):
        connection = free.pop() if free else Connection(port)
        status = await connection.post(body, signature)
        latencies.append((time.perf_counter() - due) * 1000)
        statuses[status] = statuses.get(status, 0) + 1
        free.append(connection)

    tasks = []
    for index, (body, signature) in enumerate(items):
        due = start + index / rate
        delay = due - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(send(due, body, signature)))
    await asyncio.gather(*tasks)
    for connection in free:
        connection.close()
    return latencies, statuses


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))]


def loadavg() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


# --- Phases -----------------------------------------------------------------------------------------


def throughput(stack: Stack, args: argparse.Namespace, out) -> dict:
    import resource

    from inquiries.models import WebhookEvent

    run = f"t{time.time_ns()}"
    count = int(args.seconds * args.max_rate)
    items = signed([inbound_body(n, run=run) for n in range(count)])
    first = WebhookEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    gunicorn_before = cpu_seconds(stack.gunicorn_pids())
    backends = backend_pids()
    pg_before = cpu_seconds(backends)
    client_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    load_before = loadavg()
    wrk = shutil.which("wrk")
    if wrk and not args.python_client:
        client = f"wrk -t2 -c{args.connections}"
        with tempfile.TemporaryDirectory() as tmp:
            lines = Path(tmp, "bodies.tsv")
            lines.write_bytes(b"".join(sig.encode() + b"\t" + body + b"\n" for body, sig in items))
            script = Path(tmp, "post.lua")
            script.write_text(WRK_SCRIPT.replace("%(path)s", PATH))
            started = time.perf_counter()
            result = subprocess.run(
                [
                    wrk,
                    "-t2",
                    f"-c{args.connections}",
                    f"-d{int(args.seconds)}s",
                    "--latency",
                    "-s",
                    str(script),
                    f"http://127.0.0.1:{stack.port}",
                    "--",
                    str(lines),
                    "2",
                ],
                capture_output=True,
                text=True,
                check=True,
            )
            wall = time.perf_counter() - started
        text = result.stdout
        requests = int(re.search(r"(\d+) requests in", text).group(1))
        per_second = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
        non_2xx = int((re.search(r"Non-2xx or 3xx responses: (\d+)", text) or [0, 0])[1])
        errors = re.search(r"Socket errors: .*", text)
        latency = {pct: re.search(rf"\s{pct}%\s+([\d.]+\w+)", text).group(1) for pct in ("50", "90", "99")}
        detail = f"non-2xx {non_2xx}" + (f", {errors.group(0)}" if errors else "")
    else:
        client = f"Python asyncio, {args.connections} keep-alive connections"
        started = time.perf_counter()
        statuses = run_async(post_all(stack.port, items, args.connections))
        wall = time.perf_counter() - started
        requests = sum(statuses.values())
        per_second = requests / wall
        latency = {}
        detail = f"statuses {statuses}"
    client_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    gunicorn_cpu = cpu_seconds(stack.gunicorn_pids()) - gunicorn_before
    pg_cpu = cpu_seconds(backends) - pg_before
    client_cpu = (client_after.ru_utime + client_after.ru_stime) - (
        client_before.ru_utime + client_before.ru_stime
    )
    stored = WebhookEvent.objects.filter(pk__gt=first).count()
    per_request = {
        "gunicorn": gunicorn_cpu * 1000 / max(requests, 1),
        "postgres": pg_cpu * 1000 / max(requests, 1),
        "client": client_cpu * 1000 / max(requests, 1),
    }
    capacity = 2000 / max(sum(per_request.values()), 0.001)
    out.write(
        f"1. Throughput ({client}, {args.seconds:.0f} s, gunicorn -w {args.workers} --worker-class "
        f"{args.worker_class}{f' --threads {args.threads}' if args.worker_class == 'gthread' else ''}, "
        f"load before/after {load_before} / {loadavg()}):\n"
        f"   {requests} requests in {wall:.1f} s = {per_second:.0f} acknowledged requests/s; {detail}; "
        f"distinct bodies stored {stored} of {min(requests, count)}\n"
        + (f"   latency p50 {latency['50']}, p90 {latency['90']}, p99 {latency['99']}\n" if latency else "")
        + f"   CPU ms per request: gunicorn {per_request['gunicorn']:.2f}, PostgreSQL backends "
        f"{per_request['postgres']:.2f}, client {per_request['client']:.2f} -> "
        f"{capacity:.0f} requests/s if they had both cores to themselves\n"
    )
    out.flush()
    return {"requests": requests, "per_second": per_second, "stored": stored, "cpu_ms": per_request}


def steady(stack: Stack, args: argparse.Namespace, out) -> dict:
    from inquiries.models import WebhookEvent

    run = f"r{time.time_ns()}"
    count = int(args.rate * args.rate_seconds)
    # The production mix is mostly status callbacks: 3 statuses (sent, delivered, read) per message.
    bodies = [
        status_body(n, run=run) if n % 4 else inbound_body(n, run=run, contact=f"62876{n % 50:08d}")
        for n in range(count)
    ]
    first = WebhookEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    load_before = loadavg()
    latencies, statuses = run_async(fixed_rate(stack.port, signed(bodies), args.rate))
    left = WebhookEvent.objects.filter(pk__gt=first, state=WebhookEvent.State.PENDING).count()
    waited = 0.0
    while WebhookEvent.objects.filter(
        pk__gt=first, state__in=[WebhookEvent.State.PENDING, WebhookEvent.State.PROCESSING]
    ).exists():
        time.sleep(0.5)
        waited += 0.5
        if waited > 600:
            break
    out.write(
        f"2. Fixed rate {args.rate:.0f} requests/s for {args.rate_seconds:.0f} s (open loop, one message per 3 "
        f"status callbacks, a Celery worker{f' (nice {args.worker_nice})' if args.worker_nice else ''} processing at the same time; load before/after {load_before} / "
        f"{loadavg()}):\n"
        f"   statuses {statuses}; latency p50 {percentile(latencies, 50):.1f} ms, p95 "
        f"{percentile(latencies, 95):.1f} ms, p99 {percentile(latencies, 99):.1f} ms, max {max(latencies):.1f} ms\n"
        f"   backlog when the load stopped: {left} pending; all processed {waited:.1f} s later\n"
    )
    out.flush()
    return {"p99_ms": percentile(latencies, 99), "pending_at_end": left, "statuses": statuses}


def drain(stack: Stack, args: argparse.Namespace, out) -> dict:
    from django.db.models import Max, Min

    from inquiries.models import WebhookEvent

    results = {}
    kinds = [
        ("status callbacks", lambda n, run: status_body(n, run=run)),
        (
            "messages from known contacts",
            lambda n, run: inbound_body(n, run=run, contact=f"62876{n % 50:08d}"),
        ),
        ("first messages of new contacts", lambda n, run: inbound_body(n, run=run)),
    ]
    out.write(
        f"3. Drain: {args.drain} stored events of each kind, then a Celery worker "
        f"(--concurrency {args.celery_concurrency}) processes them:\n"
    )
    for name, make in kinds:
        stack.stop_worker()
        run = f"d{time.time_ns()}"
        first = WebhookEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        run_async(post_all(stack.port, signed([make(n, run) for n in range(args.drain)]), 8))
        pending = WebhookEvent.objects.filter(pk__gt=first, state=WebhookEvent.State.PENDING)
        stored = pending.count()
        load_before = loadavg()
        stack.start_worker()
        stack.wait_worker_ready()
        worker_cpu = cpu_seconds(stack.worker_pids())
        backends_cpu = {pid: cpu_seconds([pid]) for pid in backend_pids()}
        stack.kick_drain()
        seen: dict[int, float] = {}  # backend pid -> its CPU at the last look (a closed one keeps it)
        while WebhookEvent.objects.filter(
            pk__gt=first, state__in=[WebhookEvent.State.PENDING, WebhookEvent.State.PROCESSING]
        ).exists():
            for pid in backend_pids():
                seen[pid] = max(seen.get(pid, 0.0), cpu_seconds([pid]))
            time.sleep(0.2)
        for pid in backend_pids():
            seen[pid] = max(seen.get(pid, 0.0), cpu_seconds([pid]))
        # From the first claim to the last event done: the worker's start-up is not counted.
        span = WebhookEvent.objects.filter(pk__gt=first).aggregate(
            start=Min("claimed_at"), end=Max("processed_at")
        )
        elapsed = (span["end"] - span["start"]).total_seconds()
        worker_cpu = cpu_seconds(stack.worker_pids()) - worker_cpu
        # each backend from its reading before the drain (the worker's new ones from zero)
        pg_cpu = sum(cpu - backends_cpu.get(pid, 0.0) for pid, cpu in seen.items())
        cpu_ms = (worker_cpu + pg_cpu) * 1000 / max(stored, 1)
        failed = WebhookEvent.objects.filter(pk__gt=first, state=WebhookEvent.State.FAILED).count()
        rate = stored / elapsed
        results[name] = rate
        out.write(
            f"   {name}: {stored} in {elapsed:.1f} s = {rate:.0f} events/s; failed {failed}; "
            f"CPU ms per event {cpu_ms:.1f} (worker {worker_cpu * 1000 / max(stored, 1):.1f}) -> "
            f"{2000 / max(cpu_ms, 0.001):.0f} events/s if they had both cores; "
            f"load before/after {load_before} / {loadavg()}\n"
        )
        out.flush()
    return results


def cleanup(since) -> None:
    """Delete what the benchmark stored since `since` and created (its contact numbers are marked)."""
    from django.db.models import Q

    from inquiries.models import Inquiry, Message, WebhookEvent
    from leads.models import Lead
    from outbox.models import OutboundMessage

    events = WebhookEvent.objects.filter(received_at__gte=since)
    inquiries = Inquiry.objects.filter(
        Q(contact_key__startswith="62877") | Q(contact_key__startswith="62876")
    )
    leads = Lead.objects.filter(Q(whatsapp__startswith="+62877") | Q(whatsapp__startswith="+62876"))
    OutboundMessage.objects.filter(Q(lead__in=leads) | Q(inquiry__in=inquiries)).delete()
    Message.objects.filter(inquiry__in=inquiries).delete()
    inquiries.delete()
    leads.delete()
    events.delete()


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--max-rate", type=float, default=3000, help="distinct bodies per second prepared")
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--worker-class", default="gthread", choices=["sync", "gthread"])
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument(
        "--app-dir", help="serve another checkout of the app (same database), e.g. an export of main"
    )
    parser.add_argument("--python-client", action="store_true", help="use the asyncio client even with wrk")
    parser.add_argument("--rate", type=float, default=200)
    parser.add_argument("--rate-seconds", type=float, default=20)
    parser.add_argument("--drain", type=int, default=600, help="events of each kind for the drain phase")
    parser.add_argument("--celery-concurrency", type=int, default=2)
    parser.add_argument(
        "--worker-nice", type=int, default=0, help="run the Celery worker with this nice value (e.g. 10)"
    )
    parser.add_argument("--phases", default="throughput,steady,drain")
    parser.add_argument("--keep", action="store_true", help="keep the benchmark's rows")
    parser.add_argument("--allow-sqlite", action="store_true")
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    from benchmarks.run import setup_django

    setup_django()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    if connection.vendor == "sqlite" and not args.allow_sqlite:
        print("Refusing to run on SQLite: set DATABASE_URL to a PostgreSQL database.", file=sys.stderr)
        return 2
    call_command("migrate", interactive=False, verbosity=0)
    started = timezone.now()
    out = sys.stdout
    with connection.cursor() as cursor:
        cursor.execute("SHOW fsync") if connection.vendor == "postgresql" else None
        fsync = cursor.fetchone()[0] if connection.vendor == "postgresql" else "n/a"
    out.write(
        f"Database {connection.vendor} {connection.settings_dict.get('NAME')} (fsync {fsync}), "
        f"{os.cpu_count()} CPUs, load {loadavg()}\n"
    )
    stack = Stack(args)
    phases = args.phases.split(",")
    try:
        stack.start()
        if "throughput" in phases:
            throughput(stack, args, out)
            if not args.keep:
                cleanup(started)
        if "steady" in phases:
            stack.start_worker()
            stack.wait_worker_ready()
            steady(stack, args, out)
        if "drain" in phases:
            drain(stack, args, out)
    finally:
        stack.stop()
        if not args.keep:
            cleanup(started)
    return 0


if __name__ == "__main__":
    sys.exit(main())
